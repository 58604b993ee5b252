/**
 * `replay/race`: with concurrent partition workers, handlers of different partitions interleave at
 * every await point. The final snapshot must be one that some one-at-a-time execution gives (the
 * order the handlers started in, or the order they finished in); otherwise two handlers raced on
 * shared state across an await. A shrinkable list of choices picks which await point resumes next.
 */
import fc from 'fast-check';
import type { ConcurrentStep } from '../engine/execute-concurrent.ts';
import { executeConcurrent } from '../engine/execute-concurrent.ts';
import { executeSequence } from '../engine/execute-plan.ts';
import type { LoggedRecord } from '../model.ts';
import { describeRecord } from '../model.ts';
import { limitsArbitrary } from '../schedule/arbitraries.ts';
import { pairPrefixCases } from '../schedule/small-cases.ts';
import type { InvolvedRecord, TimelineStep } from './property-rule.ts';
import { compareRuns, definePropertyRule } from './property-rule.ts';

/** One race case: the partition prefixes and the choices that order await points. */
export interface RaceCase {
  limits: number[];
  /** At each step, which pending await point resumes (`choice % pending`); missing choices are 0 (first come). */
  choices: number[];
}

/**
 * Handlers of different partitions that interleaved: the last pair where one reached an await point
 * while the other was running (the lost update usually comes from the last overlap).
 */
function overlapping(steps: readonly ConcurrentStep[]): [LoggedRecord, LoggedRecord] | undefined {
  const running = new Set<LoggedRecord>();
  let found: [LoggedRecord, LoggedRecord] | undefined;
  for (const step of steps) {
    if (step.kind === 'poll') running.add(step.record);
    else if (step.kind === 'done') running.delete(step.record);
    else if (step.kind === 'io' || step.kind === 'commit') {
      for (const other of running) if (other.stream !== step.record.stream) found = [other, step.record];
    }
  }
  return found;
}

function describeSteps(steps: readonly ConcurrentStep[]): {
  timeline: TimelineStep[];
  involved: InvolvedRecord[];
} {
  const timeline: TimelineStep[] = [];
  const involved = new Map<LoggedRecord, InvolvedRecord>();
  const running = new Set<LoggedRecord>();
  for (const step of steps) {
    const what =
      step.kind === 'poll'
        ? 'started'
        : step.kind === 'done'
          ? 'completed'
          : step.kind === 'threw'
            ? 'threw'
            : step.kind;
    timeline.push({
      topic: step.record.topic,
      partition: step.record.partition,
      offset: step.record.offset,
      key: step.record.key,
      eventType: step.record.eventType,
      what,
      ...(step.label ? { note: step.label } : {}),
    });
    if (step.kind === 'poll') running.add(step.record);
    if (step.kind === 'done') running.delete(step.record);
    if (step.kind === 'io' || step.kind === 'commit') {
      for (const other of running) {
        if (other === step.record || other.stream === step.record.stream) continue;
        for (const [record, peer] of [
          [step.record, other],
          [other, step.record],
        ] as const) {
          let entry = involved.get(record);
          if (!entry) {
            entry = { ...pick(record), happened: [] };
            involved.set(record, entry);
          }
          const text = `interleaved with ${describeRecord(peer)} at an await point`;
          if (!entry.happened.includes(text)) entry.happened.push(text);
        }
      }
    }
  }
  return { timeline, involved: [...involved.values()] };
}

function pick(record: LoggedRecord): Omit<InvolvedRecord, 'happened'> {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key,
    eventType: record.eventType,
    source: record.source,
  };
}

/** Concurrent partition workers change the final snapshot. */
export const race = definePropertyRule<'changed' | 'run-failed', RaceCase>({
  id: 'replay/race',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description:
      'Handlers of different partitions running concurrently give a state some one-at-a-time order also gives.',
    rationale:
      "Consumers process partitions concurrently; a read-modify-write of shared state across an await loses updates when another partition's handler writes in between.",
    help: 'Do not hold state read before an await: re-read and write after the last await, use an atomic update, or keep state per partition.',
  },
  messages: {
    changed:
      'Consumer `{consumer}` has a race: handling {first} and {second} concurrently gives a snapshot no one-at-a-time order gives.',
    'run-failed':
      'Consumer `{consumer}` does not finish with concurrent partition workers ({first}, {second}): {reason}.',
  },
  property: {
    skipReason: (harness) =>
      harness.log.streams.length < 2
        ? 'the consumer reads a single partition: there is nothing to run concurrently'
        : undefined,
    arbitrary: (harness) =>
      fc.record({
        limits: limitsArbitrary(harness.log),
        choices: fc.array(fc.nat({ max: 15 }), { maxLength: 200 }),
      }),
    smallCases: function* (harness) {
      for (const limits of pairPrefixCases(harness.log)) yield { limits, choices: [] };
    },
    async run(harness, testCase, trace) {
      const actual = await executeConcurrent(
        harness.consumer,
        harness.log,
        testCase.limits,
        testCase.choices,
      );
      const pair = overlapping(actual.steps);
      if (!pair) return undefined;
      const byStart = await executeSequence(harness.consumer, actual.started);
      const startDifference = compareRuns(byStart, actual.result);
      if (!startDifference) return undefined;
      const sameOrder = actual.started.every((record, i) => actual.completed[i] === record);
      if (
        !sameOrder &&
        !compareRuns(await executeSequence(harness.consumer, actual.completed), actual.result)
      )
        return undefined;
      const described = trace ? describeSteps(actual.steps) : { timeline: [], involved: [] };
      const [first, second] = pair;
      return {
        messageId: startDifference.abort ? 'run-failed' : 'changed',
        data: {
          first: describeRecord(first),
          second: describeRecord(second),
          ...(startDifference.abort ? { reason: startDifference.abort.kind } : {}),
        },
        ...(startDifference.expected ? { expected: startDifference.expected } : {}),
        ...(startDifference.actual ? { actual: startDifference.actual } : {}),
        diff: startDifference.diff,
        ...described,
        primary: second,
      };
    },
  },
});
