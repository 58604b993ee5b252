/**
 * Laws of the delivery model: whatever plan fast-check builds, the executor delivers each
 * partition in offset order, delivers every planned record at least once, redelivers only what
 * was not committed, and gives producer duplicates later offsets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../src/replay/engine/execute-plan.ts';
import { executePlan, planStreams } from '../../src/replay/engine/execute-plan.ts';
import type { RecordedLog } from '../../src/replay/model.ts';
import {
  interleavingPlanArbitrary,
  redeliveryPlanArbitrary,
  restartPlanArbitrary,
} from '../../src/replay/schedule/arbitraries.ts';
import { findEntitySpread } from '../../src/replay/schedule/entity-spread.ts';
import type { CommitPolicy, DeliveryPlan } from '../../src/replay/schedule/plan.ts';
import { cleanPlan } from '../../src/replay/schedule/plan.ts';
import { propertyRuns } from '../support/property.ts';
import { recordingConsumer, syntheticLog } from './helpers.ts';

const logArbitrary: fc.Arbitrary<RecordedLog> = fc
  .array(fc.record({ partition: fc.nat({ max: 3 }), entity: fc.constantFrom('a', 'b', 'c') }), {
    minLength: 1,
    maxLength: 30,
  })
  .map((specs) => syntheticLog(specs));

const policyArbitrary: fc.Arbitrary<CommitPolicy> = fc.oneof(
  fc.constant({ kind: 'per-record' as const }),
  fc.integer({ min: 1, max: 6 }).map((size) => ({ kind: 'batch' as const, size })),
  fc.integer({ min: 1, max: 5000 }).map((ms) => ({ kind: 'interval' as const, ms })),
);

const anyPlan = (log: RecordedLog): fc.Arbitrary<DeliveryPlan> =>
  fc.oneof(
    interleavingPlanArbitrary(log, findEntitySpread(log)),
    redeliveryPlanArbitrary(log, { producerDuplicates: true }),
    restartPlanArbitrary(log),
  );

async function traced(
  log: RecordedLog,
  plan: DeliveryPlan,
  commitPolicy: CommitPolicy,
  async = false,
): Promise<TraceStep[]> {
  const execution = await executePlan({
    consumer: recordingConsumer({ async }),
    log,
    plan,
    commitPolicy,
    trace: true,
  });
  return execution.trace;
}

describe('executePlan', () => {
  it('delivers each partition in offset order, resuming only at a committed offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        logArbitrary.chain((log) => fc.tuple(fc.constant(log), anyPlan(log), policyArbitrary, fc.boolean())),
        async ([log, plan, policy, async]) => {
          const trace = await traced(log, plan, policy, async);
          const nextPosition = new Map<number, number>();
          for (const step of trace) {
            const expected = nextPosition.get(step.stream) ?? 0;
            // A partition either continues where it was, or restarts at or before it (redelivery after a crash).
            expect(step.position).toBeLessThanOrEqual(expected);
            if (step.position < expected) expect(step.delivery).toBeGreaterThan(1);
            nextPosition.set(step.stream, step.outcome === 'crashed' ? step.position : step.position + 1);
            if (step.crash)
              nextPosition.set(step.stream, Math.min(nextPosition.get(step.stream)!, step.position + 1));
          }
        },
      ),
      propertyRuns(150),
    );
  });

  it('delivers every planned record at least once', async () => {
    await fc.assert(
      fc.asyncProperty(
        logArbitrary.chain((log) => fc.tuple(fc.constant(log), anyPlan(log), policyArbitrary)),
        async ([log, plan, policy]) => {
          const trace = await traced(log, plan, policy, true);
          const planned = planStreams(log, plan);
          for (const [s, entries] of planned.entries()) {
            for (let position = 0; position < entries.length; position++) {
              const handled = trace.some(
                (step) => step.stream === s && step.position === position && step.outcome !== 'crashed',
              );
              // A record lost by a crash is possible only when the handler committed it itself; the recorder never does.
              expect(handled).toBe(true);
            }
          }
        },
      ),
      propertyRuns(150),
    );
  });

  // With per-record commits a crash between records redelivers nothing but the crashed record itself.
  it('redelivers exactly the uncommitted suffix under per-record commits', async () => {
    const log = syntheticLog([{ partition: 0 }, { partition: 0 }, { partition: 0 }, { partition: 1 }]);
    const trace = await traced(
      log,
      {
        limits: [3, 1],
        shifts: [],
        crashes: [{ stream: 0, index: 1, point: 'between', scope: 'all' }],
        duplicates: [],
      },
      { kind: 'per-record' },
    );
    expect(
      trace.map((step) => `${step.entry.record.partition}@${step.entry.record.offset}#${step.delivery}`),
    ).toEqual(['0@0#1', '0@1#1', '0@1#2', '0@2#1', '1@0#1']);
  });

  // A batch policy commits every N records, so a crash redelivers everything since the last batch.
  it('redelivers the whole open batch under batch commits', async () => {
    const log = syntheticLog([
      { partition: 0 },
      { partition: 0 },
      { partition: 0 },
      { partition: 0 },
      { partition: 0 },
    ]);
    const trace = await traced(
      log,
      {
        limits: [5],
        shifts: [],
        crashes: [{ stream: 0, index: 3, point: 'between', scope: 'all' }],
        duplicates: [],
      },
      { kind: 'batch', size: 2 },
    );
    expect(trace.map((step) => `${step.entry.record.offset}#${step.delivery}`)).toEqual([
      '0#1',
      '1#1',
      '2#1',
      '3#1',
      '2#2',
      '3#2',
      '4#1',
    ]);
  });

  // A rebalance revokes one partition: only that partition rewinds; the other keeps its position.
  it('rewinds only the revoked partition on a rebalance', async () => {
    const log = syntheticLog([{ partition: 0 }, { partition: 1 }, { partition: 0 }, { partition: 1 }]);
    const trace = await traced(
      log,
      {
        limits: [2, 2],
        shifts: [],
        crashes: [{ stream: 1, index: 0, point: 'between', scope: 1 }],
        duplicates: [],
      },
      { kind: 'batch', size: 10 },
    );
    expect(
      trace.map((step) => `${step.entry.record.partition}@${step.entry.record.offset}#${step.delivery}`),
    ).toEqual(['0@0#1', '1@0#1', '1@0#2', '0@1#1', '1@1#1']);
  });

  it('gives a producer duplicate a later offset and shifts the records after it', () => {
    const log = syntheticLog([{ partition: 0 }, { partition: 0 }, { partition: 0 }]);
    const planned = planStreams(log, {
      limits: [3],
      shifts: [],
      crashes: [],
      duplicates: [{ stream: 0, index: 0, gap: 1 }],
    });
    expect(planned[0]!.map((entry) => `${entry.record.offset}${entry.duplicate ? ' dup' : ''}`)).toEqual([
      '0',
      '1',
      '2 dup',
      '3',
    ]);
    expect(planned[0]![2]!.record.value).toEqual(planned[0]![0]!.record.value);
  });

  it('replays every planned record from offset 0 on top of the final state', async () => {
    const log = syntheticLog([{ partition: 0 }, { partition: 1 }]);
    const execution = await executePlan({
      consumer: recordingConsumer(),
      log,
      plan: cleanPlan([1, 1]),
      commitPolicy: { kind: 'per-record' },
      replayFromStart: true,
      trace: true,
    });
    expect(execution.trace.map((step) => step.cause)).toEqual(['first', 'first', 'replay', 'replay']);
    expect(execution.result.snapshot?.value).toEqual(['t/0@0', 't/1@0', 't/0@0', 't/1@0']);
  });

  // A shift moves one partition later, so another partition's record is delivered first: legal.
  it('interleaves partitions by shifted priority', async () => {
    const log = syntheticLog([{ partition: 0 }, { partition: 1 }]);
    const trace = await traced(
      log,
      { limits: [1, 1], shifts: [{ stream: 0, from: 0, delay: 5 }], crashes: [], duplicates: [] },
      { kind: 'per-record' },
    );
    expect(trace.map((step) => step.entry.record.partition)).toEqual([1, 0]);
  });

  // An inside crash abandons the handler at its await point: the record comes again from the committed offset.
  it('abandons a handler at an inside crash and redelivers it', async () => {
    const log = syntheticLog([{ partition: 0 }, { partition: 0 }]);
    const trace = await traced(
      log,
      {
        limits: [2],
        shifts: [],
        crashes: [{ stream: 0, index: 1, point: 'inside', awaitPoint: 0, scope: 'all' }],
        duplicates: [],
      },
      { kind: 'per-record' },
      true,
    );
    expect(trace.map((step) => `${step.entry.record.offset}:${step.outcome}`)).toEqual([
      '0:ok',
      '1:crashed',
      '1:ok',
    ]);
  });
});
