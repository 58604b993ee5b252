/**
 * The job summary the Action writes (`core.summary`): the Markdown report (verdict, a table of
 * counts per capability, findings grouped and linked to their lines), what the run compared
 * against, notices about skipped steps, and for schema-evolution findings the base → pull request
 * excerpt of the schema around the change. Pure: the caller reads the files and writes the summary.
 */
import type { Diagnostic } from '../report/diagnostic.ts';
import { codeSpan, escapeMarkdown, formatMarkdown, markdownPlace } from '../report/format-markdown.ts';
import type { FormatOptions, RunSummary } from '../report/render.ts';

/** Lines of a file around a place, numbered from `startLine`. */
export interface Excerpt {
  file: string;
  startLine: number;
  lines: string[];
}

/** The base and the pull request's version of the schema around one schema-evolution finding. */
export interface SchemaChange {
  diagnostic: Diagnostic;
  /** Label of the base commit (`abc1234`). */
  baseLabel: string;
  base?: Excerpt;
  head?: Excerpt;
}

/** Schema excerpts shown at most, so that a large change keeps the summary readable. */
export const maxSchemaChanges = 20;

/** The lines `context` above and below `line` (1-based) of `text`, or the whole start of a file for line 0. */
export function excerptOf(file: string, text: string, line: number, endLine = line, context = 3): Excerpt {
  const all = text.split(/\r?\n/);
  const first = Math.max(1, line - context);
  const last = Math.min(all.length, Math.max(line, endLine) + context);
  return { file, startLine: first, lines: all.slice(first - 1, last) };
}

function fenced(excerpt: Excerpt): string {
  const body = excerpt.lines
    .map((text, index) => `${String(excerpt.startLine + index).padStart(4)}  ${text}`)
    .join('\n');
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}json\n${body}\n${fence}`;
}

function schemaChangeBlock(change: SchemaChange, linkTo: FormatOptions['linkTo']): string {
  const { diagnostic } = change;
  const where = diagnostic.location ? ` ${markdownPlace(diagnostic.location, linkTo)}` : '';
  const parts = [
    '<details>',
    `<summary>${codeSpan(diagnostic.ruleId)} ${escapeMarkdown(diagnostic.message)}</summary>`,
    '',
  ];
  if (change.base) {
    parts.push(
      `Base (${codeSpan(change.baseLabel)}), ${codeSpan(change.base.file)}:`,
      '',
      fenced(change.base),
      '',
    );
  } else {
    parts.push(`Base (${codeSpan(change.baseLabel)}): not shown.`, '');
  }
  if (change.head) {
    parts.push(`This pull request${where}:`, '', fenced(change.head), '');
  } else {
    parts.push('This pull request: the file is gone.', '');
  }
  parts.push('</details>');
  return parts.join('\n');
}

/** What the summary is made of. */
export interface JobSummaryInput {
  /** `kontract check`, `kontract lint`, ... */
  title: string;
  diagnostics: readonly Diagnostic[];
  summary: RunSummary;
  options: FormatOptions;
  /** One phrase: what the run compared against, when it compared. */
  comparedAgainst?: string;
  /** Steps skipped and why (a fork pull request without registry secrets). */
  notices: readonly string[];
  schemaChanges: readonly SchemaChange[];
}

/** The job summary of a run that produced a report. */
export function renderJobSummary(input: JobSummaryInput): string {
  const out = [`## ${escapeMarkdown(input.title)}`, ''];
  out.push(formatMarkdown(input.diagnostics, input.summary, input.options).trimEnd());
  const facts: string[] = [];
  if (input.comparedAgainst) facts.push(`Compared against: ${escapeMarkdown(input.comparedAgainst)}.`);
  for (const notice of input.notices) facts.push(`Note: ${escapeMarkdown(notice)}`);
  if (facts.length > 0) out.push('', ...facts.map((fact) => `- ${fact}`));
  if (input.schemaChanges.length > 0) {
    out.push('', '### Schema changes (base → this pull request)', '');
    const shown = input.schemaChanges.slice(0, maxSchemaChanges);
    out.push(shown.map((change) => schemaChangeBlock(change, input.options.linkTo)).join('\n\n'));
    const rest = input.schemaChanges.length - shown.length;
    if (rest > 0)
      out.push('', `…and ${rest} more schema ${rest === 1 ? 'change' : 'changes'}: see the findings above.`);
  }
  return `${out.join('\n')}\n`;
}

/** The job summary of a run that could not produce a report: why, and what fixes it. */
export function renderFailureSummary(title: string, reason: string, hint?: string): string {
  const out = [`## ${escapeMarkdown(title)}`, '', `### ✖ Could not run: ${escapeMarkdown(reason)}`];
  if (hint) out.push('', `**How to fix:** ${escapeMarkdown(hint)}`);
  out.push('', 'No findings were reported because nothing was checked: this is not a clean result.');
  return `${out.join('\n')}\n`;
}
