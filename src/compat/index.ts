/**
 * Capability 2, schema evolution: Avro schema resolution (reader against writer) that agrees with
 * Apache Avro Java 1.12's `SchemaCompatibility` — the code the Confluent Schema Registry runs — on the
 * verdict, the incompatibility kinds and their locations; the registry's compatibility modes; and the
 * compat rule records the CLI reports findings under.
 *
 * Pure: data in, incompatibilities out. This module never reads files, spawns processes, touches the
 * network or looks at `process`; adapters hand it schema JSON (and the JSON of named types defined in
 * other files). Where the Avro specification and Avro Java disagree, it follows Avro Java and says so
 * in `src/compat/README.md`.
 */
export type { CompatReport, CompatRule, CompatRuleContext } from './compat-rule.ts';
export { defineCompatRule } from './compat-rule.ts';
export type { AvroTypeName, CompatField, CompatNode, CompatSchema } from './compat-schema.ts';
export { CompatSchemaError, describeNode, toCompatSchema } from './compat-schema.ts';
export type {
  CompatRuleId,
  Incompatibility,
  IncompatibilityData,
  IncompatibilityKind,
} from './incompatibility.ts';
export { INCOMPATIBILITY_KINDS, RULE_ID_BY_KIND } from './incompatibility.ts';
export type { CompatDirection, ModeFinding } from './modes.ts';
export { checkMode, MODE_RULES } from './modes.ts';
export { AmbiguousFieldError, canRead, checkReaderWriter } from './resolve-compatibility.ts';
export { compatRuleByKind, compatRules } from './rules/index.ts';
