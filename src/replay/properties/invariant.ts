/**
 * `replay/invariant`: the consumer's own invariants (`invariants: { name: (state, record) => ... }`)
 * hold after every record of every clean delivery, in any legal cross-partition order.
 */
import fc from 'fast-check';
import { executePlan } from '../engine/execute-plan.ts';
import type { LoggedRecord } from '../model.ts';
import { describeRecord } from '../model.ts';
import { fullLimits, limitsArbitrary, shiftArbitrary } from '../schedule/arbitraries.ts';
import type { DeliveryPlan } from '../schedule/plan.ts';
import { cleanPlan } from '../schedule/plan.ts';
import { definePropertyRule, describeTrace } from './property-rule.ts';

/** A user invariant fails after a record. */
export const invariant = definePropertyRule<'failed', DeliveryPlan>({
  id: 'replay/invariant',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description: 'Each invariant the consumer declares holds after every record.',
    rationale:
      'Invariants state what must always be true of the projection (no negative balance, no shipped order without payment); the harness checks them under every legal delivery.',
    help: 'Fix the handler (or the invariant, if it assumed an order Kafka does not guarantee).',
  },
  messages: {
    failed: 'Invariant `{invariant}` of consumer `{consumer}` fails after {record}: {detail}.',
  },
  property: {
    skipReason: (harness) =>
      Object.keys(harness.consumer.invariants ?? {}).length === 0
        ? 'the consumer declares no invariants'
        : undefined,
    arbitrary: (harness) =>
      fc
        .record({
          limits: limitsArbitrary(harness.log),
          shifts: fc.array(shiftArbitrary(harness.log, harness.spread), { maxLength: 2 }),
        })
        .map(({ limits, shifts }): DeliveryPlan => ({ limits, shifts, crashes: [], duplicates: [] })),
    examples: (harness) => [cleanPlan(fullLimits(harness.log))],
    async run(harness, plan, trace) {
      const actual = await executePlan({
        consumer: harness.consumer,
        log: harness.log,
        plan,
        commitPolicy: harness.commitPolicy,
        checkInvariants: true,
        trace,
      });
      const broken = actual.result.invariantFailures.find((f) => !(f.record as LoggedRecord).olderSchema);
      if (!broken) return undefined;
      const record = broken.record as LoggedRecord;
      const described = trace
        ? describeTrace(actual.trace, harness.log.streams)
        : { timeline: [], involved: [] };
      return {
        messageId: 'failed',
        data: { invariant: broken.invariant, record: describeRecord(record), detail: broken.detail },
        diff: [],
        ...described,
        primary: record,
      };
    },
  },
});
