/**
 * Places decoded records into partition streams as they are read: numbers them (file order,
 * stream, index), checks that offsets increase within each partition, names each record's business
 * entity from its contract's key field, and marks records written with an older schema version.
 * Pure and incremental, so a streaming reader and an in-memory reader share it.
 */

import { readFieldPath } from './catalog.ts';
import type { DecodedRecord, DecodeProblem } from './decode-record.ts';
import type { LoggedRecord, PartitionStream, RecordedLog, RecordSource } from './model.ts';

interface StreamState {
  stream: PartitionStream;
  lastOffset: number | bigint;
  lastLine: number;
  lastFile: string;
  index: number;
  count: number;
}

/** A record placed in its stream, or the reason it was not. */
export type PlaceOutcome = { ok: true; record: LoggedRecord } | { ok: false; problem: DecodeProblem };

/** Builds a `RecordedLog` one decoded record at a time. */
export class LogAssembler {
  readonly streams: PartitionStream[] = [];
  readonly records: LoggedRecord[] = [];
  readonly files: string[] = [];
  readonly #byStream = new Map<string, StreamState>();
  readonly #maxVersion = new Map<string, number>();
  readonly #keep: boolean;
  #seq = 0;

  /** `keep: false` streams records through without keeping them (a reference run over a huge log). */
  constructor(options: { keep: boolean } = { keep: true }) {
    this.#keep = options.keep;
  }

  /** Adds one decoded record read at `source`. */
  add(decoded: DecodedRecord, source: RecordSource): PlaceOutcome {
    if (!this.files.includes(source.file)) this.files.push(source.file);
    const id = `${decoded.topic}\u0000${decoded.partition}`;
    let state = this.#byStream.get(id);
    // Offsets below 2^53 compare as numbers (fast); longer ones as bigints.
    const offset: number | bigint =
      decoded.offset.length < 16 ? Number(decoded.offset) : BigInt(decoded.offset);
    if (!state) {
      state = {
        stream: { topic: decoded.topic, partition: decoded.partition, records: [] },
        lastOffset: -1,
        lastLine: 0,
        lastFile: source.file,
        index: this.streams.length,
        count: 0,
      };
      this.#byStream.set(id, state);
      this.streams.push(state.stream);
    } else if (offset <= state.lastOffset) {
      return {
        ok: false,
        problem: {
          ruleId: 'replay/out-of-order',
          messageId: 'not-after-previous',
          data: {
            stream: `${decoded.topic}/${decoded.partition}`,
            offset: decoded.offset,
            previous: state.lastOffset.toString(),
            previousLine: state.lastLine,
          },
        },
      };
    }
    state.lastOffset = offset;
    state.lastLine = source.line;
    state.lastFile = source.file;
    const record: LoggedRecord = {
      topic: decoded.topic,
      partition: decoded.partition,
      offset: decoded.offset,
      key: decoded.key,
      timestamp: decoded.timestamp,
      headers: decoded.headers,
      value: decoded.value,
      eventType: decoded.eventType,
      source,
      seq: this.#seq++,
      stream: state.index,
      index: state.count++,
      olderSchema: false,
    };
    if (decoded.schemaVersion !== undefined) {
      record.schemaVersion = decoded.schemaVersion;
      const max = this.#maxVersion.get(decoded.eventType);
      if (max === undefined || decoded.schemaVersion > max)
        this.#maxVersion.set(decoded.eventType, decoded.schemaVersion);
    }
    const current = decoded.contract.currentVersion;
    if (current !== undefined && !this.#maxVersion.has(`${decoded.eventType}\u0000current`)) {
      this.#maxVersion.set(`${decoded.eventType}\u0000current`, current);
    }
    const keyField = decoded.contract.keyField;
    if (keyField !== undefined) {
      const entity = readFieldPath(decoded.value, keyField);
      if (typeof entity === 'string' || typeof entity === 'number') record.entity = `${keyField}=${entity}`;
    }
    if (this.#keep) {
      state.stream.records.push(record);
      this.records.push(record);
    }
    return { ok: true, record };
  }

  /** Today's version of an event type: the contract's, else the highest seen. */
  currentVersion(eventType: string): number | undefined {
    return this.#maxVersion.get(`${eventType}\u0000current`) ?? this.#maxVersion.get(eventType);
  }

  /** Marks older-schema records, freezes every record (handlers must not mutate shared input) and returns the log. */
  finish(): RecordedLog {
    for (const record of this.records) {
      const current = this.currentVersion(record.eventType);
      if (record.schemaVersion !== undefined && current !== undefined && record.schemaVersion < current) {
        record.olderSchema = true;
      }
      deepFreeze(record);
    }
    return { files: [...this.files], streams: this.streams, records: this.records };
  }
}

/** Freezes a value and everything it holds. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value as Record<string, unknown>)) deepFreeze(member);
  }
  return value;
}
