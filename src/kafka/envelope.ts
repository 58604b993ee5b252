/**
 * One consumed Kafka record as one line of kontract's NDJSON log (the envelope the replay readers
 * read, see `src/replay/decode-record.ts`): `topic`, `partition`, `offset`, `key`, `timestamp`,
 * `headers`, then the value either as the raw Confluent wire format (`"valueEncoding":"wire-base64"`,
 * plus the schema id it carries, for reading) or decoded to JSON with its `eventType`. Pure.
 */

/** A record as the recorder hands it over: bytes as they were on the broker. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: bigint;
  /** Record time in milliseconds since the epoch (CreateTime or LogAppendTime). */
  timestamp: bigint;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: readonly (readonly [Uint8Array | null, Uint8Array | null])[];
}

/** A value decoded with its writer schema. */
export interface DecodedValue {
  eventType: string;
  /** The value in avsc's JavaScript form, JSON-safe (no bytes fields). */
  value: unknown;
}

const utf8 = new TextDecoder();

/** Text of a key or header; `null` stays `null`. Bytes that are not UTF-8 become U+FFFD. */
function text(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : utf8.decode(bytes);
}

/** The schema id of a Confluent wire-format value (magic byte 0, 4-byte big-endian id), if it is one. */
export function schemaIdOf(value: Uint8Array | null): number | undefined {
  if (value === null || value.length < 5 || value[0] !== 0) return undefined;
  return ((value[1]! << 24) | (value[2]! << 16) | (value[3]! << 8) | value[4]!) >>> 0;
}

/** Offsets and times as JSON numbers when exact, else as decimal strings (the reader takes both). */
function integer(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= 0n ? Number(value) : value.toString();
}

/** JSON text of the topic name, kept across calls: every record of a recording has the same one. */
let lastTopic = '';
let lastTopicJson = '""';

/**
 * The NDJSON line (without the newline) for a record: the wire bytes as they were, or the decoded
 * value when `decoded` is given. A null value (a tombstone) is written as `"value":null`. The line is
 * built as text rather than through an intermediate object: a recording writes a million of them,
 * and every object less is garbage the collector does not have to find (peak memory, see the bench).
 * A header name that repeats appears twice; JSON readers keep the last, as the replay reader does.
 */
export function envelopeLine(record: ConsumedRecord, decoded?: DecodedValue): string {
  if (record.topic !== lastTopic) {
    lastTopic = record.topic;
    lastTopicJson = JSON.stringify(record.topic);
  }
  let headers = '';
  for (const [name, value] of record.headers) {
    if (name === null) continue;
    if (headers !== '') headers += ',';
    headers += `${JSON.stringify(utf8.decode(name))}:${JSON.stringify(text(value) ?? '')}`;
  }
  const key = record.key === null ? 'null' : JSON.stringify(utf8.decode(record.key));
  const head = `{"topic":${lastTopicJson},"partition":${record.partition},"offset":${JSON.stringify(integer(record.offset))},"key":${key},"timestamp":${JSON.stringify(integer(record.timestamp))},"headers":{${headers}}`;
  if (decoded) {
    return `${head},"eventType":${JSON.stringify(decoded.eventType)},"value":${JSON.stringify(decoded.value)}}`;
  }
  if (record.value === null) return `${head},"value":null}`;
  const schemaId = schemaIdOf(record.value);
  const value = Buffer.from(record.value.buffer, record.value.byteOffset, record.value.byteLength).toString(
    'base64',
  );
  return `${head},"valueEncoding":"wire-base64"${schemaId === undefined ? '' : `,"schemaId":${schemaId}`},"value":"${value}"}`;
}
