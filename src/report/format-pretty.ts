/**
 * The human format: findings grouped by file, one line each (`file:line:col  severity  message  ruleId`,
 * clickable in terminals and editors), fix advice and related places indented below, waived findings
 * dimmed with their reason, and a one-line verdict. Pure; colour only when the caller asks for it.
 */
import { styleText } from 'node:util';
import type { Diagnostic, Severity, SourceLocation } from './diagnostic.ts';
import { summaryIcon, summaryText, summaryTone } from './format-summary.ts';
import type { FormatOptions, RunSummary } from './render.ts';

type Style = Parameters<typeof styleText>[0];

/** Label for findings that concern the whole run rather than a file (e.g. an empty selection). */
const noFileLabel = '(no file)';

const severityStyle: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** Widest severity word, so messages line up. */
const severityWidth = 'warning'.length;

/** `file:line:col`, or only the file when the position is unknown. */
export function formatPosition(location: SourceLocation): string {
  return location.line > 0 ? `${location.file}:${location.line}:${location.column}` : location.file;
}

function describeWaiver(waived: NonNullable<Diagnostic['waived']>): string {
  const extras = [waived.ticket, waived.expires ? `expires ${waived.expires}` : undefined].filter(
    (part): part is string => part !== undefined,
  );
  return extras.length > 0 ? `${waived.reason}; ${extras.join(', ')}` : waived.reason;
}

/** Renders findings for a person reading a terminal or a CI log. */
export function formatPretty(
  diagnostics: readonly Diagnostic[],
  summary: RunSummary,
  options: FormatOptions,
): string {
  // styleText with validateStream: false only formats; the caller already decided about the stream.
  const paint = (style: Style, text: string): string =>
    options.color ? styleText(style, text, { validateStream: false }) : text;

  const groups = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const file = diagnostic.location?.file ?? noFileLabel;
    const group = groups.get(file);
    if (group) group.push(diagnostic);
    else groups.set(file, [diagnostic]);
  }

  const out: string[] = [];
  for (const group of groups.values()) {
    const positions = group.map((d) => (d.location ? formatPosition(d.location) : noFileLabel));
    const positionWidth = Math.max(...positions.map((p) => p.length));
    const indent = ' '.repeat(positionWidth + 2 + severityWidth + 2);
    group.forEach((diagnostic, index) => {
      const position = (positions[index] ?? '').padEnd(positionWidth);
      const severity = diagnostic.severity.padEnd(severityWidth);
      const message = diagnostic.message.replaceAll('\n', `\n${indent}`);
      if (diagnostic.waived) {
        const line = `${position}  ${severity}  ${message}  ${diagnostic.ruleId}  (waived: ${describeWaiver(diagnostic.waived)})`;
        out.push(paint('dim', line));
        return;
      }
      out.push(
        `${paint('bold', position)}  ${paint(severityStyle[diagnostic.severity], severity)}  ${message}  ${paint('gray', diagnostic.ruleId)}`,
      );
      if (diagnostic.help) out.push(`${indent}${paint('dim', `help: ${diagnostic.help}`)}`);
      if (diagnostic.previousLocation) {
        out.push(`${indent}${paint('dim', `previously: ${formatPosition(diagnostic.previousLocation)}`)}`);
      }
      for (const related of diagnostic.related ?? []) {
        out.push(`${indent}${paint('dim', `related: ${formatPosition(related)}  ${related.message}`)}`);
      }
    });
    out.push('');
  }

  const tone = summaryTone(summary);
  const toneStyle: Style = tone === 'failed' ? 'red' : tone === 'passed-with-findings' ? 'yellow' : 'green';
  out.push(paint(toneStyle, `${summaryIcon(tone)} ${summaryText(summary)}`));
  return `${out.join('\n')}\n`;
}
