/**
 * Renders the rule catalogue (`kontract rules`): every rule's id, kind, default severity and one-line
 * description, as aligned text, JSON, or the Markdown table the README's rule list is checked against.
 * Pure.
 */
import type { RuleMeta } from './rule.ts';

/** Formats `kontract rules` can print. */
export const ruleListFormats = ['pretty', 'json', 'markdown'] as const;

/** A format of the rule catalogue. */
export type RuleListFormat = (typeof ruleListFormats)[number];

/** The catalogue entry of one rule: only the stable, documented parts of its metadata. */
export interface RuleListEntry {
  id: string;
  kind: RuleMeta['kind'];
  defaultSeverity: RuleMeta['defaultSeverity'];
  description: string;
}

/** Orders rules by id and keeps the parts the catalogue shows. */
export function toRuleList(rules: readonly RuleMeta[]): RuleListEntry[] {
  return rules
    .map((rule) => ({
      id: rule.id,
      kind: rule.kind,
      defaultSeverity: rule.defaultSeverity,
      description: rule.docs.description,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Escapes text for a Markdown table cell: pipes and line breaks would split the cell. */
export function escapeTableCell(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
}

/** Renders the catalogue in one of {@link ruleListFormats}. */
export function formatRuleList(rules: readonly RuleMeta[], format: RuleListFormat): string {
  const entries = toRuleList(rules);
  if (format === 'json') return `${JSON.stringify({ version: 1, rules: entries }, null, 2)}\n`;
  if (format === 'markdown') {
    const rows = entries.map(
      (rule) =>
        `| \`${rule.id}\` | ${rule.kind} | ${rule.defaultSeverity} | ${escapeTableCell(rule.description)} |`,
    );
    return `${['| Rule | Kind | Default | Description |', '|---|---|---|---|', ...rows].join('\n')}\n`;
  }
  const idWidth = Math.max(0, ...entries.map((rule) => rule.id.length));
  const lines = entries.map(
    (rule) =>
      `${rule.id.padEnd(idWidth)}  ${rule.defaultSeverity.padEnd('warning'.length)}  ${rule.description}`,
  );
  lines.push('', `${entries.length} ${entries.length === 1 ? 'rule' : 'rules'}`);
  return `${lines.join('\n')}\n`;
}
