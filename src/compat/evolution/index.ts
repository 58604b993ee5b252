/**
 * The evolution rules that are not about one schema change: contracts added and removed, checks that
 * could not run, earlier versions read leniently or skipped, and Avro's own refusals. The comparison
 * reports them; `kontract rules` lists them. Also the catalogue of the input errors an evolution check
 * reports under `workspace/` (exit 2), like the loader's.
 */
import type { RuleMeta } from '../../report/rule.ts';
import { ambiguousFieldAlias } from './ambiguous-field-alias.ts';
import { baseInvalidDefault } from './base-invalid-default.ts';
import { contractAdded } from './contract-added.ts';
import { contractRemoved } from './contract-removed.ts';
import { historyVersionSkipped } from './history-version-skipped.ts';
import { notChecked } from './not-checked.ts';

/** Every evolution rule by id. */
export const evolutionRules = {
  'compat/ambiguous-field-alias': ambiguousFieldAlias,
  'compat/base-invalid-default': baseInvalidDefault,
  'compat/contract-added': contractAdded,
  'compat/contract-removed': contractRemoved,
  'compat/history-version-skipped': historyVersionSkipped,
  'compat/not-checked': notChecked,
} as const satisfies Record<string, RuleMeta>;

/** An evolution rule id. */
export type EvolutionRuleId = keyof typeof evolutionRules;

/**
 * Input errors of an evolution check: the check could not run (fully), which is never a pass. Their
 * ids are under `workspace/`, so they exit 2 like every other input error.
 */
export const evolutionInputRules = {
  'workspace/git-history':
    'The base could not be read from git: not a repository, a missing ref, a shallow clone, unrelated histories (the message names the `git fetch` that fixes it).',
  'workspace/base-unparseable':
    'The version of a contract at the base does not parse as Avro, so the contract could not be compared with it.',
} as const satisfies Record<string, string>;

/** An evolution input error id. */
export type EvolutionInputRuleId = keyof typeof evolutionInputRules;

export {
  ambiguousFieldAlias,
  baseInvalidDefault,
  contractAdded,
  contractRemoved,
  historyVersionSkipped,
  notChecked,
};
