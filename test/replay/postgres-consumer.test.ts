/**
 * The replay harness against a real database: the balance projection kept in PostgreSQL (a
 * transaction per record, run inside `context.io`) passes every property; its twin that reads a
 * total in one statement and writes it back in another is caught as a race. The server is the one
 * `scripts/infra/postgres.sh` runs on 127.0.0.1 (installed with apt-get on a fresh machine); a
 * fresh schema per run.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '../../fixtures/consumers/postgres/database.ts';
import type { RecordedLog } from '../../src/replay/model.ts';
import { readLogs } from '../../src/replay/readers/read-log.ts';
import { runReplay } from '../../src/replay/run-replay.ts';
import { propertyRuns } from '../support/property.ts';
import { demoConsumer, demoLog, root } from './helpers.ts';

const script = path.join(root, 'scripts/infra/postgres.sh');

function postgres(command: string): { status: number | null; output: string } {
  const result = spawnSync('bash', [script, command], { cwd: root, encoding: 'utf8', timeout: 280_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

let startedHere = false;
let log: RecordedLog;

beforeAll(async () => {
  if (postgres('status').status !== 0) {
    const started = postgres('start');
    if (started.status !== 0) throw new Error(`scripts/infra/postgres.sh start failed:\n${started.output}`);
    startedHere = true;
  }
  const ready = postgres('wait');
  if (ready.status !== 0) throw new Error(`PostgreSQL is not ready:\n${ready.output}`);
  process.env.KONTRACT_PG_URL ??= postgres('url').output.trim().split('\n').pop();
  // The first 400 records of the demo log: enough accounts, partitions and deposits, few enough for a database per run.
  const { catalog } = await demoLog();
  log = (await readLogs(['fixtures/logs/demo.ndjson'], { catalog, root, maxRecords: 400 })).log;
}, 300_000);

afterAll(async () => {
  await closeDatabase();
  if (startedHere) postgres('stop');
});

describe('a PostgreSQL-backed consumer', () => {
  it('passes every property when each record is one idempotent transaction', async () => {
    const { seed, numRuns } = propertyRuns(8);
    const result = await runReplay({
      consumers: [await demoConsumer('postgres/balance-projection.postgres')],
      log,
      runs: numRuns,
      ...(seed === undefined ? {} : { seed }),
      commitPolicy: { kind: 'batch', size: 5 },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.consumers[0]!.properties.filter((p) => p.status === 'passed').map((p) => p.id)).toEqual([
      'replay/evolution',
      'replay/not-idempotent',
      'replay/order-sensitive',
      'replay/not-restart-safe',
      'replay/not-replay-safe',
      'replay/race',
    ]);
  }, 240_000);

  it('catches a lost update between two statements as a race', async () => {
    const { seed, numRuns } = propertyRuns(8);
    const result = await runReplay({
      consumers: [await demoConsumer('postgres/balance-projection.postgres.lost-update')],
      log,
      runs: numRuns,
      ...(seed === undefined ? {} : { seed }),
      commitPolicy: { kind: 'batch', size: 5 },
    });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['replay/race']);
    expect(result.failures[0]!.diff.some((change) => change.path.startsWith('depositsByCurrency.'))).toBe(
      true,
    );
  }, 240_000);
});
