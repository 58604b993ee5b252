/**
 * Capability 1, contract lint: rules that read one loaded contract at a time and report findings by
 * JSON pointer; the engine (`runLint`) turns them into located, fingerprinted diagnostics with the
 * config's severities and options. Waivers are applied afterwards, for every capability alike
 * (`src/report/waivers.ts`).
 *
 * Must never: touch the file system, the network or `process` (it is pure: contracts and config in,
 * diagnostics out); re-parse schemas (the loader parsed them once; rules share one index per
 * contract, `schema-index.ts`); let one rule's exception end the run (`internal/rule-crashed`).
 */
export type { LintContext, LintOptionProblem, LintReport, LintRule } from './lint-rule.ts';
export { defineLintRule } from './lint-rule.ts';
export {
  type ConfiguredLintRule,
  configureLintRules,
  enabledLintRuleIds,
  isLintRuleId,
  validateRuleOptions,
} from './rule-options.ts';
export { type LintRuleId, lintRuleIds, lintRules, type RegisteredLintRule } from './rules/index.ts';
export { ruleCrashedId, runLint } from './run-lint.ts';
export { eventRecordOf, schemaIndexOf } from './schema-index.ts';
