/**
 * Replay harness speed. Over a generated 1,000,000-record NDJSON log of the demo's accounts topic
 * (4 partitions, written to a temp dir and removed after):
 * (a) a bare loop that splits lines, parses each one and calls a trivial handler;
 * (b) the harness's reference run (`runReference`: decode, validate against the contract, check
 *     offset order, deliver) with the same trivial synchronous handler.
 * Targets: (b) at least half of (a) and at least 300,000 records/s; peak memory under 500 MB.
 * Then the property search: 200 runs of each property over a 10,000-record log, under 20 s each.
 *
 * `node bench/replay-throughput.ts` prints the rows; the bench runner calls `bench()`.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConsumer } from '../src/replay/define-consumer.ts';
import { readLineBatches } from '../src/replay/readers/line-reader.ts';
import { loadReplayCatalog } from '../src/replay/readers/load-catalog.ts';
import { loadConsumers } from '../src/replay/readers/load-consumer.ts';
import { readLogs } from '../src/replay/readers/read-log.ts';
import { runReference } from '../src/replay/readers/run-reference.ts';
import { runReplay } from '../src/replay/run-replay.ts';

/** One line of the bench table. */
export interface BenchRow {
  benchmark: string;
  metric: string;
  value: string;
  target?: string;
  ok?: boolean;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Writes `count` valid accounts records (opened, then deposits and withdrawals) as NDJSON envelopes. */
async function generateLog(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const accounts = 2000;
  const partitions = 4;
  const offsets = new Array<number>(partitions).fill(0);
  const balance = new Array<number>(accounts).fill(-1);
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
  let buffer: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = next() % accounts;
    const accountId = `acc-${String(a).padStart(5, '0')}`;
    const partition = a % partitions;
    const offset = offsets[partition]!++;
    const time = 1_767_600_000_000 + i * 1000;
    const eventId = `${hex(next(), 8)}-${hex(next(), 4)}-4${hex(next(), 3)}-8${hex(next(), 3)}-${hex(next(), 8)}${hex(next(), 4)}`;
    let eventType: string;
    let value: Record<string, unknown>;
    if (balance[a]! < 0) {
      balance[a] = 0;
      eventType = 'com.acme.accounts.AccountOpened';
      value = {
        eventId,
        version: 1,
        occurredAt: time,
        accountId,
        customerId: `cus-${a}`,
        accountType: 'CHECKING',
        currency: 'EUR',
        overdraftLimit: null,
      };
    } else if (balance[a]! > 100 && next() % 3 === 0) {
      const amount = 1 + (next() % Math.floor(balance[a]! / 2));
      balance[a]! -= amount;
      eventType = 'com.acme.accounts.MoneyWithdrawn';
      value = {
        eventId,
        version: 1,
        occurredAt: time,
        accountId,
        amount: { amountMinor: amount, currency: 'EUR' },
        balanceAfter: { amountMinor: balance[a], currency: 'EUR' },
      };
    } else {
      const amount = 100 + (next() % 100_000);
      balance[a]! += amount;
      eventType = 'com.acme.accounts.MoneyDeposited';
      value = {
        eventId,
        version: 2,
        occurredAt: time,
        accountId,
        amount: { amountMinor: amount, currency: 'EUR' },
        channel: 'CARD',
        reference: `INV-${i}`,
      };
    }
    buffer.push(
      JSON.stringify({
        topic: 'accounts',
        partition,
        offset,
        key: accountId,
        timestamp: time,
        headers: {},
        eventType,
        value,
      }),
    );
    if (buffer.length === 10_000) {
      if (!out.write(`${buffer.join('\n')}\n`))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = [];
    }
  }
  if (buffer.length > 0) out.write(`${buffer.join('\n')}\n`);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

const rate = (records: number, ms: number) => Math.round((records / ms) * 1000);
const thousands = (n: number) => n.toLocaleString('en-US');

/** Runs the replay benchmarks and returns their rows. */
export async function bench(
  options: { records?: number; log?: (message: string) => void } = {},
): Promise<BenchRow[]> {
  const records = options.records ?? 1_000_000;
  const log = options.log ?? ((message: string) => process.stderr.write(`bench: ${message}\n`));
  const dir = mkdtempSync(path.join(tmpdir(), 'kontract-bench-replay-'));
  const rows: BenchRow[] = [];
  try {
    const file = path.join(dir, 'accounts.ndjson');
    let started = performance.now();
    await generateLog(file, records);
    log(`generated ${thousands(records)} records in ${Math.round(performance.now() - started)} ms`);
    const { catalog } = await loadReplayCatalog({ root });

    // (a) the bare loop: split lines, JSON.parse, call the handler.
    let sum = 0;
    const handler = (value: unknown) => {
      sum += (value as { occurredAt: number }).occurredAt & 1;
    };
    let bareMs = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 2; attempt++) {
      started = performance.now();
      let count = 0;
      for await (const batch of readLineBatches(file)) {
        for (const line of batch.lines) {
          handler((JSON.parse(line) as { value: unknown }).value);
          count++;
        }
      }
      bareMs = Math.min(bareMs, performance.now() - started);
      if (count !== records) throw new Error(`the bare loop read ${count} records, not ${records}`);
    }

    // (b) the harness's reference run, same trivial handler.
    const consumer = defineConsumer({
      name: 'trivial',
      topics: ['accounts'],
      setup: () => ({ sum: 0 }),
      handle(record, state: { sum: number }) {
        state.sum += (record.value as { occurredAt: number }).occurredAt & 1;
      },
      snapshot: (state) => ({ sum: state.sum }),
    });
    let harnessMs = Number.POSITIVE_INFINITY;
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    for (let attempt = 0; attempt < 2; attempt++) {
      started = performance.now();
      const reference = await runReference({ consumer, files: [file], catalog, root: dir });
      harnessMs = Math.min(harnessMs, performance.now() - started);
      if (reference.delivered !== records || reference.diagnostics.length > 0 || reference.result.abort) {
        throw new Error(
          `the reference run delivered ${reference.delivered} records with ${reference.diagnostics.length} findings`,
        );
      }
      const snapshot = reference.result.snapshot?.value as { sum: number } | undefined;
      if (snapshot?.sum !== sum / 2) throw new Error('the reference run disagrees with the bare loop');
    }
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const bareRate = rate(records, bareMs);
    const harnessRate = rate(records, harnessMs);
    rows.push(
      {
        benchmark: 'replay-throughput',
        metric: `(a) bare loop, ${thousands(records)} records`,
        value: `${thousands(bareRate)} records/s`,
      },
      {
        benchmark: 'replay-throughput',
        metric: '(b) harness reference run',
        value: `${thousands(harnessRate)} records/s (${(harnessRate / bareRate).toFixed(2)}× of (a))`,
        target: '≥ 0.5× (a) and ≥ 300,000 records/s',
        ok: harnessRate >= 0.5 * bareRate && harnessRate >= 300_000,
      },
      {
        benchmark: 'replay-throughput',
        metric: 'peak memory (RSS) during the reference runs',
        value: `${Math.round(peakRss / 2 ** 20)} MB`,
        target: '< 500 MB',
        ok: peakRss < 500 * 2 ** 20,
      },
    );

    // Property search over the first 10,000 records, the correct balance projection, 200 runs per property.
    const loaded = await readLogs([file], { catalog, root: dir, maxRecords: 10_000 });
    const { consumers } = await loadConsumers(['fixtures/consumers/balance-projection.ts'], { root });
    started = performance.now();
    const result = await runReplay({
      consumers,
      log: loaded.log,
      runs: 200,
      seed: 42,
      commitPolicy: { kind: 'batch', size: 100 },
    });
    const searchMs = performance.now() - started;
    if (result.diagnostics.length > 0)
      throw new Error(`the correct consumer failed: ${result.diagnostics[0]!.message}`);
    const properties = result.consumers[0]!.properties.filter((p) => p.status === 'passed');
    const slowest = properties.reduce((max, p) => Math.max(max, p.durationMs), 0);
    rows.push(
      {
        benchmark: 'replay-properties',
        metric: `200 runs per property over 10,000 records (${properties.length} properties, slowest)`,
        value: `${(slowest / 1000).toFixed(1)} s`,
        target: '< 20 s',
        ok: slowest < 20_000,
      },
      {
        benchmark: 'replay-properties',
        metric: 'property runs per second (all properties)',
        value: `${(result.runs / (searchMs / 1000)).toFixed(1)} runs/s (${result.runs} runs in ${(searchMs / 1000).toFixed(1)} s)`,
      },
    );
    for (const property of properties) {
      rows.push({
        benchmark: 'replay-properties',
        metric: `${property.id}, 200 runs`,
        value: `${(property.durationMs / 1000).toFixed(2)} s (${((property.runs / property.durationMs) * 1000).toFixed(0)} runs/s)`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const records = Number(process.env.KONTRACT_BENCH_REPLAY_RECORDS ?? 1_000_000);
  const rows = await bench({ records });
  process.stdout.write('| benchmark | metric | value | target | ok? |\n|---|---|---|---|---|\n');
  for (const row of rows) {
    process.stdout.write(
      `| ${row.benchmark} | ${row.metric} | ${row.value} | ${row.target ?? ''} | ${row.ok === undefined ? '' : row.ok ? 'yes' : 'NO'} |\n`,
    );
  }
}
