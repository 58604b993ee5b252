/**
 * Replay straight from Kafka (`kontract replay --from-kafka <topic> --partitions 0-5`): the range is
 * recorded into a temporary NDJSON log (wire-format values, ids kept), which the replay readers then
 * read like any recorded log. The log is not streamed record by record into the runner: the runner
 * reads a whole log (its property search needs every record), so a file in between costs one write
 * and gains everything the file readers already do (offset-order checks, findings with line numbers,
 * a log that can be kept as a fixture). Splitting work across runners is by partition: each runner
 * records and replays its own `--partitions`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type KafkaSourceOptions, openKafkaSource } from './kafka-source.ts';
import { type RecordSummary, recordTopic } from './record-topic.ts';

/** What to take from Kafka. */
export interface KafkaLogOptions extends KafkaSourceOptions {
  topic: string;
  partitions?: string;
  from?: string;
  to?: string;
}

/** A temporary log of a topic range; `remove()` deletes it (and its folder). */
export interface KafkaLog {
  file: string;
  summary: RecordSummary;
  remove(): Promise<void>;
}

/** Records the range into a fresh temporary folder and returns the log file. */
export async function recordTemporaryLog(options: KafkaLogOptions): Promise<KafkaLog> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kontract-from-kafka-'));
  const file = path.join(dir, `${options.topic}.ndjson`);
  const source = await openKafkaSource(options);
  try {
    const summary = await recordTopic({
      source,
      topic: options.topic,
      out: file,
      ...(options.partitions !== undefined ? { partitions: options.partitions } : {}),
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
    });
    return { file, summary, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  } finally {
    await source.close();
  }
}
