/**
 * `kontract record` against the real broker and registry: demo-domain events are produced (wire
 * format, keyed and unkeyed, several partitions) into fresh topics, recorded, and the log compared
 * record by record with what was produced; ranges by partitions, offsets and times; the end captured
 * at the start; no consumer group; the atomic write; and a recording interrupted by stopping the
 * broker, resumed after it is back, without gaps or duplicates.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Admin, Producer } from '@platformatic/kafka';
import type { Type } from 'avsc';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runRecord } from '../../src/commands/record.ts';
import { recordTemporaryLog } from '../../src/kafka/kafka-log.ts';
import { KafkaSourceError } from '../../src/kafka/kafka-source.ts';
import { RangeSyntaxError } from '../../src/kafka/record-range.ts';
import { RecordError } from '../../src/kafka/record-topic.ts';
import { RegistryClient } from '../../src/registry/registry-client.ts';
import { collectSchemaIds, registryWriterSchemas } from '../../src/registry/registry-decoder.ts';
import { catalogFromContracts } from '../../src/replay/catalog.ts';
import { readLogs } from '../../src/replay/readers/read-log.ts';
import { uniqueSuffix } from '../registry/demo-workspace.ts';
import {
  demoContracts,
  demoRecords,
  expectedByPartition,
  OwnKafka,
  type ProducedRecord,
  produce,
  readRecorded,
  recordedByPartition,
  registerDemo,
  sameRecord,
} from './kafka-fixtures.ts';

let brokers: string;
let registryUrl: string;
let ids: Map<string, { id: number; type: Type }>;
let dir: string;
/** The accounts topic of this file: 3 partitions, every 7th record unkeyed. */
let accounts: { topic: string; records: ProducedRecord[] };
const quiet = { isTTY: false, write: () => true };

