/**
 * The replay catalog: what the harness needs to know about contracts to read a log — today's avsc
 * type of each event type, the topic it is written to, the field that names its business entity,
 * the field that carries its version — and where writer schemas of wire-format values come from.
 * Pure: built from already loaded contracts; writer schemas come through a pluggable lookup (local
 * files mapped by a sidecar today, the schema registry later).
 */
import type { Type } from 'avsc';
import type { Contract } from '../contracts/model.ts';

/** One event type as the harness sees it. */
export interface ReplayContract {
  /** Full name of the record, e.g. `com.acme.accounts.MoneyDeposited`. */
  fullName: string;
  /** Today's type: every value is read with it. */
  type: Type;
  /** Project-relative path of the `.avsc` file, for messages. */
  file?: string;
  /** Topic the event is written to; a contract without a topic is matched by full name only. */
  topic?: string;
  /** Dotted path of the field naming the business entity (`orderId`): the field the record key should carry. */
  keyField?: string;
  /** Name of the field carrying the event's schema version. */
  versionField: string;
  /**
   * Today's schema version of the event type. The highest version seen in a log counts as today's
   * when this is not given.
   */
  currentVersion?: number;
}

/** A writer schema found for a Confluent schema id. */
export interface WriterSchema {
  type: Type;
  /** The schema version this id stands for, when known (the registry's version, or the sidecar's). */
  version?: number;
}

/**
 * Finds the writer schema of a Confluent wire-format value by its schema id. Sidecar files and
 * config mappings implement it now; the schema registry adapter implements it later (prefetching
 * ids so that lookups stay synchronous on the hot path).
 */
export interface WriterSchemaLookup {
  writerSchema(schemaId: number): WriterSchema | undefined;
  /** Where ids are mapped, for messages (`fixtures/logs/demo.schemas.json`). */
  describe(): string;
}

/** Contracts by full name and by topic, plus the writer-schema lookup for wire-format values. */
export interface ReplayCatalog {
  byFullName: ReadonlyMap<string, ReplayContract>;
  byTopic: ReadonlyMap<string, readonly ReplayContract[]>;
  writerSchemas?: WriterSchemaLookup;
}

/** Builds a catalog from replay contracts; contracts without a topic are reachable by full name only. */
export function createCatalog(
  contracts: readonly ReplayContract[],
  writerSchemas?: WriterSchemaLookup,
): ReplayCatalog {
  const byFullName = new Map<string, ReplayContract>();
  const byTopic = new Map<string, ReplayContract[]>();
  for (const contract of contracts) {
    byFullName.set(contract.fullName, contract);
    if (contract.topic === undefined) continue;
    const list = byTopic.get(contract.topic) ?? [];
    list.push(contract);
    byTopic.set(contract.topic, list);
  }
  return writerSchemas ? { byFullName, byTopic, writerSchemas } : { byFullName, byTopic };
}

/**
 * Adapts contracts loaded by `loadContracts` (src/contracts) to the catalog: topic, key field and
 * version field come from each contract's settings; today's version is the default of the version
 * field when the schema gives one.
 */
export function catalogFromContracts(
  contracts: readonly Contract[],
  writerSchemas?: WriterSchemaLookup,
): ReplayCatalog {
  return createCatalog(
    contracts.map((contract) => {
      const replay: ReplayContract = {
        fullName: contract.fullName,
        type: contract.type,
        file: contract.file,
        versionField: contract.settings.versionField,
      };
      if (contract.settings.topic !== undefined) replay.topic = contract.settings.topic;
      if (contract.settings.keyField !== undefined) replay.keyField = contract.settings.keyField;
      const current = versionDefault(contract.schema, contract.settings.versionField);
      if (current !== undefined) replay.currentVersion = current;
      return replay;
    }),
    writerSchemas,
  );
}

/** The numeric `default` of a top-level field in a record schema, if any. */
export function versionDefault(schema: unknown, field: string): number | undefined {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const fields = (schema as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return undefined;
  for (const candidate of fields) {
    if (candidate && typeof candidate === 'object' && (candidate as { name?: unknown }).name === field) {
      const value = (candidate as { default?: unknown }).default;
      return typeof value === 'number' ? value : undefined;
    }
  }
  return undefined;
}

/** Reads a dotted field path (`customer.id`) out of a decoded value; undefined when absent. */
export function readFieldPath(value: unknown, path: string): unknown {
  if (!path.includes('.')) {
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[path] : undefined;
  }
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
