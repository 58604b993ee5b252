/**
 * What the compatibility engine finds: one record per incompatibility, with the kind Avro Java
 * reports, where it is in the reader and the writer schema, and the names a message needs.
 */

/** The incompatibility kinds of Avro Java's `SchemaCompatibility.SchemaIncompatibilityType`. */
export type IncompatibilityKind =
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'MISSING_ENUM_SYMBOLS'
  | 'READER_FIELD_MISSING_DEFAULT_VALUE'
  | 'TYPE_MISMATCH'
  | 'MISSING_UNION_BRANCH';

/** Every kind, in Avro Java's declaration order. */
export const INCOMPATIBILITY_KINDS: readonly IncompatibilityKind[] = [
  'NAME_MISMATCH',
  'FIXED_SIZE_MISMATCH',
  'MISSING_ENUM_SYMBOLS',
  'READER_FIELD_MISSING_DEFAULT_VALUE',
  'TYPE_MISMATCH',
  'MISSING_UNION_BRANCH',
];

/** The rule id of each kind, as the CLI, the config and the README name them. */
export const RULE_ID_BY_KIND = {
  NAME_MISMATCH: 'compat/name-mismatch',
  FIXED_SIZE_MISMATCH: 'compat/fixed-size-mismatch',
  MISSING_ENUM_SYMBOLS: 'compat/missing-enum-symbols',
  READER_FIELD_MISSING_DEFAULT_VALUE: 'compat/reader-field-missing-default',
  TYPE_MISMATCH: 'compat/type-mismatch',
  MISSING_UNION_BRANCH: 'compat/missing-union-branch',
} as const satisfies Record<IncompatibilityKind, string>;

/** A compat rule id. */
export type CompatRuleId = (typeof RULE_ID_BY_KIND)[IncompatibilityKind];

/** Template values of an incompatibility's message (and of its rule's help text). */
export type IncompatibilityData = Record<string, string | number | boolean>;

/** One reason why data written with the writer schema cannot (always) be read with the reader schema. */
export interface Incompatibility {
  kind: IncompatibilityKind;
  ruleId: CompatRuleId;
  /** Key of the message template in the rule's `messages`. */
  messageId: string;
  /** One sentence naming the field/type concerned. */
  message: string;
  /**
   * JSON pointer where the walk found the problem in the reader schema (`''` is the root), e.g.
   * `/fields/1/type/symbols`. A path through a named-type reference continues inside the referenced
   * type, as Avro Java's locations do; a position map falls back to the reference itself.
   */
  readerPointer: string;
  /** The matching place in the writer schema (the writer record, for a reader field the writer lacks). */
  writerPointer: string;
  /**
   * Exactly what Avro Java's `Incompatibility.getLocation()` reports for this finding. It equals
   * `readerPointer` except where Avro Java's own bookkeeping makes it differ (see `src/compat/README.md`):
   * it counts writer-union branch indexes, restarts at `/` below union branch trials, and repeats the
   * first location when a memoised pair is met again.
   */
  location: string;
  /** Dotted path of the innermost reader field concerned (`customer.address.street`), for waivers. */
  fieldPath?: string;
  /** Names and values the message was built from (`field`, `record`, `readerType`, `symbols`...). */
  data: IncompatibilityData;
}
