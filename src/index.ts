/**
 * kontract's public API: every CLI command as a library function, the pure core it is built from
 * (config, contract loading, lint) and the one Diagnostic shape with its renderers. The vitest helpers
 * live in the separate `kontract/vitest` entry.
 *
 * @example
 * ```ts
 * import { runCheck, render } from 'kontract';
 * const result = await runCheck({ cwd: process.cwd() });
 * process.stdout.write(render('pretty', result.diagnostics, result.summary, { color: false, quiet: false, tool: { name: 'kontract', version: '0' } }));
 * process.exitCode = result.exitCode;
 * ```
 */

// Code analysis (ts-morph loads only when `analyzeCode`/`analyzeSources` run).
export * from './code/index.ts';
// Commands as library functions.
export { type RunCheckOptions, runCheck } from './commands/check.ts';
export { type CodeCheckOutcome, checkCode } from './commands/code-check.ts';
export {
  type CodegenCommandOptions,
  CodegenFileError,
  type CodegenOutcome,
  type CodegenResult,
  runCodegen,
} from './commands/codegen.ts';
export {
  type DiffOptions,
  type DiffResult,
  describeEvolution,
  type EvolutionCommandOptions,
  runDiff,
} from './commands/diff.ts';
export type { EvolutionBaseSource, EvolutionSummary } from './commands/evolution.ts';
export { lintWorkspace } from './commands/lint.ts';
export {
  formatPublishTable,
  type PublishEntry,
  type PublishOptions,
  type PublishResult,
  type PublishStatus,
  runPublish,
} from './commands/publish.ts';
export { type RecordOptions, type RecordResult, runRecord } from './commands/record.ts';
export {
  type RegistryCompatCommandOptions,
  type RegistryCompatResult,
  runRegistryCompat,
} from './commands/registry-compat.ts';
export {
  defaultCommitPolicy,
  defaultMaxRecords,
  defaultReplayRuns,
  isReplayInputError,
  type ReplayCommandOptions,
  type ReplayCommandResult,
  type ReplaySettings,
  replayRuleMetas,
  replayWorkspace,
  summarizeReplay,
} from './commands/replay.ts';
export { listRules } from './commands/rules.ts';
export { runUsage, type UsageCommandOptions, type UsageResult } from './commands/usage.ts';
export type { CheckOptions, CheckResult } from './commands/workspace-run.ts';
// Schema evolution, pure: what a source of earlier versions (git, a registry) hands over, and the comparison.
export {
  type BaseContract,
  type CompareContractsInput,
  type CompareContractsResult,
  type ContractOutcome,
  compareContracts,
  type EvolutionBase,
  type SchemaVersion,
} from './compat/compare-contracts.ts';

// Config and contracts.
export {
  type CompatibilityMode,
  type ContractConfig,
  defineConfig,
  type KafkaConfig,
  type KontractConfig,
  type RegistryConfig,
  type ReplayConfig,
  type RuleConfig,
  type RuleSetting,
  type SubjectNameStrategy,
  type Waiver,
} from './contracts/config-types.ts';
export { defaultConfig, parseConfig } from './contracts/load-config.ts';
export { loadContracts } from './contracts/load-contracts.ts';
export type { Contract, ContractSet, ContractSettings, SourceFile } from './contracts/model.ts';

// Kafka and the schema registry: the errors their commands throw (messages safe to print, never a
// secret), replay straight from a topic, and registry-backed decoding of wire-format values. The
// Kafka client and the registry library load only when a client is made.
export { type KafkaLog, type KafkaLogOptions, recordTemporaryLog } from './kafka/kafka-log.ts';
export { KafkaSourceError } from './kafka/kafka-source.ts';
export { RangeSyntaxError } from './kafka/record-range.ts';
export { RecordError, type RecordSummary } from './kafka/record-topic.ts';
// Lint.
export { defineLintRule, type LintContext, type LintRule } from './lint/lint-rule.ts';
export { lintRuleIds, lintRules } from './lint/rules/index.ts';
export { runLint } from './lint/run-lint.ts';
export { RegistryClient } from './registry/registry-client.ts';
export type { RegistryOptions } from './registry/registry-connection.ts';
export { collectSchemaIds, registryWriterSchemas } from './registry/registry-decoder.ts';
export { RegistryError, type RegistryErrorCode } from './registry/registry-error.ts';
export { registryRules } from './registry/registry-rules.ts';

// The replay harness: readers, runner, properties and its report formats.
export * from './replay/index.ts';

// Findings and reports.
export {
  compareDiagnostics,
  type Diagnostic,
  fingerprintOf,
  isAtLeast,
  type RelatedLocation,
  type Severity,
  type SourceLocation,
} from './report/diagnostic.ts';
export { formatGithub } from './report/format-github.ts';
export { formatJson, jsonReportVersion } from './report/format-json.ts';
export { formatPretty } from './report/format-pretty.ts';
export { formatRuleList, type RuleListFormat } from './report/format-rules.ts';
export {
  type FailOn,
  type FormatName,
  type FormatOptions,
  type Formatter,
  formatNames,
  formatters,
  isInputError,
  type RunSummary,
  render,
  summarize,
  type ToolInfo,
} from './report/render.ts';
export type { Rule, RuleDocs, RuleKind, RuleMeta } from './report/rule.ts';
export { applyWaivers } from './report/waivers.ts';
