/**
 * The replay harness on a real store: the balance projection kept in PostgreSQL (the server of
 * scripts/infra/postgres.sh, a fresh schema per run) gives the in-memory projection's exact snapshot,
 * passes every property on the demo log, and its twin without a dedupe table is caught as
 * `replay/not-idempotent` with a small counterexample. Seeds are pinned and runs bounded
 * (KONTRACT_PROPERTY_PROFILE=deep: random seeds, ten times the runs).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BalanceStore } from '../../fixtures/consumers/postgres/shared/balance-store.ts';
import type { AnyConsumer } from '../../src/replay/define-consumer.ts';
import type { RecordedLog, ReplayCatalog, ReplayResult } from '../../src/replay/index.ts';
import {
  loadConsumers,
  loadReplayCatalog,
  readLogs,
  runReference,
  runReplay,
} from '../../src/replay/index.ts';
import { ensurePostgres, releasePostgres } from '../infra/postgres.ts';
import { propertyRuns } from '../support/property.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const demoLogFile = 'fixtures/logs/demo.ndjson';
/**
 * The first 400 records of the demo log (a prefix of every partition, itself a legal state): 231
 * account events over four partitions (56 AccountOpened, 128 MoneyDeposited of both schema versions,
 * 47 MoneyWithdrawn). The whole log, closings included, is checked once by the snapshot test.
 */
const maxRecords = 400;

let url = '';
/** True when this file ensured the server itself (no global setup provided it), so it must release it. */
let holdsLease = false;
let catalog: ReplayCatalog;
let log: RecordedLog;

beforeAll(async () => {
  const provided = inject('kontractPostgresUrl');
  if (provided) url = provided;
  else {
    holdsLease = true;
    ({ url } = await ensurePostgres());
  }
  // The consumers read the URL when each run's setup connects.
  process.env.KONTRACT_PG_URL = url;
  ({ catalog } = await loadReplayCatalog({ root }));
  ({ log } = await readLogs([demoLogFile], { catalog, root, maxRecords }));
}, 600_000);

afterAll(async () => {
  if (holdsLease) await releasePostgres();
}, 120_000);

async function consumer(file: string): Promise<{ consumer: AnyConsumer; file: string }> {
  const { consumers, errors } = await loadConsumers([file], { root });
  if (errors.length > 0 || !consumers[0]) throw new Error(errors.map((e) => e.message).join('; '));
  return { consumer: consumers[0].consumer, file: consumers[0].file };
}

async function replay(file: string, runs: number): Promise<ReplayResult> {
  const { seed, numRuns } = propertyRuns(runs);
  return runReplay({
    consumers: [await consumer(file)],
    log,
    runs: numRuns,
    ...(seed === undefined ? {} : { seed }),
    commitPolicy: { kind: 'batch', size: 5 },
  });
}

/**
 * Schemas that runs of these consumers in this process created and did not drop (other processes may
 * be replaying against the same server right now; their schemas carry their own pid).
 */
async function leftoverRunSchemas(): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY 1',
      [`kontract_run_${process.pid}_`],
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

