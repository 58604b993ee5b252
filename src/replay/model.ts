/**
 * The replay model: what a consumer receives (`ReplayRecord`), what a recorded log is once read
 * (`RecordedLog`: partition streams in offset order), and where each record came from so a finding
 * can point at the log line. Pure types and small pure helpers.
 */

/**
 * One Kafka record as a consumer's handler sees it.
 *
 * `offset` is the record's int64 offset as a decimal string (as kafkajs and kcat give it): strings
 * keep every int64 exact, print and serialise as they are, and cannot be mixed with numbers by
 * accident. Compare offsets of one partition with `BigInt(record.offset)` when you must.
 */
export interface ReplayRecord<Value = unknown> {
  topic: string;
  partition: number;
  /** int64 offset as a decimal string. */
  offset: string;
  /** The record key as text; `null` for a record written without a key. */
  key: string | null;
  /** Record time in milliseconds since the epoch (CreateTime or LogAppendTime as recorded). */
  timestamp: number;
  /** Record headers as text; when a header name repeats, the last value wins. */
  headers: Readonly<Record<string, string>>;
  /**
   * The value decoded with today's contract (avsc's JavaScript form: unions unwrapped, `long` as
   * number); a value written with an older schema is resolved to today's, so missing fields with a
   * default hold that default.
   */
  value: Value;
  /** Full name of the record's contract, e.g. `com.acme.accounts.MoneyDeposited`. */
  eventType: string;
  /** Schema version the record was written with, when the log or the value says so. */
  schemaVersion?: number;
}

/** Where a record was read from: the log file (project-relative) and its 1-based line. */
export interface RecordSource {
  file: string;
  line: number;
}

/** A record of a recorded log, with its place in the log and in its partition stream. */
export interface LoggedRecord extends ReplayRecord {
  source: RecordSource;
  /** Position of the record among the log's valid records, in file order (0-based). */
  seq: number;
  /** Index of the record's partition stream in `RecordedLog.streams`. */
  stream: number;
  /** Index of the record inside its stream (0-based, offset order). */
  index: number;
  /** True when `schemaVersion` is older than the newest version of this event type. */
  olderSchema: boolean;
  /** Business entity the contract's key field names (`orderId=o-17`), when the contract declares one. */
  entity?: string;
}

/** The records of one topic partition, in offset order. */
export interface PartitionStream {
  topic: string;
  partition: number;
  records: LoggedRecord[];
}

/**
 * A recorded log once read: its valid records as partition streams (file order is `seq`) plus the
 * findings about records that were skipped.
 */
export interface RecordedLog {
  /** Log file paths (project-relative) the records came from. */
  files: string[];
  streams: PartitionStream[];
  /** All valid records in file order. */
  records: LoggedRecord[];
}

/** `topic/partition`, the label used for a partition stream in messages and timelines. */
export function streamLabel(stream: { topic: string; partition: number }): string {
  return `${stream.topic}/${stream.partition}`;
}

/** A short human reference to a record: `accounts/1@57 MoneyDeposited key=acc-3`. */
export function describeRecord(record: ReplayRecord): string {
  const short = record.eventType.slice(record.eventType.lastIndexOf('.') + 1);
  return `${record.topic}/${record.partition}@${record.offset} ${short} key=${record.key ?? 'null'}`;
}

/**
 * Groups records (already in file order) into partition streams and numbers them. The caller has
 * checked offset order; streams are ordered by topic, then partition.
 */
export function buildRecordedLog(
  files: string[],
  records: Omit<LoggedRecord, 'seq' | 'stream' | 'index'>[],
): RecordedLog {
  const byStream = new Map<string, Omit<LoggedRecord, 'seq' | 'stream' | 'index'>[]>();
  for (const record of records) {
    const id = `${record.topic}\u0000${record.partition}`;
    let list = byStream.get(id);
    if (!list) {
      list = [];
      byStream.set(id, list);
    }
    list.push(record);
  }
  const ids = [...byStream.keys()].sort((a, b) => {
    const [ta = '', pa = '0'] = a.split('\u0000');
    const [tb = '', pb = '0'] = b.split('\u0000');
    return ta < tb ? -1 : ta > tb ? 1 : Number(pa) - Number(pb);
  });
  const streamIndex = new Map(ids.map((id, i) => [id, i]));
  const streams: PartitionStream[] = ids.map((id) => {
    const first = byStream.get(id)?.[0];
    return { topic: first?.topic ?? '', partition: first?.partition ?? 0, records: [] };
  });
  const all: LoggedRecord[] = [];
  records.forEach((record, seq) => {
    const stream = streamIndex.get(`${record.topic}\u0000${record.partition}`) ?? 0;
    const target = streams[stream]!;
    const logged: LoggedRecord = { ...record, seq, stream, index: target.records.length };
    target.records.push(logged);
    all.push(logged);
  });
  return { files, streams, records: all };
}

/**
 * Joins recorded logs into one, in the order given (the reference order is file order, log after
 * log). A partition present in several logs continues in the later one.
 */
export function mergeLogs(logs: readonly RecordedLog[]): RecordedLog {
  if (logs.length === 1) return logs[0]!;
  return buildRecordedLog(
    logs.flatMap((log) => log.files),
    logs.flatMap((log) =>
      log.records.map(({ seq: _seq, stream: _stream, index: _index, ...record }) => record),
    ),
  );
}
