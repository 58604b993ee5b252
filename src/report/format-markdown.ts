/**
 * Markdown, for a pull-request comment or a GitHub job summary: the verdict as a heading, one table
 * of counts per capability, then the findings grouped by capability in collapsible `<details>`
 * (open when the group has errors), each with its place (a link when the caller can make one), its
 * rule, fix advice, previous and related places. Waived findings get their own collapsed group.
 *
 * Short on purpose: GitHub caps a comment at 65,536 characters, so the listing stops within a budget
 * and says how many findings it left out. Message text is escaped so that nothing in a finding can
 * turn into markup (a link, an HTML tag, emphasis), while the code spans messages use are kept. Pure.
 */
import type { Diagnostic, Severity, SourceLocation } from './diagnostic.ts';
import { formatPosition } from './format-pretty.ts';
import { countOf, summaryIcon, summaryText, summaryTone } from './format-summary.ts';
import type { FormatOptions, RunSummary } from './render.ts';

/** The capabilities a report groups findings by, in the order they are shown. */
export const capabilities = [
  { id: 'lint', title: 'Contract lint' },
  { id: 'compat', title: 'Schema evolution' },
  { id: 'code', title: 'Code analysis' },
  { id: 'replay', title: 'Replay' },
  { id: 'input', title: 'Config and input' },
] as const;

/** A capability's id: which part of kontract produced a finding. */
export type CapabilityId = (typeof capabilities)[number]['id'];

/** Which capability a rule id belongs to, by its prefix (`contract/` → lint, `config/` → input). */
export function capabilityOf(ruleId: string): CapabilityId {
  const prefix = ruleId.slice(0, ruleId.indexOf('/'));
  switch (prefix) {
    case 'contract':
      return 'lint';
    case 'compat':
    case 'code':
    case 'replay':
      return prefix;
    default:
      return 'input';
  }
}

/** Findings per severity (unwaived) and waived, for one capability. */
export interface CapabilityCounts {
  capability: CapabilityId;
  title: string;
  errors: number;
  warnings: number;
  infos: number;
  waived: number;
}

/** Counts findings per capability, in {@link capabilities} order, leaving out capabilities without any. */
export function countByCapability(diagnostics: readonly Diagnostic[]): CapabilityCounts[] {
  const counts = new Map<CapabilityId, CapabilityCounts>(
    capabilities.map(({ id, title }) => [
      id,
      { capability: id, title, errors: 0, warnings: 0, infos: 0, waived: 0 },
    ]),
  );
  for (const diagnostic of diagnostics) {
    const entry = counts.get(capabilityOf(diagnostic.ruleId));
    if (!entry) continue;
    if (diagnostic.waived) entry.waived++;
    else if (diagnostic.severity === 'error') entry.errors++;
    else if (diagnostic.severity === 'warning') entry.warnings++;
    else entry.infos++;
  }
  return [...counts.values()].filter((c) => c.errors + c.warnings + c.infos + c.waived > 0);
}

/** Characters that would start markup outside a code span. */
const markdownSpecial = /[\\*_[\]<>|~&]/g;

/**
 * Escapes text for Markdown outside code spans, keeping complete code spans (`` `amount` ``) as they
 * are: a backtick without a partner is escaped too. Line breaks become `<br>`.
 */
export function escapeMarkdown(text: string): string {
  let out = '';
  let rest = text;
  while (rest.length > 0) {
    const open = /`+/.exec(rest);
    if (!open) {
      out += escapePlain(rest);
      break;
    }
    out += escapePlain(rest.slice(0, open.index));
    const fence = open[0];
    const afterOpen = rest.slice(open.index + fence.length);
    const close = findClosingFence(afterOpen, fence.length);
    if (close === -1) {
      out += '\\`'.repeat(fence.length);
      rest = afterOpen;
      continue;
    }
    // A code span cannot hold a line break in a list item without ending it: keep it on one line.
    out += fence + afterOpen.slice(0, close).replace(/\r?\n/g, ' ') + fence;
    rest = afterOpen.slice(close + fence.length);
  }
  return out;
}

function escapePlain(text: string): string {
  return text.replace(markdownSpecial, '\\$&').replace(/\r?\n/g, '<br>');
}

