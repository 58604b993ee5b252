/**
 * Turns one parsed log line (kontract's NDJSON envelope or a `kcat -J` line) into a record decoded
 * with today's contract, or says precisely why it cannot: not an envelope, an unknown topic, a value
 * that matches no contract, a wire-format value that does not decode. Pure: the readers feed it text.
 */
import type { Type } from 'avsc';
import type { ReplayCatalog, ReplayContract } from './catalog.ts';
import { readFieldPath } from './catalog.ts';

/** A record decoded from one line, before it is placed in its partition stream. */
export interface DecodedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  timestamp: number;
  headers: Record<string, string>;
  value: unknown;
  eventType: string;
  schemaVersion?: number;
  contract: ReplayContract;
}

/** Why a line was skipped: rule, message template id, one-sentence message and template data. */
export interface DecodeProblem {
  ruleId: 'replay/bad-record' | 'replay/unknown-topic' | 'replay/out-of-order';
  /** A message id of the rule (`src/replay/rules/<rule>.ts`), whose template `data` fills. */
  messageId: string;
  data: Record<string, string | number | boolean>;
}

/** The message ids of `replay/bad-record` (templates in `rules/bad-record.ts`). */
export type BadRecordMessageId =
  | 'not-json'
  | 'bad-envelope'
  | 'tombstone'
  | 'invalid-value'
  | 'no-matching-contract'
  | 'ambiguous-value'
  | 'unknown-event-type'
  | 'wrong-topic'
  | 'bad-payload'
  | 'not-wire'
  | 'unknown-schema-id'
  | 'unreadable-schema-id'
  | 'bad-avro';

/** The result of decoding one line. */
export type DecodeOutcome = { ok: true; record: DecodedRecord } | { ok: false; problem: DecodeProblem };

const bad = (
  messageId: BadRecordMessageId,
  data: Record<string, string | number | boolean> = {},
): DecodeOutcome => ({
  ok: false,
  problem: { ruleId: 'replay/bad-record', messageId, data },
});

type Json = unknown;

function isPlainObject(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Normalises an int64 offset written as a number or a decimal string; undefined when invalid. */
export function normaliseOffset(raw: unknown): string | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? String(raw) : undefined;
  if (typeof raw === 'string' && /^(0|[1-9]\d{0,18})$/.test(raw)) {
    return BigInt(raw) <= 9223372036854775807n ? raw : undefined;
  }
  return undefined;
}

function normaliseHeaders(raw: unknown): Record<string, string> | undefined {
  if (raw === undefined || raw === null) return {};
  if (isPlainObject(raw)) {
    // The common case: an object of strings, used as it is.
    let allStrings = true;
    for (const name in raw) {
      if (typeof raw[name] !== 'string') {
        allStrings = false;
        break;
      }
    }
    if (allStrings) return raw as Record<string, string>;
  }
  const headers: Record<string, string> = {};
  if (Array.isArray(raw)) {
    // kcat -J writes headers as a flat list: name, value, name, value...; kontract also accepts [[name, value], ...].
    if (raw.every((item) => Array.isArray(item))) {
      for (const pair of raw as unknown[][]) {
        const [name, value] = pair;
        if (typeof name !== 'string' || (typeof value !== 'string' && value !== null)) return undefined;
        headers[name] = value ?? '';
      }
      return headers;
    }
    if (raw.length % 2 !== 0) return undefined;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i];
      const value = raw[i + 1];
      if (typeof name !== 'string' || (typeof value !== 'string' && value !== null)) return undefined;
      headers[name] = value ?? '';
    }
    return headers;
  }
  if (!isPlainObject(raw)) return undefined;
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') return undefined;
    headers[name] = value;
  }
  return headers;
}

/** The envelope fields common to both formats, before the value is decoded. */
interface Envelope {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  timestamp: number;
  headers: Record<string, string>;
  eventType?: string;
  schemaVersion?: number;
  /** A JSON value, or the bytes of a Confluent wire-format value. */
  value:
    | { kind: 'json'; json: Json; avroJson: boolean }
    | { kind: 'wire'; bytes: Uint8Array }
    | { kind: 'null' };
}

