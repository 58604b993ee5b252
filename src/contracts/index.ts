/**
 * Contracts: reading `.avsc` files and `kontract.config.json` into a {@link ContractSet} that the
 * lint, compat, code and replay capabilities share.
 *
 * What it does: strict JSON with a source position for every JSON pointer; Avro validation with the
 * exact position of each problem; named types linked across files in dependency order; per-contract
 * settings from the config. What it must never do: touch the file system, the network or `process`
 * (adapters in `src/workspace` hand it bytes), or throw on bad input (bad input is a `Diagnostic`).
 */

export type { PrimitiveTypeName } from './avro-names.ts';
export {
  fullNameOf,
  isPrimitiveTypeName,
  isValidFullName,
  isValidSimpleName,
  namespaceOf,
  primitiveTypeNames,
  referenceCandidates,
  shortNameOf,
} from './avro-names.ts';
export { closestMatch, levenshtein } from './closest-match.ts';
export { configJsonSchema } from './config-shape.ts';
export type {
  CompatibilityMode,
  ConfigSource,
  ContractConfig,
  KontractConfig,
  RuleConfig,
  RuleSetting,
  SubjectNameStrategy,
  Waiver,
} from './config-types.ts';
export { defineConfig } from './config-types.ts';
export { decodeSourceText } from './decode-source.ts';
export {
  appendPointer,
  escapePointerToken,
  maxJsonDepth,
  parseJsonDocument,
  parsePointer,
} from './json-positions.ts';
export { defaultConfig, parseConfig } from './load-config.ts';
export { loadContracts } from './load-contracts.ts';
export type { LoaderRuleId } from './load-diagnostics.ts';
export { loaderRules } from './load-diagnostics.ts';
export type {
  BrokenContractFile,
  Contract,
  ContractSet,
  ContractSettings,
  Json,
  PositionMap,
  SourceFile,
} from './model.ts';
export { resolveSettings, subjectFor } from './resolve-settings.ts';
export type {
  ArrayNode,
  EnumNode,
  FieldNode,
  FixedNode,
  InvalidNode,
  JsonObject,
  MapNode,
  NamedTypeNode,
  PrimitiveNode,
  RecordNode,
  ReferenceNode,
  SchemaPlace,
  SchemaVisitor,
  UnionNode,
  VisitResult,
  WalkOptions,
} from './walk-schema.ts';
export { isJsonObject, walkSchema } from './walk-schema.ts';
