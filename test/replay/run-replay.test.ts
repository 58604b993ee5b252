/**
 * The runner's consumer health checks and properties on small synthetic logs: a throwing setup, a
 * consumer leaking state between runs, an unserialisable snapshot, a hanging handler, a handler
 * that throws on current records, a failing invariant, and a consumer that is not replay-safe.
 */
import { describe, expect, it } from 'vitest';
import type { AnyConsumer } from '../../src/replay/define-consumer.ts';
import { defineConsumer } from '../../src/replay/define-consumer.ts';
import type { RecordedLog } from '../../src/replay/model.ts';
import { restrictLog, runReplay } from '../../src/replay/run-replay.ts';
import { syntheticLog } from './helpers.ts';

const log: RecordedLog = syntheticLog([
  { partition: 0, value: { id: 'a', n: 1 } },
  { partition: 1, value: { id: 'b', n: 2 } },
  { partition: 0, value: { id: 'c', n: 3 } },
  { partition: 1, value: { id: 'd', n: 4 } },
]);

async function findings(consumer: AnyConsumer, properties?: string[]) {
  const result = await runReplay({
    consumers: [{ consumer, file: 'fixtures/consumers/inline.ts' }],
    log,
    runs: 30,
    seed: 42,
    commitPolicy: { kind: 'per-record' },
    ...(properties ? { properties } : {}),
  });
  return { result, ids: result.diagnostics.map((d) => `${d.ruleId}:${d.messageId}`) };
}

/** The state of the summing consumer. */
interface SumState {
  total: number;
  seen: Set<string>;
  last: Map<number, string>;
}

/** A correct summing consumer (deduplicates by id), to vary one thing at a time. */
const base = {
  name: 'sum',
  topics: ['t'],
  setup: (): SumState => ({ total: 0, seen: new Set<string>(), last: new Map() }),
  handle(record: { value: unknown }, state: SumState) {
    const value = record.value as { id: string; n: number };
    if (state.seen.has(value.id)) return;
    state.seen.add(value.id);
    state.total += value.n;
  },
  snapshot: (state: SumState): unknown => ({ total: state.total }),
};

