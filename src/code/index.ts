/**
 * Capability 3, code analysis. Producers: sends to Kafka with no or a constant key, payloads that
 * are persistence entities or disagree with their contract, topics that cannot be resolved.
 * Consumers: which fields of which contract each handler reads (the usage map compat uses to say
 * "this removed field is still read there"). Codegen: TypeScript types from the contracts, and the
 * drift check of the committed copy.
 *
 * What it must never do: load ts-morph or TypeScript at import time (only `analyzeCode` and
 * `analyzeSources` do, dynamically), guess a topic, or crash on code that does not type-check.
 */
export type { AnalyzeCodeOptions, AnalyzeSourcesOptions, CodeAnalysisResult } from './analyze-code.ts';
export { analyzeCode, analyzeSources } from './analyze-code.ts';
export type { CodeReport, CodeRule, CodeRuleContext } from './code-rule.ts';
export type { ArgumentPath, CodeAnalysisConfig, WrapperConfig } from './config.ts';
export type * from './facts.ts';
export type { CodegenOptions } from './generate-types.ts';
export { generatedHeader, generateTypes } from './generate-types.ts';
export { checkTypesDrift, codeRules, defaultDiscriminators, runSendRules } from './run-code-rules.ts';
export type { ConsumerUsage, FieldReader, FieldReads, RawConsumer, RawRead, UsageMap } from './usage.ts';
export { buildUsageMap, formatUsage, mergeUsage, readersOf } from './usage.ts';
