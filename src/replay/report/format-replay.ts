/**
 * Renderers of a replay result: pretty text for terminals, JUnit XML for CI test reports, and a
 * self-contained Markdown or HTML report with a per-partition timeline of each failing schedule.
 * Pure functions of `ReplayResult`.
 */
import type { Diagnostic } from '../../report/diagnostic.ts';
import { formatSnapshotDiff } from '../engine/snapshot.ts';
import type { ReplayFailure, ReplayResult } from '../run-replay.ts';
import { formatCommitPolicy } from '../schedule/plan.ts';
import { escapeXml, renderTimelineSvg } from './timeline-svg.ts';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function shortType(eventType: string): string {
  return eventType.slice(eventType.lastIndexOf('.') + 1);
}

function involvedLines(failure: ReplayFailure): string[] {
  return failure.involved.map(
    (record) =>
      `${record.topic}/${record.partition}@${record.offset} ${shortType(record.eventType)} key=${record.key ?? 'null'} (${record.source.file}:${record.source.line}): ${record.happened.join('; ')}`,
  );
}

/** Findings that are not property failures (log input, consumer health). */
function otherFindings(result: ReplayResult): Diagnostic[] {
  const failed = new Set(result.failures.map((f) => f.ruleId));
  return result.diagnostics.filter((d) => !failed.has(d.ruleId) || !d.ruleId.startsWith('replay/'));
}

function where(diagnostic: Diagnostic): string {
  return diagnostic.location ? `${diagnostic.location.file}:${diagnostic.location.line}: ` : '';
}

/** Plain text for a terminal: summary per consumer, then each failure with its schedule, diff and reproduce line. */
export function formatReplayPretty(result: ReplayResult): string {
  const lines: string[] = [];
  lines.push(
    `kontract replay — seed ${result.seed}, commit ${formatCommitPolicy(result.commitPolicy)}, ${plural(result.runs, 'property run')}`,
  );
  for (const consumer of result.consumers) {
    lines.push('');
    lines.push(`${consumer.consumer} (${consumer.records} records)`);
    for (const property of consumer.properties) {
      const mark = property.status === 'passed' ? 'ok  ' : property.status === 'failed' ? 'FAIL' : 'skip';
      const detail =
        property.status === 'skipped'
          ? (property.reason ?? '')
          : `${plural(property.runs, 'run')}${property.reason ? `, ${property.reason}` : ''}`;
      lines.push(`  ${mark} ${property.id.padEnd(24)} ${detail}`);
    }
  }
  for (const failure of result.failures) {
    lines.push('');
    lines.push(`✗ ${failure.ruleId} — ${failure.message}`);
    if (failure.cause) lines.push(`  cause: ${failure.cause}`);
    lines.push(
      `  minimal schedule (${plural(failure.timeline.length, 'step')}, after ${plural(failure.runsUntilFailure, 'run')} and ${plural(failure.shrinks, 'shrink')}):`,
    );
    for (const line of involvedLines(failure)) lines.push(`    ${line}`);
    if (failure.diff.length > 0) {
      lines.push('  expected vs actual snapshot:');
      for (const line of formatSnapshotDiff(failure.diff)) lines.push(`    ${line}`);
    }
    lines.push(`  reproduce: ${failure.reproduce}`);
  }
  const others = otherFindings(result);
  if (others.length > 0) {
    lines.push('');
    for (const diagnostic of others)
      lines.push(`${where(diagnostic)}${diagnostic.severity} ${diagnostic.ruleId}: ${diagnostic.message}`);
  }
  lines.push('');
  const failed = result.consumers.flatMap((c) => c.properties).filter((p) => p.status === 'failed').length;
  lines.push(
    failed === 0 && others.length === 0
      ? 'No replay finding.'
      : `${failed} property failure(s), ${others.length} other finding(s).`,
  );
  return `${lines.join('\n')}\n`;
}

