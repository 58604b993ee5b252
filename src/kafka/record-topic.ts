/**
 * Records a range of a topic into an NDJSON log, the way `kontract record` does: partitions assigned
 * directly (no consumer group, no commits), end offsets captured at the start so the recording stops
 * there even while producers keep writing, lines appended to `<log>.partial` and the progress saved in
 * `<log>.state.json` after every batch, and the partial file renamed to `<log>` only when every
 * partition reached its end. An interrupted recording (a broker that went away, Ctrl-C) resumes from
 * the state file without gaps or duplicates.
 */
import { type FileHandle, open, readFile, rm, stat, truncate } from 'node:fs/promises';
import { type ConsumedRecord, type DecodedValue, envelopeLine, schemaIdOf } from './envelope.ts';
import type { KafkaSource } from './kafka-source.ts';
import { describeBound, parseBound, parsePartitions, type RangeBound } from './record-range.ts';
import {
  type PartitionProgress,
  parseRecordState,
  type RecordedRange,
  type RecordState,
  writeRecordState,
} from './record-state.ts';

/** Why a recording could not be made or resumed (the Kafka source has its own error). */
export class RecordError extends Error {
  readonly code: 'usage' | 'state-mismatch' | 'topic-changed';
  constructor(code: RecordError['code'], message: string) {
    super(message);
    this.name = 'RecordError';
    this.code = code;
  }
}

/** Progress after each appended batch. */
export interface RecordProgress {
  records: number;
  bytes: number;
  /** Records still to fetch up to the captured end offsets. */
  lag: bigint;
  /** True for the report made when the recording is complete. */
  done: boolean;
}

/** Turns wire-format values into JSON values (`--value json`); `undefined` keeps the wire bytes. */
export interface ValueDecoder {
  /** Called with the schema ids of a batch before any of its values is decoded. */
  prepare(schemaIds: ReadonlySet<number>): Promise<void>;
  decode(value: Uint8Array): DecodedValue | undefined;
}

/** What to record and where. */
export interface RecordTopicOptions {
  source: KafkaSource;
  topic: string;
  /** Output log path; `<out>.partial` and `<out>.state.json` live next to it while recording. */
  out: string;
  /** `0-5,7` or `all` (default). */
  partitions?: string;
  /** `earliest` (default), an offset, or an ISO date-time. */
  from?: string;
  /** `latest` (default: the end offsets when the recording starts), an offset, or an ISO date-time. */
  to?: string;
  /** `wire` (default): values as recorded bytes; `json`: decoded through `decoder`. */
  valueFormat?: 'wire' | 'json';
  decoder?: ValueDecoder;
  /** Start over even if a state file says a recording of this range is under way. */
  restart?: boolean;
  /** Upper bound of one fetch response, bytes (default 8 MiB). */
  fetchMaxBytes?: number;
  onProgress?: (progress: RecordProgress) => void | Promise<void>;
}

/** What a finished recording holds. */
export interface RecordSummary {
  out: string;
  topic: string;
  records: number;
  bytes: number;
  /** Per partition: the offsets recorded, `[first, end)`. */
  partitions: { partition: number; from: string; end: string; skipped: number }[];
  /** True when an interrupted recording was continued. */
  resumed: boolean;
  /** Values kept as wire bytes because the decoder could not decode them (`--value json`). */
  undecoded: number;
}

/**
 * Lines encoded straight into reused 256 KiB buffers, written with one `writev` per batch. Joining a
 * batch's lines into one string would make a megabyte-sized string per batch: V8 puts those in its
 * large-object space, which only a full collection frees, and a million-record recording then peaks
 * far above 300 MB. Buffers from the pool are reused, so the steady state allocates none.
 */
class LineBuffer {
  static readonly size = 256 * 1024;
  readonly #pool: Buffer[] = [];
  readonly #filled: { buffer: Buffer; length: number }[] = [];
  #current: Buffer | undefined;
  #used = 0;

