/**
 * The consumer usage map: for every consumer, which fields of which contract its handler reads,
 * and where. Raw reads (access paths with the narrowing in force) are attributed to contracts here,
 * purely: narrowing by event type first, then the type name the checker saw, then the contracts on
 * the consumer's topics. `formatUsage` renders the map for `kontract usage`. Pure.
 */
import { shortNameOf } from '../contracts/avro-names.ts';
import type { SourceLocation } from '../report/diagnostic.ts';
import { namesContract } from './contract-for-message.ts';
import type { ContractView, SchemaIndex } from './schema-types.ts';
import { declaresField, trimToFieldPath } from './schema-types.ts';

/** One read of the event by a handler, before attribution. */
export interface RawRead {
  /** Property names from the event root (`['amount', 'currency']`); array items are transparent. */
  path: string[];
  location: SourceLocation;
  /** Event-type names (full or short) the code is narrowed to at the read. */
  narrowedTo?: string[];
  /** The TypeScript type name of the event at the read, when the checker knows one. */
  typeName?: string;
}

/** One consumer as found in code, before attribution. */
export interface RawConsumer {
  name: string;
  /** `defineConsumer`, `kafkajs`, or `kafkajs (recognised by name)` when its type was unavailable. */
  kind: string;
  location: SourceLocation;
  topics: string[];
  reads: RawRead[];
}

/** Field path → where it is read (sorted by file, line, column). */
export type FieldReads = Record<string, SourceLocation[]>;

/** What one consumer reads. */
export interface ConsumerUsage {
  consumer: string;
  kind: string;
  location: SourceLocation;
  topics: string[];
  /** Contract full name → dotted field path → read locations. */
  reads: Record<string, FieldReads>;
  /** Reads that could not be tied to a contract (no topic known, or no contract on its topics). */
  unattributed: FieldReads;
}

/** Every consumer's usage, sorted by consumer name then location. */
export interface UsageMap {
  consumers: ConsumerUsage[];
}

function compareLocations(a: SourceLocation, b: SourceLocation): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

function addRead(target: FieldReads, path: string, location: SourceLocation): void {
  const list = target[path] ?? [];
  if (!list.some((known) => compareLocations(known, location) === 0)) list.push(location);
  list.sort(compareLocations);
  target[path] = list;
}

/** The contracts a read belongs to (full names), or `[]` when it cannot be attributed. */
function contractsOfRead(
  read: RawRead,
  consumer: RawConsumer,
  contracts: readonly ContractView[],
  schemas: SchemaIndex,
): string[] {
  const onTopics = contracts.filter(
    (contract) => contract.settings.topic !== undefined && consumer.topics.includes(contract.settings.topic),
  );
  if (read.narrowedTo !== undefined) {
    const pool = onTopics.length > 0 ? onTopics : contracts;
    const named = pool.filter((contract) =>
      read.narrowedTo?.some((label) => namesContract(label, contract.fullName)),
    );
    return named.map((contract) => contract.fullName);
  }
  if (read.typeName !== undefined) {
    const pool = onTopics.length > 0 ? onTopics : contracts;
    const named = pool.filter((contract) => shortNameOf(contract.fullName) === read.typeName);
    if (named.length > 0) return named.map((contract) => contract.fullName);
  }
  if (onTopics.length === 0) return [];
  const first = read.path[0] ?? '';
  const declaring = onTopics.filter((contract) => declaresField(schemas, contract.fullName, first));
  // A field no contract on the topic declares (any more) is still a read of each of them: compat
  // uses exactly that to say "this field is removed but still read".
  return (declaring.length > 0 ? declaring : onTopics).map((contract) => contract.fullName);
}