beforeAll(async () => {
  brokers = inject('kontractKafkaBrokers');
  registryUrl = inject('kontractRegistryUrl');
  dir = await mkdtemp(path.join(tmpdir(), 'kontract-record-'));
  ids = await registerDemo(registryUrl, uniqueSuffix('record'));
  const topic = `accounts-${uniqueSuffix('rec')}`;
  const records = await demoRecords('accounts', topic, ids, { count: 600, partitions: 3, unkeyedEvery: 7 });
  await produce(brokers, topic, 3, records);
  accounts = { topic, records };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Asserts that a log holds exactly `expected`: per partition, in offset order, field by field. */
function expectLogToHold(
  file: string,
  expected: readonly ProducedRecord[],
  firstOffsets: Record<number, number> = {},
) {
  const lines = readRecorded(file);
  expect(lines).toHaveLength(expected.length);
  const recorded = recordedByPartition(lines);
  for (const [partition, records] of expectedByPartition(expected)) {
    const got = recorded.get(partition) ?? [];
    const first = firstOffsets[partition] ?? 0;
    expect(got.map((line) => line.offset)).toEqual(records.map((_, i) => first + i));
    got.forEach((line, i) => {
      expect(
        sameRecord(line, records[i] as ProducedRecord),
        `partition ${partition} offset ${line.offset}`,
      ).toBe(true);
    });
  }
}

describe('recording a topic', () => {
  it('records every partition exactly as produced, keyed and unkeyed, and joins no group', async () => {
    const out = path.join(dir, 'all.ndjson');
    const admin = new Admin({ clientId: 'kontract-test', bootstrapBrokers: [brokers] });
    const groupsBefore = await admin.listGroups();
    const shown: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => shown.push(text) };
    const result = await runRecord({
      cwd: dir,
      topic: accounts.topic,
      out,
      brokers: [brokers],
      progress: terminal,
    });
    // On a TTY, progress says records, bytes and lag; the last line ends the recording with lag 0.
    expect(shown.at(-1)).toMatch(/: 600 records, [\d.]+ KiB, lag 0, \d+ records\/s\n$/);
    expect(shown.at(-1)?.startsWith(`\r${accounts.topic}: `)).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.summary).toMatchObject({ records: 600, resumed: false, undecoded: 0 });
    expect(result.summary.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expectLogToHold(out, accounts.records);
    expect(readRecorded(out).some((line) => line.key === null)).toBe(true);
    // Nothing was committed in anyone's group: no group appeared.
    const groupsAfter = await admin.listGroups();
    await admin.close();
    expect([...groupsAfter.keys()].filter((group) => !groupsBefore.has(group))).toEqual([]);
    expect(existsSync(`${out}.partial`) || existsSync(`${out}.state.json`)).toBe(false);
  });

  it('gives a log the replay reader decodes with writer schemas from the registry', async () => {
    const out = path.join(dir, 'replayable.ndjson');
    await runRecord({ cwd: dir, topic: accounts.topic, out, brokers: [brokers], progress: quiet });
    const contracts = await demoContracts();
    const client = await RegistryClient.connect({ url: registryUrl }, {});
    // The ids come from the log itself, as `kontract replay` with a registry would find them.
    const logged = new Set(readRecorded(out).map((line) => line.schemaId));
    expect(new Set(await collectSchemaIds([out]))).toEqual(logged);
    const writerSchemas = await registryWriterSchemas(client, [...logged, 2147483632] as number[]);
    // The demo contracts name topic `accounts`; this recording's topic has a suffix.
    const catalog = catalogFromContracts(
      contracts.map((c) =>
        c.settings.topic === 'accounts' ? { ...c, settings: { ...c.settings, topic: accounts.topic } } : c,
      ),
      writerSchemas,
    );
    // One more record, written with a schema id the registry never issued: a finding, not a crash.
    const unknownId = Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0, 2, 0x61]).toString('base64');
    const first = readRecorded(out)[0];
    await appendFile(
      out,
      `${JSON.stringify({ ...first, offset: 100_000, schemaId: 2147483632, value: unknownId })}\n`,
    );
    const loaded = await readLogs([out], { catalog, root: dir });
    expect(loaded.diagnostics.map((d) => [d.ruleId, d.messageId, d.location?.line])).toEqual([
      ['replay/bad-record', 'unknown-schema-id', 601],
    ]);
    expect(loaded.diagnostics[0]?.message).toContain(`the schema registry at ${registryUrl}`);
    expect(loaded.log.records).toHaveLength(600);
    const byPlace = new Map(loaded.log.records.map((r) => [`${r.partition}/${r.offset}`, r]));
    for (const [partition, records] of expectedByPartition(accounts.records)) {
      records.forEach((record, offset) => {
        const read = byPlace.get(`${partition}/${offset}`);
        expect(read?.eventType).toBe(record.eventType);
        expect(read?.value).toEqual(record.json);
      });
    }
  });

  it('gives replay a temporary log of a partition range straight from Kafka', async () => {
    const log = await recordTemporaryLog({ brokers: [brokers], topic: accounts.topic, partitions: '1-2' });
    try {
      const expected = [...expectedByPartition(accounts.records)]
        .filter(([p]) => p !== 0)
        .flatMap(([, r]) => r);
      expectLogToHold(log.file, expected);
    } finally {
      await log.remove();
    }
    expect(existsSync(log.file)).toBe(false);
  });

  it('decodes values to JSON through the registry with --value json', async () => {
    const out = path.join(dir, 'json.ndjson');
    const result = await runRecord({
      cwd: dir,
      topic: accounts.topic,
      out,
      brokers: [brokers],
      value: 'json',
      registry: { url: registryUrl },
      env: {},
      progress: quiet,
    });
    expect(result.summary.undecoded).toBe(0);
    const recorded = recordedByPartition(readRecorded(out));
    for (const [partition, records] of expectedByPartition(accounts.records)) {
      const got = recorded.get(partition) ?? [];
      expect(got.map((line) => [line.eventType, line.value])).toEqual(
        records.map((r) => [r.eventType, r.json]),
      );
    }
  });

  it('records chosen partitions from an offset, and a time window', async () => {
    const out = path.join(dir, 'range.ndjson');
    await runRecord({
      cwd: dir,
      topic: accounts.topic,
      out,
      brokers: [brokers],
      partitions: '0,2',
      from: '5',
      progress: quiet,
    });
    const expected = [...expectedByPartition(accounts.records)]
      .filter(([partition]) => partition !== 1)
      .flatMap(([, records]) => records.slice(5));
    expectLogToHold(out, expected, { 0: 5, 2: 5 });

    const times = accounts.records.map((r) => r.timestamp).sort((a, b) => a - b);
    const from = times[100] as number;
    const to = times[300] as number;
    const window = path.join(dir, 'window.ndjson');
    await runRecord({
      cwd: dir,
      topic: accounts.topic,
      out: window,
      brokers: [brokers],
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      progress: quiet,
    });
    // A time bound is the first offset at or after that time, per partition: [from, to).
    const inWindow = [...expectedByPartition(accounts.records)].flatMap(([, records]) => {
      const start = records.findIndex((r) => r.timestamp >= from);
      const endIndex = records.findIndex((r) => r.timestamp >= to);
      return start < 0 ? [] : records.slice(start, endIndex < 0 ? records.length : endIndex);
    });
    expect(readRecorded(window)).toHaveLength(inWindow.length);
    expect(readRecorded(window).every((line) => line.timestamp >= from)).toBe(true);
  });

  it('stops at the end offsets captured at the start while producers go on, and writes atomically', async () => {
    const topic = `accounts-${uniqueSuffix('grow')}`;
    const records = await demoRecords('accounts', topic, ids, { count: 400, partitions: 2 });
    await produce(brokers, topic, 2, records);
    const out = path.join(dir, 'grow.ndjson');
    const producer = new Producer({ clientId: 'kontract-test', bootstrapBrokers: [brokers] });
    let appended = false;
    let sawFinalName = false;
    await runRecord({
      cwd: dir,
      topic,
      out,
      brokers: [brokers],
      progress: quiet,
      fetchMaxBytes: 16 * 1024,
      onProgress: async (progress) => {
        if (!progress.done) sawFinalName ||= existsSync(out);
        if (appended) return;
        appended = true;
        const more = records.slice(0, 50);
        await producer.send({
          acks: -1,
          messages: more.map((r) => ({ topic, partition: r.partition, value: r.value })),
        });
      },
    });
    await producer.close();
    expect(appended).toBe(true);
    expect(sawFinalName).toBe(false);
    expectLogToHold(out, records);
  });

  it('refuses bad ranges, unknown topics and a state file of another recording, clearly', async () => {
    await expect(
      runRecord({ cwd: dir, topic: accounts.topic, out: 'x.ndjson', brokers: [brokers], partitions: '3-1' }),
    ).rejects.toThrow(RangeSyntaxError);
    await expect(
      runRecord({
        cwd: dir,
        topic: accounts.topic,
        out: 'x.ndjson',
        brokers: [brokers],
        from: '2026-11-01T00:00',
      }),
    ).rejects.toThrow(/no time zone/);
    const unknown = runRecord({
      cwd: dir,
      topic: `absent-${uniqueSuffix('t')}`,
      out: 'x.ndjson',
      brokers: [brokers],
      progress: quiet,
    });
    await expect(unknown).rejects.toMatchObject({ name: 'KafkaSourceError', code: 'unknown-topic' });
    await expect(
      runRecord({
        cwd: dir,
        topic: accounts.topic,
        out: 'x.ndjson',
        brokers: [brokers],
        partitions: '7',
        progress: quiet,
      }),
    ).rejects.toThrow(/has partitions 0-2, not 7/);

    // An interrupted recording of partition 0 cannot be resumed as a recording of partition 1.
    const out = path.join(dir, 'mismatch.ndjson');
    await expect(
      runRecord({
        cwd: dir,
        topic: accounts.topic,
        out,
        brokers: [brokers],
        partitions: '0',
        progress: quiet,
        fetchMaxBytes: 4096,
        onProgress: () => {
          throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const other = runRecord({
      cwd: dir,
      topic: accounts.topic,
      out,
      brokers: [brokers],
      partitions: '1',
      progress: quiet,
    });
    await expect(other).rejects.toBeInstanceOf(RecordError);
    await expect(other).rejects.toThrow(/--restart/);
    const restarted = await runRecord({
      cwd: dir,
      topic: accounts.topic,
      out,
      brokers: [brokers],
      partitions: '1',
      restart: true,
      progress: quiet,
    });
    expect(restarted.summary.resumed).toBe(false);
    expectLogToHold(out, expectedByPartition(accounts.records).get(1) ?? []);
  });
});

describe('a broker that goes away mid-recording', () => {
  const own = new OwnKafka(19_300 + (process.pid % 50) * 2);
  beforeAll(() => own.start(), 180_000);
  afterAll(() => own.stop(), 120_000);

  it('fails clearly, keeps the partial log, and resumes after the restart without gaps or duplicates', async () => {
    const topic = `accounts-${uniqueSuffix('kill')}`;
    const records = await demoRecords('accounts', topic, ids, {
      count: 3000,
      partitions: 3,
      unkeyedEvery: 5,
    });
    await produce(own.brokers, topic, 3, records);
    const out = path.join(dir, 'killed.ndjson');
    let stoppedAfter = -1;
    const interrupted = runRecord({
      cwd: dir,
      topic,
      out,
      brokers: [own.brokers],
      progress: quiet,
      fetchMaxBytes: 32 * 1024,
      onProgress: (progress) => {
        if (stoppedAfter < 0 && progress.records > 0) {
          stoppedAfter = progress.records;
          own.stop();
        }
      },
    });
    await expect(interrupted).rejects.toBeInstanceOf(KafkaSourceError);
    await expect(interrupted).rejects.toMatchObject({ code: 'unreachable' });
    expect(stoppedAfter).toBeGreaterThan(0);
    expect(stoppedAfter).toBeLessThan(records.length);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`) && existsSync(`${out}.state.json`)).toBe(true);

    own.restart();
    const resumed = await runRecord({ cwd: dir, topic, out, brokers: [own.brokers], progress: quiet });
    expect(resumed.summary).toMatchObject({ resumed: true, records: records.length });
    expectLogToHold(out, records);
  }, 240_000);
});