function readEnvelope(line: Record<string, Json>): Envelope | DecodeOutcome {
  const isKcat = 'payload' in line || 'tstype' in line || 'broker' in line;
  const topic = line.topic;
  if (typeof topic !== 'string' || topic === '')
    return bad('bad-envelope', { field: 'topic', expected: 'a non-empty string' });
  const partition = line.partition;
  if (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0) {
    return bad('bad-envelope', { field: 'partition', expected: 'a non-negative integer' });
  }
  const offset = normaliseOffset(line.offset);
  if (offset === undefined) {
    return bad('bad-envelope', {
      field: 'offset',
      expected: 'a non-negative int64, as a number or a decimal string',
    });
  }
  const key = line.key ?? null;
  if (key !== null && typeof key !== 'string')
    return bad('bad-envelope', { field: 'key', expected: 'a string or null' });
  const rawTime = isKcat ? line.ts : line.timestamp;
  const timestamp = typeof rawTime === 'string' && /^\d+$/.test(rawTime) ? Number(rawTime) : rawTime;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    const field = isKcat ? 'ts' : 'timestamp';
    return bad('bad-envelope', { field, expected: 'milliseconds since the epoch' });
  }
  const headers = normaliseHeaders(line.headers);
  if (!headers)
    return bad('bad-envelope', {
      field: 'headers',
      expected: 'an object of strings or a list of name/value pairs',
    });
  const envelope: Envelope = { topic, partition, offset, key, timestamp, headers, value: { kind: 'null' } };
  if (typeof line.eventType === 'string') envelope.eventType = line.eventType;
  if (line.schemaVersion !== undefined) {
    if (typeof line.schemaVersion !== 'number' || !Number.isInteger(line.schemaVersion)) {
      return bad('bad-envelope', { field: 'schemaVersion', expected: 'an integer' });
    }
    envelope.schemaVersion = line.schemaVersion;
  }
  if (isKcat) {
    const payload = line.payload;
    if (payload === null || payload === undefined) return envelope;
    if (typeof payload === 'string') {
      // kcat prints raw bytes as a JSON string: a leading NUL is the Confluent magic byte.
      if (payload.charCodeAt(0) === 0) {
        const bytes = new Uint8Array(payload.length);
        for (let i = 0; i < payload.length; i++) bytes[i] = payload.charCodeAt(i) & 0xff;
        envelope.value = { kind: 'wire', bytes };
        return envelope;
      }
      try {
        envelope.value = { kind: 'json', json: JSON.parse(payload), avroJson: true };
      } catch {
        return bad('bad-payload');
      }
      return envelope;
    }
    envelope.value = { kind: 'json', json: payload, avroJson: true };
    return envelope;
  }
  const encoding = line.valueEncoding ?? 'json';
  if (encoding === 'wire-base64') {
    if (typeof line.value !== 'string') {
      return bad('bad-envelope', { field: 'value', expected: 'a base64 string (valueEncoding wire-base64)' });
    }
    envelope.value = { kind: 'wire', bytes: Buffer.from(line.value, 'base64') };
    return envelope;
  }
  if (encoding !== 'json') {
    return bad('bad-envelope', { field: 'valueEncoding', expected: '"json" or "wire-base64"' });
  }
  if (line.value === undefined)
    return bad('bad-envelope', { field: 'value', expected: 'the event value (JSON)' });
  if (line.value !== null) envelope.value = { kind: 'json', json: line.value, avroJson: false };
  return envelope;
}

/** Fields with a default at the top level of a record type: absent in older values, filled on read. */
const defaultedFields = new WeakMap<Type, string[]>();

function fieldsWithDefaults(type: Type): string[] {
  let names = defaultedFields.get(type);
  if (!names) {
    const fields = (type as unknown as { fields?: { name: string; defaultValue(): unknown }[] }).fields ?? [];
    names = fields.filter((field) => field.defaultValue() !== undefined).map((field) => field.name);
    defaultedFields.set(type, names);
  }
  return names;
}

/** First invalid path of a value against a type, for the message. */
function firstInvalidPath(type: Type, value: unknown): string {
  let found = '';
  type.isValid(value, {
    errorHook: (path: string[]) => {
      if (found === '') found = path.join('.') || '(root)';
    },
  });
  return found || '(root)';
}

