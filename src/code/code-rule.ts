/**
 * The code rule shape: a rule record (`defineRule`, kind `code`) whose check reads the facts the
 * analysis extracted from the project (send sites) and reports findings with exact source
 * locations. Rules never touch ts-morph: extraction is the engine's job, judgement the rules'.
 */
import type { ContractSet } from '../contracts/model.ts';
import type { RelatedLocation, SourceLocation } from '../report/diagnostic.ts';
import type { Rule } from '../report/rule.ts';
import type { SendSite } from './facts.ts';
import type { SchemaIndex } from './schema-types.ts';

/** One finding as a rule reports it; the engine adds severity, message text and fingerprint. */
export interface CodeReport<MessageId extends string> {
  messageId: MessageId;
  data: Record<string, string | number | boolean>;
  location: SourceLocation;
  related?: RelatedLocation[];
  /** Full name of the contract concerned, when the finding is about one. */
  contract?: string;
  /** Dotted contract field path, when the finding is about one field. */
  fieldPath?: string;
  help?: string;
}

/** What a code rule sees: every send the analysis found and the contracts. */
export interface CodeRuleContext<MessageId extends string = string> {
  sends: readonly SendSite[];
  contracts: ContractSet;
  schemas: SchemaIndex;
  /** Property names that carry the event type inside a payload (`eventType`, `type`). */
  discriminators: readonly string[];
  report(report: CodeReport<MessageId>): void;
}

/** A code rule: a `Rule` (of kind `code`) over a `CodeRuleContext`. */
export type CodeRule<MessageId extends string = string> = Rule<CodeRuleContext<MessageId>, MessageId>;