/** Attributes raw reads to contracts and trims each path to the contract's fields. */
export function buildUsageMap(
  consumers: readonly RawConsumer[],
  contracts: readonly ContractView[],
  schemas: SchemaIndex,
): UsageMap {
  const usage: ConsumerUsage[] = consumers.map((consumer) => {
    const entry: ConsumerUsage = {
      consumer: consumer.name,
      kind: consumer.kind,
      location: consumer.location,
      topics: [...consumer.topics].sort(),
      reads: {},
      unattributed: {},
    };
    for (const read of consumer.reads) {
      const owners = contractsOfRead(read, consumer, contracts, schemas);
      if (owners.length === 0) {
        addRead(entry.unattributed, read.path.join('.'), read.location);
        continue;
      }
      for (const owner of owners) {
        entry.reads[owner] ??= {};
        addRead(entry.reads[owner], trimToFieldPath(schemas, owner, read.path), read.location);
      }
    }
    entry.reads = sortKeys(
      Object.fromEntries(Object.entries(entry.reads).map(([name, reads]) => [name, sortKeys(reads)])),
    );
    entry.unattributed = sortKeys(entry.unattributed);
    return entry;
  });
  usage.sort((a, b) =>
    a.consumer < b.consumer ? -1 : a.consumer > b.consumer ? 1 : compareLocations(a.location, b.location),
  );
  return { consumers: usage };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A place where a consumer reads a contract field (or something inside it). */
export interface FieldReader {
  consumer: string;
  fieldPath: string;
  location: SourceLocation;
}

/**
 * Where consumers read `fieldPath` of `contract`, or any path inside it (`amount` also matches reads
 * of `amount.currency`): what compat needs to say "field `amount` is removed but X reads it".
 */
export function readersOf(usage: UsageMap, contract: string, fieldPath: string): FieldReader[] {
  const readers: FieldReader[] = [];
  for (const consumer of usage.consumers) {
    for (const [path, locations] of Object.entries(consumer.reads[contract] ?? {})) {
      if (path !== fieldPath && !path.startsWith(`${fieldPath}.`)) continue;
      for (const location of locations)
        readers.push({ consumer: consumer.consumer, fieldPath: path, location });
    }
  }
  return readers.sort((a, b) => compareLocations(a.location, b.location));
}

/**
 * Combines an earlier full usage map with one computed for `changedFiles` only: consumers defined
 * in a changed file are replaced, and reads located in a changed file are taken from `next` only.
 */
export function mergeUsage(previous: UsageMap, next: UsageMap, changedFiles: readonly string[]): UsageMap {
  const changed = new Set(changedFiles);
  const kept = previous.consumers
    .filter((consumer) => !changed.has(consumer.location.file))
    .map((consumer) => {
      const reads = Object.fromEntries(
        Object.entries(consumer.reads).map(([contract, fields]) => [contract, withoutFiles(fields, changed)]),
      );
      return { ...consumer, reads, unattributed: withoutFiles(consumer.unattributed, changed) };
    });
  const consumers = [...kept, ...next.consumers];
  consumers.sort((a, b) =>
    a.consumer < b.consumer ? -1 : a.consumer > b.consumer ? 1 : compareLocations(a.location, b.location),
  );
  return { consumers };
}

function withoutFiles(fields: FieldReads, files: ReadonlySet<string>): FieldReads {
  const result: FieldReads = {};
  for (const [path, locations] of Object.entries(fields)) {
    const kept = locations.filter((location) => !files.has(location.file));
    if (kept.length > 0) result[path] = kept;
  }
  return result;
}

/** Renders the usage map for `kontract usage`: `json` (stable, sorted) or `text` (one line per read place). */
export function formatUsage(usage: UsageMap, format: 'text' | 'json' = 'text'): string {
  if (format === 'json') return `${JSON.stringify(usage, null, 2)}\n`;
  const lines: string[] = [];
  const where = (location: SourceLocation) => `${location.file}:${location.line}:${location.column}`;
  for (const consumer of usage.consumers) {
    const topics = consumer.topics.length === 0 ? 'no known topic' : consumer.topics.join(', ');
    lines.push(`${consumer.consumer} (${consumer.kind}, ${topics}) at ${where(consumer.location)}`);
    const contracts = Object.keys(consumer.reads);
    if (contracts.length === 0 && Object.keys(consumer.unattributed).length === 0)
      lines.push('  reads no event field');
    for (const contract of contracts) {
      lines.push(`  ${contract}`);
      for (const [path, locations] of Object.entries(consumer.reads[contract] ?? {})) {
        lines.push(`    ${path}  ${locations.map(where).join(', ')}`);
      }
    }
    const unattributed = Object.entries(consumer.unattributed);
    if (unattributed.length > 0) {
      lines.push('  (not attributed to a contract)');
      for (const [path, locations] of unattributed)
        lines.push(`    ${path}  ${locations.map(where).join(', ')}`);
    }
  }
  return lines.length === 0 ? 'No consumers found.\n' : `${lines.join('\n')}\n`;
}