/** Reads a JSON value with today's type: plain avsc JSON first, then (kcat) Avro's JSON encoding. */
function readJsonValue(type: Type, json: unknown, avroJson: boolean): { value: unknown } | undefined {
  if (type.isValid(json)) {
    const defaults = fieldsWithDefaults(type);
    const record = json as Record<string, unknown>;
    // A value written before a defaulted field existed lacks it: fill defaults as Avro resolution would.
    for (const name of defaults) if (record[name] === undefined) return { value: type.clone(json, {}) };
    return { value: json };
  }
  if (avroJson) {
    try {
      return { value: type.fromString(JSON.stringify(json)) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

interface SchemaIdProblem {
  messageId: BadRecordMessageId;
  data: Record<string, string>;
}

interface WireCacheEntry {
  contract: ReplayContract;
  resolver: unknown;
  version?: number;
}

/** Decodes lines for one catalog; keeps resolvers per schema id. */
export class RecordDecoder {
  readonly catalog: ReplayCatalog;
  readonly #wire = new Map<number, WireCacheEntry | SchemaIdProblem>();

  constructor(catalog: ReplayCatalog) {
    this.catalog = catalog;
  }

  /** Decodes one line of text (`\n` already stripped). */
  decodeLine(text: string): DecodeOutcome {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return bad('not-json', { reason });
    }
    if (!isPlainObject(parsed))
      return bad('bad-envelope', { field: '(root)', expected: 'a JSON object per line' });
    return this.decodeEnvelope(parsed);
  }

  /** Decodes one parsed envelope object. */
  decodeEnvelope(line: Record<string, unknown>): DecodeOutcome {
    const envelope = readEnvelope(line);
    if ('ok' in envelope) return envelope;
    const topicContracts = this.catalog.byTopic.get(envelope.topic);
    if (!topicContracts || topicContracts.length === 0) {
      return {
        ok: false,
        problem: {
          ruleId: 'replay/unknown-topic',
          messageId: 'unknown',
          data: { topic: envelope.topic },
        },
      };
    }
    const value = envelope.value;
    if (value.kind === 'null') {
      return bad('tombstone', {
        topic: envelope.topic,
        partition: envelope.partition,
        offset: envelope.offset,
      });
    }
    let contract: ReplayContract | undefined;
    let decoded: unknown;
    let version = envelope.schemaVersion;
    if (value.kind === 'wire') {
      const outcome = this.decodeWire(value.bytes);
      if ('problem' in outcome) return { ok: false, problem: outcome.problem };
      contract = outcome.contract;
      decoded = outcome.value;
      version ??= outcome.version;
      if (contract.topic !== undefined && contract.topic !== envelope.topic) {
        return bad('wrong-topic', {
          eventType: contract.fullName,
          expected: contract.topic,
          topic: envelope.topic,
        });
      }
    } else {
      const named = envelope.eventType ?? envelope.headers.eventType;
      if (named !== undefined) {
        contract = topicContracts.find((candidate) => candidate.fullName === named);
        if (!contract) {
          return bad('unknown-event-type', { eventType: named, topic: envelope.topic });
        }
        const read = readJsonValue(contract.type, value.json, value.avroJson);
        if (!read) {
          const path = firstInvalidPath(contract.type, value.json);
          return bad('invalid-value', { eventType: contract.fullName, path });
        }
        decoded = read.value;
      } else {
        const matches: { contract: ReplayContract; value: unknown }[] = [];
        for (const candidate of topicContracts) {
          const read = readJsonValue(candidate.type, value.json, value.avroJson);
          if (read) matches.push({ contract: candidate, value: read.value });
        }
        if (matches.length === 0) {
          return bad('no-matching-contract', {
            topic: envelope.topic,
            candidates: topicContracts.map((c) => c.fullName).join(', '),
          });
        }
        if (matches.length > 1)
          return bad('ambiguous-value', { topic: envelope.topic, count: matches.length });
        contract = matches[0]!.contract;
        decoded = matches[0]!.value;
      }
    }
    if (version === undefined) {
      const fromValue = readFieldPath(decoded, contract.versionField);
      if (typeof fromValue === 'number') version = fromValue;
    }
    const record: DecodedRecord = {
      topic: envelope.topic,
      partition: envelope.partition,
      offset: envelope.offset,
      key: envelope.key,
      timestamp: envelope.timestamp,
      headers: envelope.headers,
      value: decoded,
      eventType: contract.fullName,
      contract,
    };
    if (version !== undefined) record.schemaVersion = version;
    return { ok: true, record };
  }

  /** Decodes a Confluent wire-format value: magic byte 0, 4-byte big-endian schema id, Avro body. */
  decodeWire(
    bytes: Uint8Array,
  ): { contract: ReplayContract; value: unknown; version?: number } | { problem: DecodeProblem } {
    const fail = (messageId: BadRecordMessageId, data: Record<string, string | number | boolean> = {}) => ({
      problem: { ruleId: 'replay/bad-record' as const, messageId, data },
    });
    if (bytes.length < 5 || bytes[0] !== 0) {
      return fail('not-wire');
    }
    const schemaId = ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
    let entry = this.#wire.get(schemaId);
    if (entry === undefined) {
      entry = this.#resolveSchemaId(schemaId);
      this.#wire.set(schemaId, entry);
    }
    if ('messageId' in entry) return fail(entry.messageId, { ...entry.data, schemaId });
    const body = Buffer.from(bytes.buffer, bytes.byteOffset + 5, bytes.length - 5);
    try {
      // avsc's resolver type is not exported; the entry keeps the one it made for this id.
      const value = entry.contract.type.fromBuffer(body, entry.resolver as never, false);
      return entry.version === undefined
        ? { contract: entry.contract, value }
        : { contract: entry.contract, value, version: entry.version };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail('bad-avro', { schemaId, reason });
    }
  }

  #resolveSchemaId(schemaId: number): WireCacheEntry | SchemaIdProblem {
    const lookup = this.catalog.writerSchemas;
    if (!lookup)
      return {
        messageId: 'unknown-schema-id',
        data: { where: 'no schema id mapping was given (a <log>.schemas.json sidecar)' },
      };
    const writer = lookup.writerSchema(schemaId);
    if (!writer) return { messageId: 'unknown-schema-id', data: { where: `not in ${lookup.describe()}` } };
    const name = (writer.type as unknown as { name?: string }).name;
    const contract = name === undefined ? undefined : this.catalog.byFullName.get(name);
    if (!contract)
      return {
        messageId: 'unknown-schema-id',
        data: { where: `${name ?? 'an unnamed type'} has no contract` },
      };
    try {
      const resolver = contract.type.createResolver(writer.type);
      return writer.version === undefined
        ? { contract, resolver }
        : { contract, resolver, version: writer.version };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { messageId: 'unreadable-schema-id', data: { eventType: contract.fullName, reason } };
    }
  }
}
