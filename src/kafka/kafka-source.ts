/**
 * The recorder's narrow view of a Kafka cluster, on `@platformatic/kafka` (chosen over KafkaJS and
 * `@confluentinc/kafka-javascript`; see docs/registry-and-kafka.md): topic metadata, offsets by
 * position or time, and plain Fetch requests to each partition's leader. Nothing here joins a
 * consumer group or commits an offset: the client's `fetch` and `listOffsets` are single requests,
 * not a group member's loop. The library is imported on first use, never on `lint` or `--help`.
 */
import type { ConsumedRecord } from './envelope.ts';

/** Why talking to Kafka failed. */
export type KafkaErrorCode = 'unreachable' | 'unknown-topic' | 'unknown-partition' | 'protocol';

/** A Kafka failure with a message fit to print. */
export class KafkaSourceError extends Error {
  readonly code: KafkaErrorCode;
  constructor(code: KafkaErrorCode, message: string) {
    super(message);
    this.name = 'KafkaSourceError';
    this.code = code;
  }
}

/** A topic's id and each partition's leader. */
export interface TopicLayout {
  name: string;
  id: string;
  /** Leader broker id of each partition, indexed by partition. */
  leaders: number[];
}

/** What one partition's fetch brought back. */
export interface PartitionFetch {
  partition: number;
  /** Data records at or after the requested offset, in offset order (control records left out). */
  records: ConsumedRecord[];
  /** The offset after the last batch returned (control batches included); the request offset if none. */
  nextOffset: bigint;
  logStartOffset: bigint;
  highWatermark: bigint;
  /** Kafka error code of the partition (0: none). */
  errorCode: number;
}

/** Connection settings. */
export interface KafkaSourceOptions {
  /** Bootstrap brokers, `host:port`. */
  brokers: readonly string[];
  clientId?: string;
  /** Per-request timeout, milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Client retries of one request before it fails (default 2). */
  retries?: number;
}

/** A connected source; `close` it when done. */
export interface KafkaSource {
  topic(name: string): Promise<TopicLayout>;
  /** Offsets per partition: earliest, latest, or the first offset at or after a time (latest if none). */
  offsets(
    topic: string,
    partitions: readonly number[],
    at: 'earliest' | 'latest' | number,
  ): Promise<Map<number, bigint>>;
  /** One Fetch round to the leaders of the partitions asked for. */
  fetch(topic: TopicLayout, from: ReadonlyMap<number, bigint>, maxBytes: number): Promise<PartitionFetch[]>;
  close(): Promise<void>;
}

const IS_CONTROL = 0x20;
const LOG_APPEND_TIME = 0x08;
const UNKNOWN_TOPIC_OR_PARTITION = 3;

/** Explains an error of the Kafka client in one sentence, with the brokers it tried. */
function explain(error: unknown, brokers: readonly string[], action: string): KafkaSourceError {
  const messages: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || value === null || typeof value !== 'object') return;
    const record = value as { message?: unknown; errors?: unknown; cause?: unknown; code?: unknown };
    if (typeof record.message === 'string' && record.message !== '') messages.push(record.message);
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner, depth + 1);
    visit(record.cause, depth + 1);
  };
  visit(error, 0);
  const detail = [...new Set(messages)].slice(0, 3).join('; ');
  if (/UNKNOWN_TOPIC|does not exist|not found in topic|Unknown topic/i.test(detail)) {
    return new KafkaSourceError('unknown-topic', `could not ${action}: ${detail}`);
  }
  const network =
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|timed out|Timeout|closed|Connection|network/i;
  if (network.test(detail)) {
    return new KafkaSourceError(
      'unreachable',
      `could not ${action}: no answer from the Kafka brokers ${brokers.join(', ')} (${detail}); is the cluster up?`,
    );
  }
  return new KafkaSourceError('protocol', `could not ${action}: ${detail || String(error)}`);
}

