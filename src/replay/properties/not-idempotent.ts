/**
 * `replay/not-idempotent`: at-least-once delivery redelivers records (after a crash or a rebalance,
 * the uncommitted suffix comes again; a non-idempotent producer writes a record twice). The final
 * snapshot must equal the one where each record was delivered once, in the same order.
 */
import { executePlan, executeSequence } from '../engine/execute-plan.ts';
import { describeRecord } from '../model.ts';
import { redeliveryPlanArbitrary } from '../schedule/arbitraries.ts';
import type { DeliveryPlan } from '../schedule/plan.ts';
import { redeliveryCases } from '../schedule/small-cases.ts';
import { compareRuns, definePropertyRule, describeTrace, primaryRecord } from './property-rule.ts';

/** Redelivery changes the final snapshot. */
export const notIdempotent = definePropertyRule<'changed' | 'run-failed', DeliveryPlan>({
  id: 'replay/not-idempotent',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description:
      'Delivering a record again (redelivery after a crash or rebalance, a producer retry) leaves the same final state.',
    rationale:
      'Kafka delivers at least once: duplicates are normal, so a handler that counts a redelivered record twice corrupts its state in production.',
    help: 'Deduplicate on the event id (store processed `eventId`s with the state, in the same transaction), or make the update an idempotent upsert.',
  },
  messages: {
    changed:
      'Consumer `{consumer}` is not idempotent: delivering {records} again changes the final snapshot ({changes} difference(s)).',
    'run-failed': 'Consumer `{consumer}` does not finish when {records} are delivered again: {reason}.',
  },
  property: {
    arbitrary: (harness) =>
      redeliveryPlanArbitrary(harness.log, { producerDuplicates: harness.producerDuplicates }),
    smallCases: (harness) => redeliveryCases(harness.log),
    async run(harness, plan, trace) {
      const actual = await executePlan({
        consumer: harness.consumer,
        log: harness.log,
        plan,
        commitPolicy: harness.commitPolicy,
        trace: true,
      });
      const redelivered = (step: (typeof actual.trace)[number]) => step.delivery > 1 || step.entry.duplicate;
      if (!actual.trace.some(redelivered)) return undefined;
      const once = actual.trace.filter((step) => !redelivered(step)).map((step) => step.entry.record);
      const expected = await executeSequence(harness.consumer, once);
      const difference = compareRuns(expected, actual.result);
      if (!difference) return undefined;
      const primary = primaryRecord(actual.trace, redelivered)!;
      const again = [...new Set(actual.trace.filter(redelivered).map((step) => step.entry.origin))];
      const shown = again.slice(0, 3).map(describeRecord).join(', ');
      const records = again.length > 3 ? `${shown} and ${again.length - 3} more` : shown;
      const described = trace
        ? describeTrace(actual.trace, harness.log.streams)
        : { timeline: [], involved: [] };
      return {
        messageId: difference.abort ? 'run-failed' : 'changed',
        data: difference.abort
          ? { records, reason: difference.abort.kind }
          : { records, changes: difference.diff.length },
        ...(difference.expected ? { expected: difference.expected } : {}),
        ...(difference.actual ? { actual: difference.actual } : {}),
        diff: difference.diff,
        ...described,
        primary,
      };
    },
  },
});
