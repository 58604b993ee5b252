/**
 * The schema-registry adapter: kontract's only door to a Confluent-compatible registry.
 *
 * What it does: reads subjects, versions and compatibility levels, fetches schemas by id, registers
 * schemas, asks the registry's own compatibility endpoint (`RegistryClient`); checks local contracts
 * against registered versions with kontract's engine (`checkContractsAgainstRegistry`); serves writer
 * schemas to the replay reader (`registryWriterSchemas`). Every call has a timeout, bounded retries
 * with backoff and jitter, and fails with one `RegistryError` whose message says what to do.
 *
 * What it must never do: print or embed a secret (passwords, tokens, URL userinfo), retry without
 * bound, or load the registry library on paths that do not talk to a registry.
 * @module
 */
export { mapConcurrent } from './concurrency.ts';
export {
  type CompatibilitySource,
  type CompatibilityTarget,
  type EffectiveCompatibility,
  effectiveLevel,
  type RegisteredVersion,
  RegistryClient,
  type SchemaById,
  type SchemaReference,
} from './registry-client.ts';
export {
  type CrossCheck,
  checkContractsAgainstRegistry,
  decideMode,
  type ModeDecision,
  type ModeSource,
  type RegistryCompatOptions,
  type RegistryCompatOutcome,
  type SubjectCheck,
} from './registry-compat.ts';
export {
  type RegistryConnection,
  type RegistryOptions,
  registryEnvironment,
  resolveConnection,
} from './registry-connection.ts';
export { collectSchemaIds, registryWriterSchemas, wireSchemaId } from './registry-decoder.ts';
export { RegistryError, type RegistryErrorCode, redactSecrets, redactUrl } from './registry-error.ts';
export { backoffDelay, defaultRetryPolicy, RetriesExhausted, type RetryPolicy, retrying } from './retry.ts';
export { canonicalSchema, externalDefinitions, selfContainedSchema } from './schema-document.ts';
