/**
 * The lint rule shape: `defineLintRule({ id, defaultSeverity, docs, messages, defaultOptions, check })`.
 * A rule reads one contract and reports findings by JSON pointer; the engine turns pointers into
 * exact file positions, applies severities from the config and the waivers.
 */
import type { Contract, ContractSet } from '../contracts/model.ts';
import type { Rule } from '../report/rule.ts';

export interface LintReport<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number | boolean>;
  /** JSON pointer of the offending value inside the contract's schema. */
  pointer: string;
  /** Point at the property key (e.g. the field's `"name"` member) rather than at the value. */
  atKey?: boolean;
  /** Dotted field path, for waivers and messages. */
  fieldPath?: string;
  help?: string;
}

export interface LintContext<MessageId extends string = string, Options = Record<string, unknown>> {
  contract: Contract;
  /** All loaded contracts, for rules that follow references across files. */
  contracts: ContractSet;
  /** The rule's options: `defaultOptions` overlaid with the config's options. */
  options: Readonly<Options>;
  report(report: LintReport<MessageId>): void;
}

export interface LintRule<MessageId extends string = string, Options = Record<string, unknown>>
  extends Rule<LintContext<MessageId, Options>, MessageId> {
  kind: 'lint';
  defaultOptions: Options;
  /**
   * Rule-specific checks on the merged options beyond their JSON types (allowed values, valid
   * regular expressions). Returns one problem per bad option; empty when the options are usable.
   */
  validateOptions?(options: Readonly<Options>): LintOptionProblem[];
}

/** One unusable rule option: which option, and why, in one sentence. */
export interface LintOptionProblem {
  option: string;
  message: string;
}

/** Identity helper that keeps message ids and options typed; the id must equal the file name. */
export function defineLintRule<MessageId extends string, Options extends object>(
  rule: LintRule<MessageId, Options>,
): LintRule<MessageId, Options> {
  return rule;
}
