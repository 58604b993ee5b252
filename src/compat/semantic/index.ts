/**
 * The semantic rules: changes that Avro schema resolution (and so the schema registry) accepts but
 * that still break consumers. One rule per file; this registry is the one list the comparison runs
 * and `kontract rules` prints.
 */
import { enumSymbolRemoved } from './enum-symbol-removed.ts';
import { keyFieldChanged } from './key-field-changed.ts';
import { logicalTypeChanged } from './logical-type-changed.ts';
import { renameWithoutAlias } from './rename-without-alias.ts';
import type { SemanticRule } from './semantic-rule.ts';
import { versionNotBumped } from './version-not-bumped.ts';

/** A semantic rule with its message ids and options erased, as the registry holds them. */
// biome-ignore lint/suspicious/noExplicitAny: each rule's options type differs; the runner merges them from the config.
export type RegisteredSemanticRule = SemanticRule<string, any>;

/** Every semantic rule by id. */
export const semanticRules = {
  'compat/semantic-enum-symbol-removed': enumSymbolRemoved,
  'compat/semantic-key-field-changed': keyFieldChanged,
  'compat/semantic-logical-type-changed': logicalTypeChanged,
  'compat/semantic-rename-without-alias': renameWithoutAlias,
  'compat/semantic-version-not-bumped': versionNotBumped,
} as const satisfies Record<string, RegisteredSemanticRule>;

/** A semantic rule id. */
export type SemanticRuleId = keyof typeof semanticRules;

/** The semantic rule ids, sorted. */
export const semanticRuleIds = Object.keys(semanticRules).sort() as SemanticRuleId[];

export { type RenameCandidate, renameCandidates } from './rename-without-alias.ts';
export type { SemanticContext, SemanticReport, SemanticRule, SemanticSettings } from './semantic-rule.ts';
