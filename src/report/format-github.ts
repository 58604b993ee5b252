/**
 * The GitHub Actions format: one workflow command per finding
 * (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<ruleId>::<message>`), which the runner
 * turns into an annotation on the exact line of the pull request, then the verdict as a plain log line.
 * Escaping follows `@actions/core` (`command.ts`): in the message `%`, CR and LF are percent-encoded;
 * in property values also `:` and `,`, which would otherwise end the value. Pure.
 */
import type { Diagnostic, Severity } from './diagnostic.ts';
import { formatPosition } from './format-pretty.ts';
import { summaryIcon, summaryText, summaryTone } from './format-summary.ts';
import type { FormatOptions, RunSummary } from './render.ts';

/** GitHub has no `info` annotation; `notice` is its equivalent. */
const commandOf: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

/** Escapes the message part of a workflow command (after the second `::`). */
export function escapeCommandData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a property value of a workflow command (`key=value` before the message). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** One workflow command for one finding. */
export function githubCommand(diagnostic: Diagnostic): string {
  const properties: [string, string | number | undefined][] = [];
  const location = diagnostic.location;
  if (location) {
    properties.push(['file', location.file]);
    if (location.line > 0) {
      properties.push(['line', location.line], ['col', location.column]);
      properties.push(['endLine', location.endLine], ['endColumn', location.endColumn]);
    }
  }
  properties.push(['title', diagnostic.ruleId]);
  const propertyText = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
    .join(',');

  const lines = [diagnostic.message];
  if (diagnostic.help) lines.push('', `help: ${diagnostic.help}`);
  if (diagnostic.previousLocation) lines.push(`previously: ${formatPosition(diagnostic.previousLocation)}`);
  for (const related of diagnostic.related ?? []) {
    lines.push(`related: ${formatPosition(related)}  ${related.message}`);
  }
  return `::${commandOf[diagnostic.severity]} ${propertyText}::${escapeCommandData(lines.join('\n'))}`;
}

/** Errors first: GitHub shows only the first 10 annotations of each kind per step and 50 per job. */
const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Renders annotations for unwaived findings (a waived finding is an accepted risk: it belongs in the
 * report, not on the pull request), errors before warnings before notices, then the verdict.
 */
export function formatGithub(
  diagnostics: readonly Diagnostic[],
  summary: RunSummary,
  _options: FormatOptions,
): string {
  const annotated = diagnostics.filter((d) => !d.waived);
  // Array.prototype.sort is stable: within a severity, the report's file order is kept.
  annotated.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
  const lines = annotated.map(githubCommand);
  lines.push(`${summaryIcon(summaryTone(summary))} ${summaryText(summary)}`);
  return `${lines.join('\n')}\n`;
}
