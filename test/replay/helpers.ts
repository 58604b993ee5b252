/**
 * Test helpers for the replay harness: a synthetic partitioned log built from inline specs, a
 * recording consumer, and the demo log and consumers loaded once per file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import type { ReplayCatalog } from '../../src/replay/catalog.ts';
import { createCatalog } from '../../src/replay/catalog.ts';
import type { AnyConsumer } from '../../src/replay/define-consumer.ts';
import { defineConsumer } from '../../src/replay/define-consumer.ts';
import type { LoggedRecord, RecordedLog, ReplayRecord } from '../../src/replay/model.ts';
import { buildRecordedLog } from '../../src/replay/model.ts';
import { loadReplayCatalog } from '../../src/replay/readers/load-catalog.ts';
import { loadConsumers } from '../../src/replay/readers/load-consumer.ts';
import { readLogs } from '../../src/replay/readers/read-log.ts';

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One synthetic record: topic/partition, key, and a small value. */
export interface RecordSpec {
  topic?: string;
  partition: number;
  key?: string | null;
  value?: Record<string, unknown>;
  eventType?: string;
  entity?: string;
  schemaVersion?: number;
  olderSchema?: boolean;
}

/** Builds a recorded log from specs in file order; offsets count per partition from 0. */
export function syntheticLog(specs: readonly RecordSpec[]): RecordedLog {
  const offsets = new Map<string, number>();
  const records = specs.map((spec, i) => {
    const topic = spec.topic ?? 't';
    const id = `${topic}/${spec.partition}`;
    const offset = offsets.get(id) ?? 0;
    offsets.set(id, offset + 1);
    const record: Omit<LoggedRecord, 'seq' | 'stream' | 'index'> = {
      topic,
      partition: spec.partition,
      offset: String(offset),
      key: spec.key === undefined ? `k${i}` : spec.key,
      timestamp: 1_700_000_000_000 + i * 1000,
      headers: {},
      value: spec.value ?? { id: `e${i}`, n: i },
      eventType: spec.eventType ?? 'test.Event',
      source: { file: 'synthetic.ndjson', line: i + 1 },
      olderSchema: spec.olderSchema ?? false,
    };
    if (spec.entity !== undefined) record.entity = spec.entity;
    if (spec.schemaVersion !== undefined) record.schemaVersion = spec.schemaVersion;
    return record;
  });
  return buildRecordedLog(['synthetic.ndjson'], records);
}

/** A consumer that records every delivery (`topic/partition@offset`) in its snapshot. */
export function recordingConsumer(options: { topics?: string[]; async?: boolean } = {}): AnyConsumer {
  return defineConsumer({
    name: 'recorder',
    topics: options.topics ?? ['t'],
    setup: () => ({ seen: [] as string[] }),
    handle: options.async
      ? async (record: ReplayRecord, state: { seen: string[] }, context) => {
          await context.io();
          state.seen.push(`${record.topic}/${record.partition}@${record.offset}`);
        }
      : (record: ReplayRecord, state: { seen: string[] }) => {
          state.seen.push(`${record.topic}/${record.partition}@${record.offset}`);
        },
    snapshot: (state) => state.seen,
  });
}

/** A small catalog with one contract on topic `t` (an id and a number), for decoder tests. */
export function testCatalog(): ReplayCatalog {
  const type = avro.Type.forSchema({
    type: 'record',
    name: 'Event',
    namespace: 'test',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'n', type: 'int' },
      { name: 'note', type: ['null', 'string'], default: null },
    ],
  });
  return createCatalog([
    { fullName: 'test.Event', type, topic: 't', keyField: 'id', versionField: 'version' },
  ]);
}

let demo: Promise<{ log: RecordedLog; catalog: ReplayCatalog }> | undefined;

/** The demo log, read once. */
export function demoLog(): Promise<{ log: RecordedLog; catalog: ReplayCatalog }> {
  demo ??= (async () => {
    const { catalog } = await loadReplayCatalog({ root });
    const loaded = await readLogs(['fixtures/logs/demo.ndjson'], { catalog, root });
    return { log: loaded.log, catalog };
  })();
  return demo;
}

/** Loads one demo consumer by file name (without `.ts`). */
export async function demoConsumer(name: string): Promise<{ consumer: AnyConsumer; file: string }> {
  const { consumers, errors } = await loadConsumers([`fixtures/consumers/${name}.ts`], { root });
  if (errors.length > 0 || !consumers[0])
    throw new Error(`cannot load ${name}: ${errors.map((e) => e.message).join('; ')}`);
  return { consumer: consumers[0].consumer, file: consumers[0].file };
}
