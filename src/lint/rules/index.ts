/**
 * The registry of contract lint rules: every rule of `src/lint/rules/` exactly once, keyed by its
 * id (`contract/<file name>`). The engine, the config validator, the docs and the meta-tests all
 * read this one object.
 */
import type { LintRule } from '../lint-rule.ts';
import dbColumnLeaked from './db-column-leaked.ts';
import docRequired from './doc-required.ts';
import enumDefault from './enum-default.ts';
import eventIdField from './event-id-field.ts';
import eventNamePastTense from './event-name-past-tense.ts';
import keyField from './key-field.ts';
import moneyFloatingPoint from './money-floating-point.ts';
import namingStyle from './naming-style.ts';
import occurrenceTimeField from './occurrence-time-field.ts';
import optionalFieldCanonical from './optional-field-canonical.ts';
import stateDumpSmell from './state-dump-smell.ts';
import versionField from './version-field.ts';

/** A lint rule as the engine sees it: message ids and options erased to their general shapes. */
export type RegisteredLintRule = LintRule<string, Record<string, unknown>>;

/** Every contract lint rule, by id. */
export const lintRules = {
  'contract/db-column-leaked': dbColumnLeaked,
  'contract/doc-required': docRequired,
  'contract/enum-default': enumDefault,
  'contract/event-id-field': eventIdField,
  'contract/event-name-past-tense': eventNamePastTense,
  'contract/key-field': keyField,
  'contract/money-floating-point': moneyFloatingPoint,
  'contract/naming-style': namingStyle,
  'contract/occurrence-time-field': occurrenceTimeField,
  'contract/optional-field-canonical': optionalFieldCanonical,
  'contract/state-dump-smell': stateDumpSmell,
  'contract/version-field': versionField,
} satisfies Record<string, RegisteredLintRule>;

/** The id of a registered lint rule. */
export type LintRuleId = keyof typeof lintRules;

/** Every lint rule id, sorted. */
export const lintRuleIds: readonly LintRuleId[] = (Object.keys(lintRules) as LintRuleId[]).sort();
