/**
 * `kontract rules` as a library function: the catalogue of every rule kontract can report, for help
 * texts, docs and the README's rule table.
 */
import { evolutionRules } from '../compat/evolution/index.ts';
import { compatRules } from '../compat/rules/index.ts';
import { consumerReadsRemovedField } from '../compat/semantic/consumer-reads-removed-field.ts';
import { semanticRuleIds, semanticRules } from '../compat/semantic/index.ts';
import { lintRuleIds, lintRules, type RegisteredLintRule } from '../lint/rules/index.ts';
import { registryRules } from '../registry/registry-rules.ts';
import { replayRuleIds } from '../replay/rule-ids.ts';
import type { RuleMeta } from '../report/rule.ts';
import { codeCheckRules } from './code-check.ts';

/**
 * Metadata of every rule (lint, code, compat: Avro, semantic and lifecycle; what publish and the
 * registry cross-check report; replay joins as it lands), sorted by id.
 */
export function listRules(): RuleMeta[] {
  const lint = lintRuleIds.map((id): RegisteredLintRule => lintRules[id]);
  const compat: RuleMeta[] = [
    ...Object.values(compatRules),
    ...semanticRuleIds.map((id) => semanticRules[id]),
    ...Object.values(evolutionRules),
    consumerReadsRemovedField,
  ];
  const rules: RuleMeta[] = [...lint, ...codeCheckRules, ...compat, ...registryRules].map(
    ({ id, kind, defaultSeverity, docs, messages }) => ({
      id,
      kind,
      defaultSeverity,
      docs,
      messages,
    }),
  );
  return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Every rule of every capability, replay included, sorted by id: for `kontract rules`, the README and
 * SARIF. Async because the replay rules live with the harness, which only this and `replay` load.
 */
export async function listAllRules(): Promise<RuleMeta[]> {
  const { replayRules } = await import('../replay/replay-rules.ts');
  const replay: RuleMeta[] = Object.values(replayRules).map(
    ({ id, kind, defaultSeverity, docs, messages }) => ({
      id,
      kind,
      defaultSeverity,
      docs,
      messages,
    }),
  );
  return [...listRules(), ...replay].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Every rule id kontract knows, whichever command runs: the config may configure and waive rules of
 * capabilities the current command does not run, and must not be told they do not exist.
 */
export function knownRuleIds(): string[] {
  return [...listRules().map((rule) => rule.id), ...replayRuleIds];
}