  add(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8; the newline takes 1.
    const worstCase = line.length * 3 + 1;
    if (this.#current === undefined || this.#used + worstCase > this.#current.length) {
      this.#seal();
      this.#current =
        worstCase > LineBuffer.size
          ? Buffer.allocUnsafe(worstCase)
          : (this.#pool.pop() ?? Buffer.allocUnsafe(LineBuffer.size));
    }
    this.#used += this.#current.write(line, this.#used, 'utf8');
    this.#current[this.#used++] = 0x0a;
  }

  #seal(): void {
    if (this.#current !== undefined && this.#used > 0)
      this.#filled.push({ buffer: this.#current, length: this.#used });
    else if (this.#current !== undefined && this.#current.length === LineBuffer.size)
      this.#pool.push(this.#current);
    this.#current = undefined;
    this.#used = 0;
  }

  /** Writes every line added since the last call; returns the bytes written. */
  async writeTo(output: FileHandle): Promise<number> {
    this.#seal();
    const chunks = this.#filled.splice(0);
    let written = 0;
    let views = chunks.map((chunk) => chunk.buffer.subarray(0, chunk.length));
    const total = views.reduce((sum, view) => sum + view.length, 0);
    while (written < total) {
      const { bytesWritten } = await output.writev(views);
      written += bytesWritten;
      // A short write (rare, on a full disk or a pipe) continues where it stopped.
      let skip = bytesWritten;
      views = views.flatMap((view) => {
        if (skip >= view.length) {
          skip -= view.length;
          return [];
        }
        const rest = view.subarray(skip);
        skip = 0;
        return [rest];
      });
    }
    for (const chunk of chunks) if (chunk.buffer.length === LineBuffer.size) this.#pool.push(chunk.buffer);
    return written;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Offsets of each partition for a bound: `latest` means the end offsets captured now. */
async function offsetsFor(
  source: KafkaSource,
  topic: string,
  partitions: number[],
  bound: RangeBound,
  ends: ReadonlyMap<number, bigint>,
): Promise<Map<number, bigint>> {
  switch (bound.kind) {
    case 'earliest':
      return source.offsets(topic, partitions, 'earliest');
    case 'latest':
      return new Map(ends);
    case 'offset':
      return new Map(partitions.map((partition) => [partition, bound.offset]));
    case 'timestamp':
      return source.offsets(topic, partitions, bound.ms);
  }
}

async function freshState(options: RecordTopicOptions, range: RecordedRange): Promise<RecordState> {
  const { source, topic } = options;
  const fromBound = parseBound('--from', range.from);
  const toBound = parseBound('--to', range.to);
  const layout = await source.topic(topic);
  const all = layout.leaders.map((_, partition) => partition);
  const asked = parsePartitions(range.partitions);
  const partitions = asked === 'all' ? all : asked;
  for (const partition of partitions) {
    if (partition >= all.length) {
      throw new RecordError(
        'usage',
        `--partitions: topic \`${topic}\` has partitions 0-${all.length - 1}, not ${partition}`,
      );
    }
  }
  // The end offsets are captured once, here: the recording stops there even if producers go on.
  const latest = await source.offsets(topic, partitions, 'latest');
  const earliest = await source.offsets(topic, partitions, 'earliest');
  const starts = await offsetsFor(source, topic, partitions, fromBound, latest);
  const stops = await offsetsFor(source, topic, partitions, toBound, latest);
  const progress: PartitionProgress[] = partitions.map((partition) => {
    const end =
      (stops.get(partition) as bigint) < (latest.get(partition) as bigint)
        ? (stops.get(partition) as bigint)
        : (latest.get(partition) as bigint);
    let next = starts.get(partition) as bigint;
    const first = earliest.get(partition) as bigint;
    if (next < first) next = first;
    if (next > end) next = end;
    return { partition, next: next.toString(), end: end.toString(), skipped: 0 };
  });
  return {
    format: 'kontract-record-state',
    version: 1,
    topic,
    range,
    partitions: progress,
    records: 0,
    bytes: 0,
    startedAt: new Date().toISOString(),
  };
}

function sameRange(a: RecordedRange, b: RecordedRange): boolean {
  return (
    a.partitions === b.partitions && a.from === b.from && a.to === b.to && a.valueFormat === b.valueFormat
  );
}

/**
 * Records the range into `options.out`. Throws `RecordError` for a bad range or a state file that
 * belongs to another recording, and `KafkaSourceError` when the cluster cannot be reached; in both
 * cases the partial file and the state file stay, so the same command resumes later.
 */
export async function recordTopic(options: RecordTopicOptions): Promise<RecordSummary> {
  const valueFormat = options.valueFormat ?? 'wire';
  if (valueFormat === 'json' && !options.decoder) {
    throw new RecordError(
      'usage',
      '--value json needs a schema registry to decode the values (--registry <url>)',
    );
  }
  const range: RecordedRange = {
    partitions: options.partitions?.trim() || 'all',
    from: options.from?.trim() || 'earliest',
    to: options.to?.trim() || 'latest',
    valueFormat,
  };
  // Parse before any I/O, so a typo is reported at once.
  parsePartitions(range.partitions);
  parseBound('--from', range.from);
  parseBound('--to', range.to);

  const partialPath = `${options.out}.partial`;
  const statePath = `${options.out}.state.json`;
  let state: RecordState | undefined;
  let resumed = false;
  if (!options.restart && (await exists(statePath)) && (await exists(partialPath))) {
    const parsed = parseRecordState(await readFile(statePath, 'utf8'));
    if ('problem' in parsed) {
      throw new RecordError(
        'state-mismatch',
        `${statePath} cannot be resumed: ${parsed.problem}; pass --restart to start over`,
      );
    }
    if (parsed.state.topic !== options.topic || !sameRange(parsed.state.range, range)) {
      throw new RecordError(
        'state-mismatch',
        `${statePath} belongs to a recording of \`${parsed.state.topic}\` (partitions ${parsed.state.range.partitions}, from ${parsed.state.range.from} to ${parsed.state.range.to}, values ${parsed.state.range.valueFormat}); run that command again to resume it, or pass --restart to start over`,
      );
    }
    state = parsed.state;
    resumed = true;
    // Lines written after the last saved state are dropped: their records are fetched again.
    await truncate(partialPath, state.bytes);
  }
  if (!state) {
    state = await freshState(options, range);
    await rm(partialPath, { force: true });
    await writeRecordState(statePath, state);
  }
  const initialNext = new Map(state.partitions.map((p) => [p.partition, p.next]));
  const layout = await options.source.topic(options.topic);
  const maxBytes = options.fetchMaxBytes ?? 1024 * 1024;
  const output = await open(partialPath, 'a');
  const lines = new LineBuffer();
  let undecoded = 0;
  const lagOf = (current: RecordState) =>
    current.partitions.reduce((sum, p) => sum + (BigInt(p.end) - BigInt(p.next)), 0n);
  try {
    for (;;) {
      const pending = state.partitions.filter((p) => BigInt(p.next) < BigInt(p.end));
      if (pending.length === 0) break;
      const from = new Map(pending.map((p) => [p.partition, BigInt(p.next)]));
      const fetched = await options.source.fetch(layout, from, maxBytes);
      const byPartition = new Map(state.partitions.map((p) => [p.partition, p]));
      const accepted: ConsumedRecord[][] = [];
      const schemaIds = new Set<number>();
      for (const result of fetched) {
        const progress = byPartition.get(result.partition);
        if (!progress) continue;
        const end = BigInt(progress.end);
        const inRange = result.records.filter((record) => record.offset < end);
        accepted.push(inRange);
        if (valueFormat === 'json') {
          for (const record of inRange) {
            const id = schemaIdOf(record.value);
            if (id !== undefined) schemaIds.add(id);
          }
        }
      }
      if (valueFormat === 'json' && schemaIds.size > 0) await options.decoder?.prepare(schemaIds);
      let added = 0;
      fetched.forEach((result, index) => {
        const progress = byPartition.get(result.partition);
        if (!progress) return;
        const end = BigInt(progress.end);
        const requested = BigInt(progress.next);
        for (const record of accepted[index] ?? []) {
          let decoded: DecodedValue | undefined;
          if (valueFormat === 'json' && record.value !== null) {
            decoded = options.decoder?.decode(record.value);
            if (!decoded) undecoded++;
          }
          lines.add(envelopeLine(record, decoded));
          added++;
        }
        let next = result.nextOffset > requested ? result.nextOffset : requested;
        if (next === requested && requested < result.logStartOffset) {
          // Retention deleted these records before they could be fetched: they are skipped, and said so.
          progress.skipped += Number(result.logStartOffset - requested);
          next = result.logStartOffset;
        } else if (
          next === requested &&
          result.errorCode === 0 &&
          result.highWatermark <= requested &&
          requested < end
        ) {
          throw new RecordError(
            'topic-changed',
            `partition ${result.partition} of \`${options.topic}\` now ends at offset ${result.highWatermark}, before the end captured at the start (${end}): the topic was truncated or recreated during the recording; pass --restart`,
          );
        }
        progress.next = (next < end ? next : end).toString();
      });
      if (added > 0) {
        state.bytes += await lines.writeTo(output);
        state.records += added;
      }
      await writeRecordState(statePath, state);
      await options.onProgress?.({
        records: state.records,
        bytes: state.bytes,
        lag: lagOf(state),
        done: false,
      });
    }
    await output.sync();
  } finally {
    await output.close();
  }
  const { rename } = await import('node:fs/promises');
  await rename(partialPath, options.out);
  await rm(statePath, { force: true });
  await options.onProgress?.({ records: state.records, bytes: state.bytes, lag: 0n, done: true });
  return {
    out: options.out,
    topic: options.topic,
    records: state.records,
    bytes: state.bytes,
    partitions: state.partitions.map((p) => ({
      partition: p.partition,
      from: initialNext.get(p.partition) ?? p.next,
      end: p.end,
      skipped: p.skipped,
    })),
    resumed,
    undecoded,
  };
}

/** The range of a recording in words, for progress and reports. */
export function describeRange(range: { partitions?: string; from?: string; to?: string }): string {
  const from = describeBound(parseBound('--from', range.from || 'earliest'));
  const to = describeBound(parseBound('--to', range.to || 'latest'));
  return `partitions ${range.partitions || 'all'}, from ${from} to ${to}`;
}