describe('runReplay consumer health', () => {
  it('passes a correct consumer', async () => {
    const { ids, result } = await findings(defineConsumer(base));
    expect(ids).toEqual([]);
    expect(result.consumers[0]!.properties.find((p) => p.id === 'replay/evolution')?.status).toBe('skipped');
  });

  it('reports a setup that throws, at the consumer module, and checks nothing else', async () => {
    const { ids, result } = await findings(
      defineConsumer({
        ...base,
        setup: () => {
          throw new Error('no database');
        },
      }),
    );
    expect(ids).toEqual(['replay/setup-failed:setup']);
    expect(result.diagnostics[0]!.location).toEqual({
      file: 'fixtures/consumers/inline.ts',
      line: 1,
      column: 1,
    });
    expect(result.diagnostics[0]!.message).toBe('Consumer `sum` throws in `setup`: Error: no database.');
    expect(result.consumers[0]!.properties.every((p) => p.status === 'skipped')).toBe(true);
  });

  // State kept outside setup() survives between runs; every comparison would be noise.
  it('reports a consumer that leaks state between runs', async () => {
    let calls = 0;
    const { ids } = await findings(
      defineConsumer({
        ...base,
        snapshot: (state) => ({ total: state.total, calls: ++calls }),
      }),
    );
    expect(ids).toEqual(['replay/leaks-state:differs']);
  });

  it('reports a snapshot that is not plain JSON', async () => {
    const { ids, result } = await findings(
      defineConsumer({ ...base, snapshot: (state) => ({ seen: state.seen }) }),
    );
    expect(ids).toEqual(['replay/snapshot-not-serializable:unserialisable']);
    expect(result.diagnostics[0]!.message).toBe(
      'The snapshot of consumer `sum` is not plain JSON: Set at `seen`.',
    );
  });

  it('reports a handler that never settles, at the record', async () => {
    const { ids, result } = await findings(
      defineConsumer({
        ...base,
        timeoutMs: 50,
        handle: (record) =>
          (record.value as { id: string }).id === 'c' ? new Promise<void>(() => {}) : undefined,
      }),
    );
    expect(ids).toEqual(['replay/handler-timeout:hung']);
    expect(result.diagnostics[0]!.location?.line).toBe(3);
  });

  it('reports a handler that throws on a current record, with the count', async () => {
    const { ids, result } = await findings(
      defineConsumer({
        ...base,
        handle(record, state) {
          if ((record.value as { n: number }).n % 2 === 0) throw new RangeError('even');
          base.handle(record, state);
        },
      }),
    );
    expect(ids).toEqual(['replay/handler-error:threw']);
    expect(result.diagnostics[0]!.message).toBe(
      'Consumer `sum` throws on t/1@0 Event key=k1: RangeError: even (2 record(s) of the log throw).',
    );
  });

  it('reports a failing invariant with the record after which it failed', async () => {
    const { ids, result } = await findings(
      defineConsumer({
        ...base,
        invariants: { 'total below 5': (state) => state.total < 5 || `total is ${state.total}` },
      }),
    );
    expect(ids).toEqual(['replay/invariant:failed']);
    expect(result.diagnostics[0]!.message).toMatch(
      /^Invariant `total below 5` of consumer `sum` fails after t\/\d@\d Event key=k\d: total is \d+\.$/,
    );
  });

  // Deduplicating only the last id is idempotent under redelivery of a suffix... until a replay from 0.
  it('reports a consumer whose deduplication forgets as not replay-safe', async () => {
    const { ids } = await findings(
      defineConsumer({
        ...base,
        handle(record, state) {
          const value = record.value as { id: string; n: number };
          if (state.last.get(record.partition) === value.id) return;
          state.last.set(record.partition, value.id);
          state.total += value.n;
        },
      }),
      ['replay/not-replay-safe'],
    );
    expect(ids).toEqual(['replay/not-replay-safe:changed']);
  });

  it('reports progress per consumer, per run and per property', async () => {
    const events: string[] = [];
    await runReplay({
      consumers: [defineConsumer(base)],
      log,
      runs: 3,
      seed: 1,
      commitPolicy: { kind: 'per-record' },
      properties: ['replay/not-idempotent'],
      onProgress: (event) => events.push(event.kind === 'property' ? `property ${event.status}` : event.kind),
    });
    expect(events).toEqual(['consumer', 'run', 'run', 'run', 'property passed']);
  });

  // A spent budget skips the remaining properties instead of running past it.
  it('stops searching when the time budget is spent', async () => {
    const slow = defineConsumer({
      ...base,
      async handle(record, state) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        base.handle(record, state);
      },
    });
    const result = await runReplay({
      consumers: [slow],
      log,
      runs: 1000,
      seed: 1,
      budgetMs: 150,
      commitPolicy: { kind: 'per-record' },
    });
    const properties = result.consumers[0]!.properties;
    expect(
      properties.some(
        (p) => p.reason === 'the time budget is spent' || p.reason?.startsWith('stopped by the time budget'),
      ),
    ).toBe(true);
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('delivers a consumer only its own topics', () => {
    const mixed = syntheticLog([
      { topic: 'a', partition: 0 },
      { topic: 'b', partition: 0 },
      { topic: 'a', partition: 1 },
    ]);
    const view = restrictLog(mixed, ['a']);
    expect(view.streams.map((s) => `${s.topic}/${s.partition}`)).toEqual(['a/0', 'a/1']);
    expect(view.records.map((r) => [r.seq, r.stream, r.index])).toEqual([
      [0, 0, 0],
      [1, 1, 0],
    ]);
  });
});

describe('replayProject', () => {
  // What `kontract replay` runs: contracts, logs and modules loaded from disk, one result.
  it('loads the project, the log and the consumers, and reports a module that does not load', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { replayProject } = await import('../../src/replay/readers/replay-project.ts');
    const { root } = await import('./helpers.ts');
    const dir = mkdtempSync(path.join(tmpdir(), 'kontract-replay-project-'));
    const broken = path.join(dir, 'broken.ts');
    writeFileSync(broken, 'export const x = ;\n');
    const result = await replayProject({
      root,
      consumerFiles: [
        'fixtures/consumers/balance-projection.no-dedupe.ts',
        'fixtures/consumers/order-state-machine.ts',
        broken,
      ],
      logFiles: ['fixtures/logs/demo.ndjson'],
      consumerNames: ['balance-projection.no-dedupe'],
      runs: 20,
      seed: 42,
      commitPolicy: { kind: 'batch', size: 5 },
      properties: ['replay/not-idempotent'],
      maxRecords: 1000,
    });
    expect(result.truncated).toBe(true);
    expect(result.consumers.map((c) => c.consumer)).toEqual(['balance-projection.no-dedupe']);
    expect(result.diagnostics.map((d) => `${d.ruleId}:${d.messageId}`)).toEqual([
      'replay/setup-failed:load',
      'replay/not-idempotent:changed',
    ]);
    expect(result.diagnostics[0]!.location?.file).toMatch(/broken\.ts$/);
  });
});

describe('mergeLogs', () => {
  it('joins logs in the order given, renumbering records and streams', async () => {
    const { mergeLogs } = await import('../../src/replay/model.ts');
    const first = syntheticLog([
      { topic: 'a', partition: 0 },
      { topic: 'a', partition: 1 },
    ]);
    const second = syntheticLog([
      { topic: 'b', partition: 0 },
      { topic: 'a', partition: 0 },
    ]);
    const merged = mergeLogs([first, second]);
    expect(merged.records.map((r) => `${r.seq}:${r.topic}/${r.partition}#${r.index}`)).toEqual([
      '0:a/0#0',
      '1:a/1#0',
      '2:b/0#0',
      '3:a/0#1',
    ]);
    const result = await runReplay({
      consumers: [defineConsumer({ ...base, topics: ['a', 'b'] })],
      logs: [first, second],
      runs: 5,
      seed: 3,
      commitPolicy: { kind: 'per-record' },
    });
    expect(result.consumers[0]!.records).toBe(4);
  });
});
