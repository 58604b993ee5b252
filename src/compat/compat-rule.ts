/**
 * The compat rule shape: one rule per Avro incompatibility kind, as data (id, docs, message
 * templates) plus a check that reports the incompatibilities of its kind. The id equals the file name
 * under `src/compat/rules/`.
 */
import { defineRule, type Rule } from '../report/rule.ts';
import type { Incompatibility, IncompatibilityKind } from './incompatibility.ts';

/** One finding a compat rule hands to whoever runs it (the CLI turns it into a `Diagnostic`). */
export interface CompatReport<MessageId extends string = string> {
  messageId: MessageId;
  incompatibility: Incompatibility;
}

/** What a compat rule sees: the incompatibilities of one reader/writer check. */
export interface CompatRuleContext<MessageId extends string = string> {
  readonly incompatibilities: readonly Incompatibility[];
  report(report: CompatReport<MessageId>): void;
}

/** A compat rule: the rule record of one `IncompatibilityKind`. */
export interface CompatRule<MessageId extends string = string>
  extends Rule<CompatRuleContext<MessageId>, MessageId> {
  kind: 'compat';
  /** The Avro Java incompatibility kind this rule reports. */
  incompatibilityKind: IncompatibilityKind;
}

/** `defineRule` for compat rules: keeps message ids typed; the id must equal `compat/<file name>`. */
export function defineCompatRule<MessageId extends string>(
  rule: CompatRule<MessageId>,
): CompatRule<MessageId> {
  defineRule<CompatRuleContext<MessageId>, MessageId>(rule);
  return rule;
}

/** The check every compat rule shares: report each incompatibility of `kind` with its own message id. */
export function reportKind<MessageId extends string>(
  kind: IncompatibilityKind,
): (context: CompatRuleContext<MessageId>) => void {
  return (context) => {
    for (const incompatibility of context.incompatibilities) {
      if (incompatibility.kind !== kind) continue;
      // The engine builds each incompatibility's messageId from this same rule's `messages`.
      context.report({ messageId: incompatibility.messageId as MessageId, incompatibility });
    }
  };
}
