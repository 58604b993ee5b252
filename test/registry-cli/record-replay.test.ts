/**
 * `kontract record` and `kontract replay --from-kafka` through the real CLI against the real broker
 * and registry: demo-domain events are produced (Confluent wire format, ids from the registry) into a
 * topic of this file's own, recorded into a log that is compared record by record with what was
 * produced, replayed through the demo's balance projection (`--log` with registry-backed decoding,
 * `--value json` without), and replayed straight from the topic, whole and split by partition as
 * several runners would. Also: the recording process runs with the semi-space limit, and Kafka
 * trouble is a clear exit 2.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Type } from 'avsc';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogFromContracts } from '../../src/replay/catalog.ts';
import { readLogs } from '../../src/replay/readers/read-log.ts';
import { type CliRun, repoRoot, runKontract } from '../cli/cli-harness.ts';
import {
  demoContracts,
  expectedByPartition,
  type ProducedRecord,
  produce,
  readRecorded,
  recordedByPartition,
  registerDemo,
  sameRecord,
  wireEncode,
} from '../kafka/kafka-fixtures.ts';
import { type DemoWorkspace, demoWorkspace, uniqueSuffix } from '../registry/demo-workspace.ts';
import { propertyRuns } from '../support/property.ts';

let brokers: string;
let registryUrl: string;
let demo: DemoWorkspace;
let topic: string;
let produced: ProducedRecord[];
const { seed, numRuns } = propertyRuns(10);
const searchArgs = ['--runs', String(numRuns), ...(seed === undefined ? [] : ['--seed', String(seed)])];

beforeAll(async () => {
  brokers = inject('kontractKafkaBrokers');
  registryUrl = inject('kontractRegistryUrl');
  const suffix = uniqueSuffix('cli-rec');
  demo = await demoWorkspace(suffix);
  topic = demo.topic('accounts');
  const ids = await registerDemo(registryUrl, suffix);
  produced = await todaysAccountRecords(ids, 300);
  await produce(brokers, topic, 3, produced);
  // The demo's correct balance projection and its twin without deduplication, subscribed to this
  // file's topic instead of `accounts`.
  for (const name of ['balance-projection', 'balance-projection.no-dedupe']) {
    writeFileSync(
      path.join(demo.root, `${name}.ts`),
      [
        `import { defineConsumer } from ${JSON.stringify(path.join(repoRoot, 'src/replay/define-consumer.ts'))};`,
        `import projection from ${JSON.stringify(path.join(repoRoot, `fixtures/consumers/${name}.ts`))};`,
        `export default defineConsumer({ ...projection, topics: [${JSON.stringify(topic)}] });`,
        '',
      ].join('\n'),
    );
  }
}, 120_000);

afterAll(async () => {
  await demo?.remove();
});

/**
 * The first `count` accounts records of the demo log, read as replay reads it (older schema versions
 * resolved to today's through its sidecar) and wire-encoded again with today's registered ids, on the
 * demo's partition modulo 3. Every account's history stays whole and in order, so the balance
 * projection's invariants hold on it.
 */
async function todaysAccountRecords(
  ids: Map<string, { id: number; type: Type }>,
  count: number,
): Promise<ProducedRecord[]> {
  const catalog = catalogFromContracts(await demoContracts());
  const { log } = await readLogs([path.join(repoRoot, 'fixtures/logs/demo.ndjson')], {
    catalog,
    root: repoRoot,
  });
  return log.records
    .filter((record) => record.topic === 'accounts')
    .slice(0, count)
    .map((record) => {
      const registered = ids.get(record.eventType);
      if (registered === undefined) throw new Error(`${record.eventType} is not registered`);
      return {
        topic,
        partition: record.partition % 3,
        key: record.key,
        value: wireEncode(registered.id, registered.type, record.value),
        timestamp: record.timestamp,
        headers: { ...record.headers, eventType: record.eventType },
        eventType: record.eventType,
        json: record.value,
      };
    });
}

/** Runs the CLI in the workspace with no Kafka or registry settings from the outer environment. */
function kontract(args: readonly string[], env: Record<string, string> = {}): CliRun {
  return runKontract(args, {
    cwd: demo.root,
    env: { KONTRACT_REGISTRY_URL: '', KONTRACT_KAFKA_BROKERS: '', NODE_OPTIONS: '', ...env },
  });
}