/** The tables of one schema, by name. */
async function tablesOf(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [schema],
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL balance projection', () => {
  // Same semantics as the in-memory projection, shown on every record of the demo log, not a sample.
  it('gives the in-memory projection’s exact snapshot over the whole demo log', async () => {
    const [inPostgres, inMemory] = await Promise.all([
      consumer('fixtures/consumers/postgres/balance-projection.ts'),
      consumer('fixtures/consumers/balance-projection.ts'),
    ]);
    const fromPostgres = await runReference({
      consumer: inPostgres.consumer,
      files: [demoLogFile],
      catalog,
      root,
    });
    const fromMemory = await runReference({
      consumer: inMemory.consumer,
      files: [demoLogFile],
      catalog,
      root,
    });
    expect(fromPostgres.result.abort).toBeUndefined();
    expect(fromPostgres.result.failures).toEqual([]);
    expect(fromPostgres.delivered).toBe(fromMemory.delivered);
    expect(fromPostgres.delivered).toBeGreaterThan(2000);
    expect(fromPostgres.result.snapshot?.text).toBe(fromMemory.result.snapshot?.text);
    const snapshot = fromPostgres.result.snapshot?.value as { accounts: Record<string, { status: string }> };
    expect(Object.values(snapshot.accounts).some((account) => account.status === 'closed')).toBe(true);
  }, 120_000);

  it('passes every property on the demo log, each with its full number of runs', async ({ annotate }) => {
    const started = performance.now();
    const result = await replay('fixtures/consumers/postgres/balance-projection.ts', 30);
    const seconds = (performance.now() - started) / 1000;
    expect(result.diagnostics).toEqual([]);
    const properties = result.consumers[0]!.properties;
    expect(properties.map((p) => `${p.id}:${p.status}`)).toEqual([
      'replay/evolution:passed',
      'replay/invariant:passed',
      'replay/not-idempotent:passed',
      'replay/order-sensitive:passed',
      'replay/not-restart-safe:passed',
      'replay/not-replay-safe:passed',
      'replay/race:passed',
    ]);
    for (const property of properties) expect(property.runs).toBe(propertyRuns(30).numRuns);
    await annotate(
      `${result.runs} property runs against PostgreSQL in ${seconds.toFixed(1)} s: ${(result.runs / seconds).toFixed(1)} runs/s`,
    );
  }, 240_000);

  it('catches the twin without a dedupe table as not idempotent, and nothing else', async () => {
    const result = await replay('fixtures/consumers/postgres/balance-projection.no-dedupe.ts', 30);
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['replay/not-idempotent']);
    const failure = result.failures[0]!;
    expect(failure.consumer).toBe('postgres/balance-projection.no-dedupe');
    // Shrunk to a handful of records, with the redelivery named and the doubled amounts in the diff.
    const records = new Set(failure.timeline.map((step) => `${step.topic}/${step.partition}@${step.offset}`));
    expect(records.size).toBeGreaterThan(0);
    expect(records.size).toBeLessThanOrEqual(6);
    expect(
      failure.involved.some((record) => record.happened.some((what) => /delivered 2 times/.test(what))),
    ).toBe(true);
    expect(failure.diff.length).toBeGreaterThan(0);
    expect(
      failure.diff.every(
        (change) => change.path.startsWith('accounts.') || change.path.startsWith('depositsByCurrency.'),
      ),
    ).toBe(true);
    expect(failure.reproduce).toMatch(
      /^kontract replay --seed \d+ --path \S+ --consumer postgres\/balance-projection\.no-dedupe --property replay\/not-idempotent --commit batch:5$/,
    );
    expect(result.diagnostics[0]!.location?.file).toBe(demoLogFile);
  }, 240_000);

  // Every run's teardown drops its schema: hundreds of runs leave the database as they found it.
  it('leaves no run schema behind after the property searches', async () => {
    expect(await leftoverRunSchemas()).toEqual([]);
  });

  it('gives each run a fresh schema of its own, and drops it at teardown', async () => {
    const [correct, twin] = await Promise.all([
      consumer('fixtures/consumers/postgres/balance-projection.ts'),
      consumer('fixtures/consumers/postgres/balance-projection.no-dedupe.ts'),
    ]);
    const first = (await correct.consumer.setup()) as BalanceStore;
    const second = (await correct.consumer.setup()) as BalanceStore;
    const withoutDedupe = (await twin.consumer.setup()) as BalanceStore;
    try {
      expect(new Set([first.schema, second.schema, withoutDedupe.schema]).size).toBe(3);
      expect(await leftoverRunSchemas()).toEqual([first.schema, second.schema, withoutDedupe.schema].sort());
      expect(await tablesOf(first.schema)).toEqual(['balances', 'deposits_by_currency', 'processed_events']);
      expect(await tablesOf(withoutDedupe.schema)).toEqual(['balances', 'deposits_by_currency']);
      expect(await correct.consumer.snapshot(first)).toEqual({ accounts: {}, depositsByCurrency: {} });
    } finally {
      await correct.consumer.teardown?.(first);
      await correct.consumer.teardown?.(second);
      await twin.consumer.teardown?.(withoutDedupe);
    }
    expect(await leftoverRunSchemas()).toEqual([]);
  });
});

describe('when PostgreSQL cannot be reached', () => {
  // A wrong URL is a setup-failed finding that names the server (password masked) and how to start it.
  it('reports the setup failure with the URL and the way to start the server', async () => {
    const saved = process.env.KONTRACT_PG_URL;
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    process.env.KONTRACT_PG_URL = 'postgres://kontract:s3cret@127.0.0.1:1/kontract';
    try {
      const result = await runReplay({
        consumers: [await consumer('fixtures/consumers/postgres/balance-projection.ts')],
        log,
        runs: 1,
        seed: 42,
        commitPolicy: { kind: 'batch', size: 5 },
      });
      expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['replay/setup-failed']);
      const message = result.diagnostics[0]!.message;
      expect(message).toContain('postgres://kontract:***@127.0.0.1:1/kontract');
      expect(message).toContain('scripts/infra/postgres.sh start');
      expect(message).not.toContain('s3cret');
    } finally {
      if (saved === undefined) delete process.env.KONTRACT_PG_URL;
      else process.env.KONTRACT_PG_URL = saved;
    }
  });
});
