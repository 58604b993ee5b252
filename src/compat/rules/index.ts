/**
 * The compat rule registry: one rule per Avro incompatibility kind, keyed by rule id. The CLI and
 * the README list rules from here; the engine takes each kind's message templates from here.
 */
import type { CompatRule } from '../compat-rule.ts';
import type { CompatRuleId, IncompatibilityKind } from '../incompatibility.ts';
import { fixedSizeMismatch } from './fixed-size-mismatch.ts';
import { missingEnumSymbols } from './missing-enum-symbols.ts';
import { missingUnionBranch } from './missing-union-branch.ts';
import { nameMismatch } from './name-mismatch.ts';
import { readerFieldMissingDefault } from './reader-field-missing-default.ts';
import { typeMismatch } from './type-mismatch.ts';

/** Every compat rule by id. */
export const compatRules = {
  'compat/name-mismatch': nameMismatch,
  'compat/fixed-size-mismatch': fixedSizeMismatch,
  'compat/missing-enum-symbols': missingEnumSymbols,
  'compat/reader-field-missing-default': readerFieldMissingDefault,
  'compat/type-mismatch': typeMismatch,
  'compat/missing-union-branch': missingUnionBranch,
} as const satisfies Record<CompatRuleId, CompatRule>;

/** The rule that reports each incompatibility kind. */
export const compatRuleByKind = {
  NAME_MISMATCH: nameMismatch,
  FIXED_SIZE_MISMATCH: fixedSizeMismatch,
  MISSING_ENUM_SYMBOLS: missingEnumSymbols,
  READER_FIELD_MISSING_DEFAULT_VALUE: readerFieldMissingDefault,
  TYPE_MISMATCH: typeMismatch,
  MISSING_UNION_BRANCH: missingUnionBranch,
} as const satisfies Record<IncompatibilityKind, CompatRule>;
