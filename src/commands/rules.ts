/**
 * `kontract rules` as a library function: the catalogue of every rule kontract can report, for help
 * texts, docs and the README's rule table.
 */
import type { RuleMeta } from '../report/rule.ts';
import { allLintRules } from './lint.ts';

/** Metadata of every rule (lint today; compat, code and replay rules join as they land), sorted by id. */
export function listRules(): RuleMeta[] {
  const rules: RuleMeta[] = allLintRules().map(({ id, kind, defaultSeverity, docs, messages }) => ({
    id,
    kind,
    defaultSeverity,
    docs,
    messages,
  }));
  return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
