/**
 * The demo consumers on the demo log: each broken twin is caught by exactly the property it breaks,
 * with a counterexample of a handful of records, and the correct consumers pass every property with
 * no false alarm. Seeds are pinned (KONTRACT_PROPERTY_PROFILE=deep explores more, with random seeds).
 */
import { describe, expect, it } from 'vitest';
import type { ReplayResult } from '../../src/replay/run-replay.ts';
import { runReplay } from '../../src/replay/run-replay.ts';
import { propertyRuns } from '../support/property.ts';
import { demoConsumer, demoLog } from './helpers.ts';

async function replay(name: string, runs: number): Promise<ReplayResult> {
  const { log } = await demoLog();
  const { seed, numRuns } = propertyRuns(runs);
  const consumer = await demoConsumer(name);
  return runReplay({
    consumers: [consumer],
    log,
    runs: numRuns,
    ...(seed === undefined ? {} : { seed }),
    commitPolicy: { kind: 'batch', size: 5 },
  });
}

describe('broken twins', () => {
  it.each([
    ['balance-projection.no-dedupe', 'replay/not-idempotent', 6],
    ['order-state-machine.assumes-order', 'replay/order-sensitive', 12],
    ['balance-projection.racy-total', 'replay/race', 16],
    ['balance-projection.commit-first', 'replay/not-restart-safe', 4],
    ['balance-projection.reference-required', 'replay/evolution', 4],
  ])(
    '%s fails exactly %s, with at most %i records in its counterexample',
    async (name, ruleId, maxRecords) => {
      const result = await replay(name, 60);
      expect(result.diagnostics.map((d) => d.ruleId)).toEqual([ruleId]);
      const [failure] = result.failures;
      expect(failure?.ruleId).toBe(ruleId);
      const records = new Set(
        failure!.timeline.map((step) => `${step.topic}/${step.partition}@${step.offset}`),
      );
      expect(records.size).toBeGreaterThan(0);
      expect(records.size).toBeLessThanOrEqual(maxRecords);
      expect(failure!.involved.length).toBeGreaterThan(0);
      expect(failure!.reproduce).toMatch(
        new RegExp(
          `^kontract replay --seed ${failure!.seed} --path \\S+ --consumer ${name.replace('.', '\\.')} --property ${ruleId} --commit batch:5$`,
        ),
      );
      // The finding points at a log line of a record involved in the failure.
      expect(result.diagnostics[0]!.location?.file).toBe('fixtures/logs/demo.ndjson');
    },
  );

  it('shows the snapshot difference for a snapshot property', async () => {
    const result = await replay('balance-projection.no-dedupe', 60);
    const failure = result.failures[0]!;
    expect(failure.diff.length).toBeGreaterThan(0);
    expect(
      failure.diff.every(
        (change) => change.path.startsWith('accounts.') || change.path.startsWith('depositsByCurrency.'),
      ),
    ).toBe(true);
    expect(
      failure.involved.some((record) =>
        record.happened.some((what) => /delivered 2 times|written again by a producer retry/.test(what)),
      ),
    ).toBe(true);
  });

  it('names the spread key as the cause of the order sensitivity', async () => {
    const result = await replay('order-state-machine.assumes-order', 60);
    const failure = result.failures[0]!;
    expect(failure.cause).toMatch(
      /^Records of `orderId=ord-\d+` sit in orders\/\d, orders\/\d: PaymentApproved is keyed by pay-\w+, not by ord-\d+, so Kafka/,
    );
    expect(result.diagnostics[0]!.messageId).toBe('changed-spread');
    expect(result.diagnostics[0]!.message).toMatch(
      /PaymentApproved key=pay-\w+ before orders\/\d@\d+ OrderPlaced/,
    );
  });

  // Replaying the reported seed and path must give the same minimal failure.
  it('reproduces a failure from its seed and path', async () => {
    const { log } = await demoLog();
    const first = await replay('balance-projection.commit-first', 60);
    const failure = first.failures[0]!;
    const again = await runReplay({
      consumers: [await demoConsumer('balance-projection.commit-first')],
      log,
      runs: 60,
      seed: failure.seed,
      path: failure.path,
      properties: [failure.ruleId],
      commitPolicy: { kind: 'batch', size: 5 },
    });
    expect(again.failures[0]?.counterexample).toBe(failure.counterexample);
    expect(again.failures[0]?.timeline).toEqual(failure.timeline);
  });
});

describe('correct consumers', () => {
  it.each(['balance-projection', 'order-state-machine'])(
    '%s passes every property with no false alarm',
    async (name) => {
      const result = await replay(name, 150);
      expect(result.diagnostics).toEqual([]);
      const statuses = result.consumers[0]!.properties.map((p) => `${p.id}:${p.status}`);
      expect(statuses.filter((s) => s.endsWith(':failed'))).toEqual([]);
      // Every property that applies ran the full number of runs.
      for (const property of result.consumers[0]!.properties) {
        if (property.status === 'passed') expect(property.runs).toBe(propertyRuns(150).numRuns);
      }
    },
  );

  it.each([
    { kind: 'per-record' as const },
    { kind: 'batch' as const, size: 50 },
    { kind: 'interval' as const, ms: 3_600_000 },
  ])('balance-projection passes under commit policy %o', async (commitPolicy) => {
    const { log } = await demoLog();
    const { seed, numRuns } = propertyRuns(40);
    const result = await runReplay({
      consumers: [await demoConsumer('balance-projection')],
      log,
      runs: numRuns,
      ...(seed === undefined ? {} : { seed }),
      commitPolicy,
      properties: ['replay/not-idempotent', 'replay/not-restart-safe'],
    });
    expect(result.diagnostics).toEqual([]);
  });
});
