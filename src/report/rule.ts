/**
 * The rule record shared by all capabilities: a rule is data (id, kind, default severity, docs,
 * message templates) plus a check function. The id equals the rule's file name.
 */
import type { Severity } from './diagnostic.ts';

/** What capability a rule belongs to; `registry` covers what `publish` and the registry cross-check report. */
export type RuleKind = 'lint' | 'compat' | 'code' | 'replay' | 'registry';

export interface RuleDocs {
  /** One line: what the rule enforces. Shown in `--help`, SARIF and the README. */
  description: string;
  /** Why the rule exists, in a sentence or two. */
  rationale: string;
  /** Default fix advice, used as `help` when a report gives none. */
  help?: string;
}

export interface RuleMeta<MessageId extends string = string> {
  id: string;
  kind: RuleKind;
  defaultSeverity: Severity;
  docs: RuleDocs;
  messages: Record<MessageId, string>;
}

/** A rule whose `check` receives a capability-specific context. */
export interface Rule<Context, MessageId extends string = string> extends RuleMeta<MessageId> {
  check(context: Context): void;
}

/** Identity helper that keeps the literal message ids typed. */
export function defineRule<Context, MessageId extends string>(
  rule: Rule<Context, MessageId>,
): Rule<Context, MessageId> {
  return rule;
}