/** Connects (lazily: the first request opens the connection). */
export async function openKafkaSource(options: KafkaSourceOptions): Promise<KafkaSource> {
  const { Consumer } = await import('@platformatic/kafka');
  const brokers = [...options.brokers];
  // A Consumer is the client class with fetch and listOffsets; its group id is required by the
  // constructor but never used: fetch and listOffsets send no group request, so nothing joins it.
  const consumer = new Consumer({
    clientId: options.clientId ?? 'kontract-record',
    groupId: 'kontract-record-no-group',
    bootstrapBrokers: brokers,
    timeout: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 2,
    retryDelay: 250,
    autocommit: false,
  });
  const guarded = async <T>(action: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof KafkaSourceError) throw error;
      throw explain(error, brokers, action);
    }
  };

  return {
    topic: (name) =>
      guarded(`read the metadata of topic \`${name}\``, async () => {
        const metadata = await consumer.metadata({ topics: [name], forceUpdate: true });
        const topic = metadata.topics.get(name);
        if (!topic)
          throw new KafkaSourceError(
            'unknown-topic',
            `topic \`${name}\` does not exist on ${brokers.join(', ')}`,
          );
        return { name, id: topic.id, leaders: topic.partitions.map((partition) => partition.leader) };
      }),

    offsets: (topic, partitions, at) =>
      guarded(`list the offsets of topic \`${topic}\``, async () => {
        const timestamp = at === 'earliest' ? -2n : at === 'latest' ? -1n : BigInt(at);
        const listed = await consumer.listOffsets({
          topics: [topic],
          partitions: { [topic]: [...partitions] },
          timestamp,
          isolationLevel: 1,
        });
        const byPartition = listed.get(topic) ?? [];
        const result = new Map<number, bigint>();
        for (const partition of partitions) {
          const offset = byPartition[partition];
          if (offset === undefined)
            throw new KafkaSourceError(
              'unknown-partition',
              `topic \`${topic}\` has no partition ${partition}`,
            );
          result.set(partition, offset);
        }
        // A time after the last record has no offset (-1): the range ends at the log end.
        if (typeof at === 'number' && [...result.values()].some((offset) => offset < 0n)) {
          const ends = await consumer.listOffsets({
            topics: [topic],
            partitions: { [topic]: [...partitions] },
            isolationLevel: 1,
          });
          const endOffsets = ends.get(topic) ?? [];
          for (const [partition, offset] of result)
            if (offset < 0n) result.set(partition, endOffsets[partition] ?? 0n);
        }
        return result;
      }),

    fetch: (topic, from, maxBytes) =>
      guarded(`fetch records of topic \`${topic.name}\``, async () => {
        const byLeader = new Map<number, number[]>();
        for (const partition of from.keys()) {
          const leader = topic.leaders[partition];
          if (leader === undefined)
            throw new KafkaSourceError(
              'unknown-partition',
              `topic \`${topic.name}\` has no partition ${partition}`,
            );
          const list = byLeader.get(leader) ?? [];
          list.push(partition);
          byLeader.set(leader, list);
        }
        const perPartitionBytes = Math.max(64 * 1024, Math.floor(maxBytes / Math.max(1, from.size)));
        const responses = await Promise.all(
          [...byLeader].map(([leader, partitions]) =>
            consumer.fetch({
              node: leader,
              topics: [
                {
                  topicId: topic.id,
                  partitions: partitions.map((partition) => ({
                    partition,
                    currentLeaderEpoch: -1,
                    fetchOffset: from.get(partition) as bigint,
                    lastFetchedEpoch: -1,
                    partitionMaxBytes: perPartitionBytes,
                  })),
                },
              ],
              maxBytes,
              maxWaitTime: 100,
              minBytes: 1,
              isolationLevel: 1,
            }),
          ),
        );
        const fetched: PartitionFetch[] = [];
        for (const response of responses) {
          for (const topicResponse of response.responses) {
            for (const partition of topicResponse.partitions) {
              const requested = from.get(partition.partitionIndex) as bigint;
              if (partition.errorCode === UNKNOWN_TOPIC_OR_PARTITION) {
                throw new KafkaSourceError(
                  'unknown-topic',
                  `topic \`${topic.name}\` partition ${partition.partitionIndex} no longer exists`,
                );
              }
              const records: ConsumedRecord[] = [];
              let nextOffset = requested;
              for (const batch of partition.records ?? []) {
                const batchEnd = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
                if (batchEnd > nextOffset) nextOffset = batchEnd;
                if ((batch.attributes & IS_CONTROL) !== 0) continue;
                const appendTime = (batch.attributes & LOG_APPEND_TIME) !== 0;
                for (const record of batch.records) {
                  const offset = batch.firstOffset + BigInt(record.offsetDelta);
                  if (offset < requested) continue;
                  records.push({
                    topic: topic.name,
                    partition: partition.partitionIndex,
                    offset,
                    timestamp: appendTime ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta,
                    key: record.key,
                    value: record.value,
                    headers: record.headers,
                  });
                }
              }
              fetched.push({
                partition: partition.partitionIndex,
                records,
                nextOffset,
                logStartOffset: partition.logStartOffset,
                highWatermark: partition.highWatermark,
                errorCode: partition.errorCode,
              });
            }
          }
        }
        return fetched;
      }),

    close: () => consumer.close(true).catch(() => undefined),
  };
}