/** Index of a run of exactly `length` backticks in `text`, or -1. */
function findClosingFence(text: string, length: number): number {
  const runs = /`+/g;
  for (let match = runs.exec(text); match !== null; match = runs.exec(text)) {
    if (match[0].length === length) return match.index;
  }
  return -1;
}

/** A code span around arbitrary text (file paths may contain backticks). */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each end of a span that starts and ends with one (and is not all
  // spaces): a backtick at either end needs the padding, and so does text that is already padded.
  const padded = text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '';
  const pad = text.startsWith('`') || text.endsWith('`') || padded ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

/** A place as a code span, linked when the caller can link it. */
export function markdownPlace(
  location: SourceLocation,
  linkTo: FormatOptions['linkTo'],
  version: 'current' | 'previous' = 'current',
): string {
  const text = codeSpan(formatPosition(location));
  const url = linkTo?.(location, version);
  return url === undefined ? text : `[${text}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

const severityIcon: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ' };

function findingItem(diagnostic: Diagnostic, linkTo: FormatOptions['linkTo']): string {
  const place = diagnostic.location ? `${markdownPlace(diagnostic.location, linkTo)} ` : '';
  const lines = [
    `- ${severityIcon[diagnostic.severity]} **${diagnostic.severity}** ${place}${escapeMarkdown(diagnostic.message)} ${codeSpan(diagnostic.ruleId)}`,
  ];
  if (diagnostic.waived) {
    const { reason, ticket, expires } = diagnostic.waived;
    const extras = [ticket, expires ? `expires ${expires}` : undefined].filter((x) => x !== undefined);
    lines.push(
      `  - waived: ${escapeMarkdown(reason)}${extras.length > 0 ? ` (${escapeMarkdown(extras.join(', '))})` : ''}`,
    );
  }
  if (diagnostic.help) lines.push(`  - help: ${escapeMarkdown(diagnostic.help)}`);
  if (diagnostic.previousLocation) {
    lines.push(`  - previously: ${markdownPlace(diagnostic.previousLocation, linkTo, 'previous')}`);
  }
  for (const related of diagnostic.related ?? []) {
    lines.push(`  - related: ${markdownPlace(related, linkTo)} ${escapeMarkdown(related.message)}`);
  }
  return lines.join('\n');
}

/** Characters of findings listed before the rest are only counted: well under GitHub's 65,536 per comment. */
export const markdownFindingsBudget = 50_000;

function countsPhrase(counts: CapabilityCounts): string {
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(countOf(counts.errors, 'error'));
  if (counts.warnings > 0) parts.push(countOf(counts.warnings, 'warning'));
  if (counts.infos > 0) parts.push(countOf(counts.infos, 'info'));
  return parts.join(', ');
}

/** The heading, the counts table and the grouped findings. */
export function formatMarkdown(
  diagnostics: readonly Diagnostic[],
  summary: RunSummary,
  options: FormatOptions,
): string {
  const tone = summaryTone(summary);
  const out: string[] = [
    `### ${summaryIcon(tone)} ${escapeMarkdown(options.tool.name)}: ${summaryText(summary)}`,
  ];
  const counted = countByCapability(diagnostics);
  if (counted.length === 0) return `${out.join('\n')}\n`;

  if (options.quiet)
    out.push('', 'Only unwaived errors are listed (`--quiet`); the heading counts everything.');
  out.push('', '| check | errors | warnings | infos | waived |', '|---|--:|--:|--:|--:|');
  for (const row of counted) {
    out.push(`| ${row.title} | ${row.errors} | ${row.warnings} | ${row.infos} | ${row.waived} |`);
  }

  let budget = markdownFindingsBudget;
  let omitted = 0;
  const list = (findings: readonly Diagnostic[]): string[] => {
    const items: string[] = [];
    for (const finding of findings) {
      const item = findingItem(finding, options.linkTo);
      if (item.length > budget) {
        omitted++;
        continue;
      }
      budget -= item.length;
      items.push(item);
    }
    return items;
  };
  const group = (title: string, open: boolean, findings: readonly Diagnostic[]) => {
    const items = list(findings);
    if (items.length === 0) return;
    out.push(
      '',
      `<details${open ? ' open' : ''}>`,
      `<summary>${title}</summary>`,
      '',
      ...items,
      '',
      '</details>',
    );
  };

  for (const row of counted) {
    const findings = diagnostics.filter((d) => !d.waived && capabilityOf(d.ruleId) === row.capability);
    if (findings.length === 0) continue;
    group(`<strong>${row.title}</strong>: ${countsPhrase(row)}`, row.errors > 0, findings);
  }
  const waived = diagnostics.filter((d) => d.waived);
  if (waived.length > 0) group(`Waived: ${waived.length}`, false, waived);
  if (omitted > 0) {
    out.push(
      '',
      `…and ${omitted} more ${omitted === 1 ? 'finding' : 'findings'} not listed here: see the full report.`,
    );
  }
  return `${out.join('\n')}\n`;
}
