/**
 * The per-partition timeline of a failing schedule as a self-contained SVG: one row per partition,
 * one column per step in delivery order; each box is a record (offset and event type), coloured by
 * what happened to it; a red bar marks a crash. Pure string building, escaped for XML.
 */
import type { TimelineStep } from '../properties/property-rule.ts';

/** Escapes text for XML/HTML content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

const colours: Record<string, string> = {
  delivered: '#d9e7f5',
  started: '#d9e7f5',
  completed: '#c9dfc4',
  redelivered: '#f9c97c',
  duplicate: '#d3b8f0',
  replayed: '#a8dcd5',
  io: '#eeeeee',
  commit: '#eeeeee',
  'crashed inside': '#f4a3a3',
  threw: '#f4a3a3',
};

function colourOf(what: string): string {
  if (what.endsWith(', threw')) return colours.threw!;
  return colours[what] ?? '#eeeeee';
}

/** Renders the timeline (at most `maxSteps` steps; the rest is summarised in a caption). */
export function renderTimelineSvg(
  steps: readonly TimelineStep[],
  options: { maxSteps?: number; title?: string } = {},
): string {
  const maxSteps = options.maxSteps ?? 120;
  const shown = steps.slice(0, maxSteps);
  const rows = [...new Set(shown.map((s) => `${s.topic}/${s.partition}`))].sort();
  const labelWidth = 110;
  const cell = 64;
  const rowHeight = 34;
  const top = 28;
  const width = Math.max(620, labelWidth + Math.max(1, shown.length) * cell + 10);
  const height = top + rows.length * rowHeight + 48;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, Menlo, monospace" font-size="10" role="img" aria-label="${escapeXml(options.title ?? 'delivery timeline')}">`,
  );
  out.push(`<title>${escapeXml(options.title ?? 'delivery timeline')}</title>`);
  out.push(`<text x="4" y="16" font-size="11" font-weight="bold">step →</text>`);
  rows.forEach((row, r) => {
    const y = top + r * rowHeight;
    out.push(`<text x="4" y="${y + 20}" font-size="11">${escapeXml(row)}</text>`);
    out.push(
      `<line x1="${labelWidth - 4}" y1="${y + rowHeight - 2}" x2="${width - 4}" y2="${y + rowHeight - 2}" stroke="#dddddd"/>`,
    );
  });
  shown.forEach((step, i) => {
    const r = rows.indexOf(`${step.topic}/${step.partition}`);
    const x = labelWidth + i * cell;
    const y = top + r * rowHeight;
    const type = step.eventType.slice(step.eventType.lastIndexOf('.') + 1);
    const tip = `${step.topic}/${step.partition}@${step.offset} ${type} key=${step.key ?? 'null'}: ${step.what}${step.note ? ` (${step.note})` : ''}`;
    out.push(
      `<g><title>${escapeXml(tip)}</title><rect x="${x + 2}" y="${y + 3}" width="${cell - 4}" height="${rowHeight - 8}" rx="4" fill="${colourOf(step.what)}" stroke="${step.note?.includes('out of log order') ? '#1f77b4' : '#888888'}" stroke-width="${step.note?.includes('out of log order') ? 2.5 : 1}"/>`,
    );
    out.push(`<text x="${x + 6}" y="${y + 15}">@${escapeXml(step.offset)}</text>`);
    out.push(
      `<text x="${x + 6}" y="${y + 26}">${escapeXml(type.length > 9 ? `${type.slice(0, 8)}…` : type)}</text></g>`,
    );
    if (step.note?.includes('crash')) {
      out.push(
        `<line x1="${x + cell - 1}" y1="${top - 4}" x2="${x + cell - 1}" y2="${top + rows.length * rowHeight}" stroke="#d62728" stroke-width="3"/>`,
      );
    }
  });
  const legendY = top + rows.length * rowHeight + 18;
  let lx = 4;
  for (const [what, colour] of [
    ['delivered', colours.delivered],
    ['redelivered', colours.redelivered],
    ['duplicate', colours.duplicate],
    ['replayed', colours.replayed],
    ['crashed / threw', colours.threw],
  ] as const) {
    out.push(`<rect x="${lx}" y="${legendY - 9}" width="12" height="12" fill="${colour}" stroke="#888888"/>`);
    out.push(`<text x="${lx + 16}" y="${legendY + 1}">${what}</text>`);
    lx += 24 + what.length * 6.5;
  }
  out.push(
    `<line x1="${lx}" y1="${legendY - 9}" x2="${lx}" y2="${legendY + 3}" stroke="#d62728" stroke-width="3"/>`,
  );
  out.push(`<text x="${lx + 6}" y="${legendY + 1}">crash</text>`);
  if (steps.length > shown.length) {
    out.push(`<text x="4" y="${legendY + 20}">… and ${steps.length - shown.length} more steps</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