/** JUnit XML: a suite per consumer, a test case per property (failure with the details, or skipped with the reason). */
export function formatReplayJunit(result: ReplayResult): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = result.consumers.flatMap((c) => c.properties);
  const others = otherFindings(result);
  out.push(
    `<testsuites name="kontract replay" tests="${all.length + others.length}" failures="${all.filter((p) => p.status === 'failed').length + others.length}">`,
  );
  for (const consumer of result.consumers) {
    const failures = consumer.properties.filter((p) => p.status === 'failed').length;
    const skipped = consumer.properties.filter((p) => p.status === 'skipped').length;
    out.push(
      `  <testsuite name="${escapeXml(consumer.consumer)}" tests="${consumer.properties.length}" failures="${failures}" skipped="${skipped}" time="${(consumer.properties.reduce((t, p) => t + p.durationMs, 0) / 1000).toFixed(3)}">`,
    );
    for (const property of consumer.properties) {
      out.push(
        `    <testcase classname="${escapeXml(consumer.consumer)}" name="${escapeXml(property.id)}" time="${(property.durationMs / 1000).toFixed(3)}">`,
      );
      if (property.status === 'skipped')
        out.push(`      <skipped message="${escapeXml(property.reason ?? '')}"/>`);
      if (property.status === 'failed') {
        const failure = result.failures.find(
          (f) => f.consumer === consumer.consumer && f.ruleId === property.id,
        );
        const body = failure
          ? [
              failure.message,
              ...(failure.cause ? [`cause: ${failure.cause}`] : []),
              'records involved:',
              ...involvedLines(failure).map((l) => `  ${l}`),
              ...(failure.diff.length > 0
                ? ['expected vs actual snapshot:', ...formatSnapshotDiff(failure.diff).map((l) => `  ${l}`)]
                : []),
              `reproduce: ${failure.reproduce}`,
            ].join('\n')
          : property.id;
        out.push(
          `      <failure type="${escapeXml(property.id)}" message="${escapeXml(failure?.message ?? property.id)}">${escapeXml(body)}</failure>`,
        );
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  if (others.length > 0) {
    out.push(
      `  <testsuite name="recorded logs and consumers" tests="${others.length}" failures="${others.length}">`,
    );
    for (const diagnostic of others) {
      out.push(
        `    <testcase classname="${escapeXml(diagnostic.location?.file ?? 'replay')}" name="${escapeXml(`${diagnostic.ruleId} ${where(diagnostic)}`.trim())}">`,
      );
      out.push(
        `      <failure type="${escapeXml(diagnostic.ruleId)}" message="${escapeXml(diagnostic.message)}"/>`,
      );
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown with an inline SVG timeline per failure (GitHub renders `<img>` of data URIs; the SVG is embedded as one). */
export function formatReplayMarkdown(result: ReplayResult): string {
  const out: string[] = [];
  out.push('# kontract replay report');
  out.push('');
  out.push(
    `Seed \`${result.seed}\` · commit policy \`${formatCommitPolicy(result.commitPolicy)}\` · ${result.runs} runs`,
  );
  out.push('');
  out.push('| consumer | property | result | runs |');
  out.push('|---|---|---|---|');
  for (const consumer of result.consumers) {
    for (const property of consumer.properties) {
      const status =
        property.status === 'passed'
          ? '✅ passed'
          : property.status === 'failed'
            ? '❌ failed'
            : `⏭ skipped: ${property.reason ?? ''}`;
      out.push(
        `| ${markdownCell(consumer.consumer)} | \`${property.id}\` | ${markdownCell(status)} | ${property.runs} |`,
      );
    }
  }
  for (const failure of result.failures) {
    out.push('');
    out.push(`## ❌ \`${failure.ruleId}\` in \`${failure.consumer}\``);
    out.push('');
    out.push(failure.message);
    if (failure.cause) {
      out.push('');
      out.push(`**Cause:** ${failure.cause}`);
    }
    out.push('');
    out.push(
      `Minimal schedule: ${failure.timeline.length} steps (found after ${failure.runsUntilFailure} runs, ${failure.shrinks} shrinks).`,
    );
    out.push('');
    out.push('| record | event | key | log line | what happened |');
    out.push('|---|---|---|---|---|');
    for (const record of failure.involved) {
      out.push(
        `| ${record.topic}/${record.partition}@${record.offset} | ${shortType(record.eventType)} | ${markdownCell(record.key ?? 'null')} | ${markdownCell(`${record.source.file}:${record.source.line}`)} | ${markdownCell(record.happened.join('; '))} |`,
      );
    }
    out.push('');
    const svg = renderTimelineSvg(failure.timeline, { title: `${failure.ruleId} — ${failure.consumer}` });
    out.push(
      `<img alt="per-partition timeline of the failing schedule" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"/>`,
    );
    if (failure.diff.length > 0) {
      out.push('');
      out.push('Expected (reference run) vs actual snapshot:');
      out.push('');
      out.push('```diff');
      for (const line of formatSnapshotDiff(failure.diff)) out.push(`! ${line}`);
      out.push('```');
    }
    out.push('');
    out.push('Reproduce:');
    out.push('');
    out.push('```sh');
    out.push(failure.reproduce);
    out.push('```');
  }
  const others = otherFindings(result);
  if (others.length > 0) {
    out.push('');
    out.push('## Other findings');
    out.push('');
    for (const diagnostic of others)
      out.push(
        `- **${diagnostic.severity}** \`${diagnostic.ruleId}\` ${markdownCell(where(diagnostic))}${markdownCell(diagnostic.message)}`,
      );
  }
  return `${out.join('\n')}\n`;
}

/** A self-contained HTML page: the Markdown report's content with inline SVG timelines and no external resource. */
export function formatReplayHtml(result: ReplayResult): string {
  const out: string[] = [];
  out.push('<!doctype html>');
  out.push('<html lang="en"><head><meta charset="utf-8"><title>kontract replay report</title>');
  out.push(
    '<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:1200px;color:#222}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}code,pre{font-family:ui-monospace,Menlo,monospace}pre{background:#f6f6f6;padding:8px;overflow:auto}.failed{color:#b00020}.passed{color:#1b7f3b}.skipped{color:#777}.timeline{overflow-x:auto;border:1px solid #eee;padding:4px}</style>',
  );
  out.push('</head><body>');
  out.push('<h1>kontract replay report</h1>');
  out.push(
    `<p>Seed <code>${result.seed}</code> · commit policy <code>${escapeXml(formatCommitPolicy(result.commitPolicy))}</code> · ${result.runs} runs</p>`,
  );
  out.push(
    '<table><thead><tr><th>consumer</th><th>property</th><th>result</th><th>runs</th></tr></thead><tbody>',
  );
  for (const consumer of result.consumers) {
    for (const property of consumer.properties) {
      out.push(
        `<tr><td>${escapeXml(consumer.consumer)}</td><td><code>${escapeXml(property.id)}</code></td><td class="${property.status}">${property.status}${property.reason ? `: ${escapeXml(property.reason)}` : ''}</td><td>${property.runs}</td></tr>`,
      );
    }
  }
  out.push('</tbody></table>');
  for (const failure of result.failures) {
    out.push(
      `<h2 class="failed"><code>${escapeXml(failure.ruleId)}</code> in <code>${escapeXml(failure.consumer)}</code></h2>`,
    );
    out.push(`<p>${escapeXml(failure.message)}</p>`);
    if (failure.cause) out.push(`<p><strong>Cause:</strong> ${escapeXml(failure.cause)}</p>`);
    out.push(
      `<p>Minimal schedule: ${failure.timeline.length} steps (found after ${failure.runsUntilFailure} runs, ${failure.shrinks} shrinks).</p>`,
    );
    out.push(
      '<table><thead><tr><th>record</th><th>event</th><th>key</th><th>log line</th><th>what happened</th></tr></thead><tbody>',
    );
    for (const record of failure.involved) {
      out.push(
        `<tr><td>${escapeXml(`${record.topic}/${record.partition}@${record.offset}`)}</td><td>${escapeXml(shortType(record.eventType))}</td><td>${escapeXml(record.key ?? 'null')}</td><td>${escapeXml(`${record.source.file}:${record.source.line}`)}</td><td>${escapeXml(record.happened.join('; '))}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
    out.push(
      `<div class="timeline">${renderTimelineSvg(failure.timeline, { title: `${failure.ruleId} — ${failure.consumer}` })}</div>`,
    );
    if (failure.diff.length > 0) {
      out.push('<p>Expected (reference run) vs actual snapshot:</p>');
      out.push(`<pre>${escapeXml(formatSnapshotDiff(failure.diff).join('\n'))}</pre>`);
    }
    out.push(`<p>Reproduce:</p><pre>${escapeXml(failure.reproduce)}</pre>`);
  }
  const others = otherFindings(result);
  if (others.length > 0) {
    out.push('<h2>Other findings</h2><ul>');
    for (const diagnostic of others) {
      out.push(
        `<li><strong>${diagnostic.severity}</strong> <code>${escapeXml(diagnostic.ruleId)}</code> ${escapeXml(where(diagnostic))}${escapeXml(diagnostic.message)}</li>`,
      );
    }
    out.push('</ul>');
  }
  out.push('</body></html>');
  return `${out.join('\n')}\n`;
}
