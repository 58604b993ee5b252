/**
 * `kontract record` as a library function: consumes a range of a topic into a recorded log (kontract's
 * NDJSON envelope), with values as the raw Confluent wire format (default) or decoded to JSON through
 * the schema registry. No consumer group is joined and no offset is committed; the write is atomic
 * and an interrupted recording resumes (see `src/kafka/record-topic.ts`). Progress goes to stderr when
 * it is a TTY; nothing goes to stdout but the report.
 *
 * The Kafka client and the registry library are imported only here, when a recording runs.
 *
 * Memory: V8's young generation grows to about 130 MB under a recording's allocation rate (Node 24's
 * default semi-space limit), which puts a million-record recording near 300-330 MB peak RSS. Started
 * with `--max-semi-space-size=16` the same recording peaks near 205 MB at the same speed. The flag
 * only takes effect at process start (`v8.setFlagsFromString` later does not shrink the young
 * generation), so the CLI entry should pass it for `record` (docs/registry-and-kafka.md).
 */
import path from 'node:path';
import type { RecordProgress, RecordSummary, ValueDecoder } from '../kafka/record-topic.ts';
import type { RegistryOptions } from '../registry/registry-connection.ts';
import type { Diagnostic } from '../report/diagnostic.ts';

/** Options of `runRecord`. */
export interface RecordOptions {
  /** Directory relative paths start from. */
  cwd: string;
  topic: string;
  /** Output log path (relative to `cwd` or absolute). */
  out: string;
  /** Bootstrap brokers; default `KONTRACT_KAFKA_BROKERS` from `env`, else `127.0.0.1:9092`. */
  brokers?: readonly string[];
  /** `0-5,7` or `all`. */
  partitions?: string;
  /** `earliest` (default), an offset, or an ISO date-time with a zone. */
  from?: string;
  /** `latest` (default: the end offsets when the recording starts), an offset, or an ISO date-time. */
  to?: string;
  /** `wire` (default) or `json` (decoded through the registry). */
  value?: 'wire' | 'json';
  /** Registry for `value: 'json'`; what is missing comes from `env`. */
  registry?: RegistryOptions;
  /** Start over even if an interrupted recording of this range can be resumed. */
  restart?: boolean;
  /** Where progress goes; default `process.stderr`, written only when it is a TTY. */
  progress?: { isTTY?: boolean; write(text: string): unknown };
  /** Called after every batch (tests use it to act mid-recording). */
  onProgress?: (progress: RecordProgress) => void | Promise<void>;
  /** Upper bound of one fetch response, bytes (default 8 MiB). */
  fetchMaxBytes?: number;
  env?: Readonly<Record<string, string | undefined>>;
}

/** Result of `runRecord`: the usual report shape plus what was recorded. */
export interface RecordResult {
  /** Always empty on success: a recording has no findings; failures throw. */
  diagnostics: Diagnostic[];
  /** 0: the range was recorded completely. */
  exitCode: 0;
  summary: RecordSummary;
}

function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Builds the `--value json` decoder: writer schemas fetched by id through the registry, cached. */
async function registryDecoder(options: RecordOptions): Promise<ValueDecoder> {
  const { RegistryClient } = await import('../registry/registry-client.ts');
  const { registryWriterSchemas } = await import('../registry/registry-decoder.ts');
  const client = await RegistryClient.connect(options.registry ?? {}, options.env ?? process.env);
  const types = new Map<number, import('avsc').Type | null>();
  return {
    async prepare(ids) {
      const missing = [...ids].filter((id) => !types.has(id));
      if (missing.length === 0) return;
      const lookup = await registryWriterSchemas(client, missing);
      for (const id of missing) types.set(id, lookup.writerSchema(id)?.type ?? null);
    },
    decode(value) {
      const id = ((value[1]! << 24) | (value[2]! << 16) | (value[3]! << 8) | value[4]!) >>> 0;
      const type = value[0] === 0 && value.length >= 5 ? types.get(id) : undefined;
      if (!type) return undefined;
      try {
        const decoded = type.fromBuffer(
          Buffer.from(value.buffer, value.byteOffset + 5, value.byteLength - 5),
        );
        const name = (type as unknown as { name?: string }).name;
        return name === undefined ? undefined : { eventType: name, value: decoded };
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Records the range. Throws `RangeSyntaxError` or `RecordError` for bad options or a state file of
 * another recording, `KafkaSourceError` when Kafka cannot be reached, `RegistryError` when the
 * registry cannot be (with `value: 'json'`); the CLI maps all of them to exit 2. The partial log and
 * the state file are kept on failure, so the same command resumes.
 */
export async function runRecord(options: RecordOptions): Promise<RecordResult> {
  const env = options.env ?? process.env;
  const { openKafkaSource } = await import('../kafka/kafka-source.ts');
  const { recordTopic } = await import('../kafka/record-topic.ts');
  const brokers =
    options.brokers ?? (env.KONTRACT_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const decoder = options.value === 'json' ? await registryDecoder(options) : undefined;
  const stream = options.progress ?? process.stderr;
  const started = Date.now();
  const source = await openKafkaSource({ brokers });
  try {
    const summary = await recordTopic({
      source,
      topic: options.topic,
      out: path.resolve(options.cwd, options.out),
      ...(options.partitions !== undefined ? { partitions: options.partitions } : {}),
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
      valueFormat: options.value ?? 'wire',
      ...(decoder ? { decoder } : {}),
      ...(options.restart ? { restart: true } : {}),
      ...(options.fetchMaxBytes !== undefined ? { fetchMaxBytes: options.fetchMaxBytes } : {}),
      onProgress: async (progress) => {
        if (stream.isTTY) {
          const seconds = Math.max(0.001, (Date.now() - started) / 1000);
          const rate = Math.round(progress.records / seconds);
          stream.write(
            `\r${options.topic}: ${progress.records} records, ${formatBytes(progress.bytes)}, lag ${progress.lag}, ${rate} records/s${progress.done ? '\n' : ''}`,
          );
        }
        await options.onProgress?.(progress);
      },
    });
    return { diagnostics: [], exitCode: 0, summary };
  } finally {
    await source.close();
  }
}
