/**
 * The semantic rule shape: `defineSemanticRule({ id, defaultSeverity, docs, messages, defaultOptions,
 * check })`. A semantic rule compares one contract's candidate version with an earlier one and
 * reports changes that Avro schema resolution accepts but that still break consumers (a logical type
 * that changes a value's meaning, a new record key, a change without a version bump). It reports by
 * JSON pointer into the candidate; the comparison turns pointers into exact positions, applies the
 * config's severities and names the earlier version in the message (`{against}`). Pure.
 */
import type { CompatibilityMode } from '../../contracts/config-types.ts';
import type { Rule } from '../../report/rule.ts';
import type { CompatDirection } from '../modes.ts';
import type { RecordPair, SchemaSides, TypePair } from './schema-pairs.ts';

/** One finding of a semantic rule. */
export interface SemanticReport<MessageId extends string> {
  messageId: MessageId;
  /** Template values; `{against}` (how the earlier version is named) is filled in by the runner. */
  data?: Record<string, string | number | boolean>;
  /** JSON pointer of the change in the candidate schema. */
  pointer: string;
  /** JSON pointer of the same place in the earlier version. */
  previousPointer?: string;
  /** Dotted field path, for waivers. */
  fieldPath?: string;
  /** Concrete fix advice; the rule's `docs.help` when absent. */
  help?: string;
}

/** The contract settings a semantic rule may need, now and (when known) at the earlier version. */
export interface SemanticSettings {
  /** The record key's dotted field path, when the config declares one. */
  keyField?: string;
  /** The key field at the earlier version (from the config as it was then), when known. */
  previousKeyField?: string;
  /** Name of the field that carries the event's schema version. */
  versionField: string;
}

/** What a semantic rule sees: both versions, walked once into corresponding pairs. */
export interface SemanticContext<MessageId extends string = string, Options = Record<string, unknown>> {
  /** Full name of the contract compared. */
  contract: string;
  sides: SchemaSides;
  /** Every pair of corresponding places, root first (see `walkPairs`). */
  types: readonly TypePair[];
  /** Every pair of corresponding records, root first. */
  records: readonly RecordPair[];
  /** The contract's compatibility mode. */
  mode: CompatibilityMode;
  /** Directions Avro resolution checks under `mode` (none for NONE). */
  avroDirections: readonly CompatDirection[];
  /**
   * Directions whose consumers the semantic rules protect: the mode's, or both under NONE (the
   * registry then accepts anything, but the meaning of the data still matters to consumers).
   */
  directions: readonly CompatDirection[];
  settings: SemanticSettings;
  /** How messages name the earlier version (`contracts/x.avsc at a1b2c3d`); also filled in for `{against}`. */
  against: string;
  options: Readonly<Options>;
  report(report: SemanticReport<MessageId>): void;
}

/** A semantic rule: a compat rule record with options and a check over two versions. */
export interface SemanticRule<
  MessageId extends string = string,
  Options extends object = Record<string, unknown>,
> extends Rule<SemanticContext<MessageId, Options>, MessageId> {
  kind: 'compat';
  defaultOptions: Options;
  /** Rule-specific checks of the merged options; one sentence per unusable option. */
  validateOptions?(options: Readonly<Options>): { option: string; message: string }[];
}

/** Identity helper that keeps message ids and options typed; the id must equal `compat/<file name>`. */
export function defineSemanticRule<MessageId extends string, Options extends object>(
  rule: SemanticRule<MessageId, Options>,
): SemanticRule<MessageId, Options> {
  return rule;
}

/** `a`, `a` and `b`, `a`, `b` and `c`: symbols or names in backticks, for messages. */
export function listInProse(items: readonly string[]): string {
  const quoted = items.map((item) => `\`${item}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