function replay(args: readonly string[]): CliRun {
  return kontract(['replay', '--consumers', 'balance-projection.ts', ...searchArgs, ...args]);
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('kontract record', () => {
  it('records the topic exactly as produced and says what it recorded', () => {
    const run = kontract(['record', '--topic', topic, '--out', 'accounts.ndjson', '--brokers', brokers]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const sizes = [...expectedByPartition(produced)].sort(([a], [b]) => a - b);
    expect(run.stdout).toMatch(
      new RegExp(
        `^Recorded 300 records of ${topic} into accounts\\.ndjson \\([\\d.]+ KiB, [\\d.]+ s\\)\\.\\n`,
      ),
    );
    for (const [partition, records] of sizes) {
      expect(run.stdout).toContain(`\n  partition ${partition}: offsets 0-${records.length - 1}\n`);
    }
    const recorded = recordedByPartition(readRecorded(path.join(demo.root, 'accounts.ndjson')));
    for (const [partition, records] of sizes) {
      const lines = recorded.get(partition) ?? [];
      expect(lines.map((line) => line.offset)).toEqual(records.map((_, offset) => offset));
      expect(lines.every((line, i) => sameRecord(line, records[i] as ProducedRecord))).toBe(true);
    }
  });

  // The memory budget of a million records needs V8's semi-space limit, which only works at process
  // start: the command runs itself again with it. A limit the user chose is kept (no second process).
  it('records in a process with the semi-space limit, keeping one the user set', () => {
    const tuned = kontract([
      'record',
      topic,
      '--out',
      'tuned.ndjson',
      '--brokers',
      brokers,
      '--format',
      'json',
    ]);
    expect(tuned.status).toBe(0);
    const report = JSON.parse(tuned.stdout) as {
      exitCode: number;
      recording: { records: number; topic: string; seconds: number };
      process: { peakRssBytes: number; semiSpaceLimitMiB: number | null };
    };
    expect(report.exitCode).toBe(0);
    expect(report.recording).toMatchObject({ records: 300, topic });
    expect(report.process.semiSpaceLimitMiB).toBe(16);
    expect(report.process.peakRssBytes).toBeGreaterThan(1e6);

    const own = kontract(['record', topic, '--out', 'own.ndjson', '--brokers', brokers, '--format', 'json'], {
      NODE_OPTIONS: '--max-semi-space-size=32',
    });
    expect(own.status).toBe(0);
    expect(JSON.parse(own.stdout).process.semiSpaceLimitMiB).toBe(32);
  });

  // The installed executable re-runs before any TypeScript loads (the waiting parent stays small);
  // the recording still gets the limit, and the child's exit code and output come through.
  it('records with the limit through bin/kontract.js, passing on exit code and output', () => {
    const script = path.join(repoRoot, 'bin/kontract.js');
    const env = { KONTRACT_REGISTRY_URL: '', KONTRACT_KAFKA_BROKERS: '', NODE_OPTIONS: '' };
    const run = runKontract(
      ['record', topic, '--out', 'bin.ndjson', '--brokers', brokers, '--format', 'json'],
      {
        cwd: demo.root,
        env,
        script,
      },
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).process.semiSpaceLimitMiB).toBe(16);
    const unknown = runKontract(['record', `${topic}-nope`, '--out', 'x.ndjson', '--brokers', brokers], {
      cwd: demo.root,
      env,
      script,
    });
    expect([unknown.status, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain(`\`${topic}-nope\``);
  });

  it('exits 2 with a clear message for an unknown topic, a bad range and Kafka being down', async () => {
    const unknown = kontract(['record', `${topic}-nope`, '--out', 'nope.ndjson', '--brokers', brokers]);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^kontract: .*`[^`]+-nope`/);

    const range = kontract(['record', topic, '--out', 'x.ndjson', '--from', '2026-11-01T00:00']);
    expect(range.status).toBe(2);
    expect(range.stderr).toContain('kontract: --from: "2026-11-01T00:00" has no time zone; add Z for UTC');

    const noFolder = kontract(['record', topic, '--out', 'missing/x.ndjson', '--brokers', brokers]);
    expect(noFolder.status).toBe(2);
    expect(noFolder.stderr).toContain('kontract: --out missing/x.ndjson: the folder missing does not exist.');

    const down = `127.0.0.1:${await closedPort()}`;
    const unreachable = kontract(['record', topic, '--out', 'down.ndjson', '--brokers', down]);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toContain(`no answer from the Kafka brokers ${down}`);
    expect(unreachable.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('replaying what was recorded', () => {
  // Wire-format values carry schema ids only: --registry turns them back into events.
  it('replays a wire-format recording through the balance projection with --registry', () => {
    expect(kontract(['record', topic, '--out', 'wire.ndjson', '--brokers', brokers]).status).toBe(0);
    const run = replay(['--log', 'wire.ndjson', '--registry', registryUrl]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('\nbalance-projection (300 records)\n');
    expect(run.stdout.trimEnd().endsWith('No replay finding.')).toBe(true);

    // Without the registry (and without a sidecar) not one value can be decoded.
    const blind = replay(['--log', 'wire.ndjson', '--format', 'json']);
    const report = JSON.parse(blind.stdout) as { diagnostics: { ruleId: string; message: string }[] };
    expect(report.diagnostics.map((d) => d.ruleId)).toContain('replay/bad-record');
    expect(blind.stdout).not.toContain('(300 records)');
  });

  it('replays a --value json recording without a registry', () => {
    const recorded = kontract([
      'record',
      topic,
      '--out',
      'json.ndjson',
      '--brokers',
      brokers,
      '--value',
      'json',
      '--registry',
      registryUrl,
    ]);
    expect(recorded.status).toBe(0);
    const lines = readRecorded(path.join(demo.root, 'json.ndjson'));
    expect(lines).toHaveLength(300);
    expect(
      lines.every(
        (line) => line.valueEncoding === undefined && line.eventType?.startsWith('com.acme.accounts.'),
      ),
    ).toBe(true);
    const run = replay(['--log', 'json.ndjson']);
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('\nbalance-projection (300 records)\n');
  });
});

describe('kontract replay --from-kafka', () => {
  it('replays the topic straight from Kafka', () => {
    const run = replay(['--from-kafka', topic, '--brokers', brokers, '--registry', registryUrl]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('\nbalance-projection (300 records)\n');
    expect(run.stdout.trimEnd().endsWith('No replay finding.')).toBe(true);
  });

  // Scale-out: runners that each take their own partitions replay every record exactly once between them.
  it('splits the topic by partition across runners', () => {
    const sizes = new Map([...expectedByPartition(produced)].map(([p, records]) => [p, records.length]));
    const counts = ['0', '1-2'].map((partitions) => {
      const run = replay([
        '--from-kafka',
        topic,
        '--brokers',
        brokers,
        '--partitions',
        partitions,
        '--registry',
        registryUrl,
      ]);
      expect(run.status, run.stderr).toBe(0);
      return Number(/\nbalance-projection \((\d+) records\)\n/.exec(run.stdout)?.[1]);
    });
    expect(counts).toEqual([sizes.get(0), (sizes.get(1) ?? 0) + (sizes.get(2) ?? 0)]);
  });

  // A failure points at records of the temporary log: the log is kept (and said so), and replaying it
  // with --log finds the same failure, whatever the topic receives afterwards.
  it('keeps the records of a failing replay for --log', () => {
    const args = ['--property', 'not-idempotent', '--registry', registryUrl];
    const run = kontract([
      'replay',
      '--consumers',
      'balance-projection.no-dedupe.ts',
      ...searchArgs,
      '--from-kafka',
      topic,
      '--brokers',
      brokers,
      ...args,
    ]);
    expect(run.status, run.stdout).toBe(1);
    expect(run.stdout).toContain('FAIL replay/not-idempotent');
    const kept = /kept in (\S+): `--log \1` replays exactly them\.\n$/.exec(run.stderr)?.[1];
    expect(kept, run.stderr).toBeDefined();
    try {
      expect(run.stdout).toContain(
        `--from-kafka ${topic} --brokers ${brokers} --registry ${registryUrl} --seed`,
      );
      const again = kontract([
        'replay',
        '--consumers',
        'balance-projection.no-dedupe.ts',
        ...searchArgs,
        '--log',
        kept as string,
        ...args,
      ]);
      expect(again.status).toBe(1);
      expect(again.stdout).toContain('FAIL replay/not-idempotent');
    } finally {
      rmSync(path.dirname(kept as string), { recursive: true, force: true });
    }
  });

  it('takes the brokers and the registry from the environment and the config', async () => {
    await demo.editConfig((config) => {
      config.kafka = { brokers: [brokers] };
    });
    const run = kontract(
      ['replay', '--consumers', 'balance-projection.ts', ...searchArgs, '--from-kafka', topic],
      {
        KONTRACT_REGISTRY_URL: registryUrl,
      },
    );
    await demo.editConfig((config) => {
      delete config.kafka;
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('\nbalance-projection (300 records)\n');
  });

  it('asks for a registry, and refuses flags that do not fit, before reading anything', () => {
    const noRegistry = replay(['--from-kafka', topic, '--brokers', brokers]);
    expect(noRegistry.status).toBe(2);
    expect(noRegistry.stderr).toContain('kontract: --from-kafka reads wire-format values');
    const both = replay(['--from-kafka', topic, '--log', 'wire.ndjson', '--registry', registryUrl]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('give either --log files or --from-kafka <topic>, not both.');
    const stray = replay(['--log', 'wire.ndjson', '--partitions', '0']);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toContain('--partitions goes with --from-kafka <topic>.');
    const badRange = replay(['--from-kafka', topic, '--partitions', '2-1', '--registry', registryUrl]);
    expect(badRange.status).toBe(2);
    expect(badRange.stderr).toContain('the range "2-1" ends before it starts');
  });
});
