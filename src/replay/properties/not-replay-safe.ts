/**
 * `replay/not-replay-safe`: any topic may be replayed from offset 0 months later (a new consumer
 * group, an offset reset, a rebuild). Replaying the log on top of the final state must leave it
 * unchanged.
 */
import { executePlan } from '../engine/execute-plan.ts';
import { prefixPlanArbitrary } from '../schedule/arbitraries.ts';
import type { DeliveryPlan } from '../schedule/plan.ts';
import { compareRuns, definePropertyRule, describeTrace } from './property-rule.ts';

/** Replaying from offset 0 on top of the final state changes it. */
export const notReplaySafe = definePropertyRule<'changed' | 'run-failed', DeliveryPlan>({
  id: 'replay/not-replay-safe',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description:
      'Replaying the whole log from offset 0 on top of the final state leaves the state unchanged.',
    rationale:
      'Offsets get reset and topics get replayed long after the fact; a consumer whose deduplication forgets (a bounded window, a cache) applies old events twice.',
    help: "Keep deduplication state as long as the topic's retention (processed event ids or per-entity versions, stored with the state).",
  },
  messages: {
    changed:
      'Consumer `{consumer}` is not replay-safe: replaying {count} record(s) from offset 0 on top of the final state changes it.',
    'run-failed':
      'Consumer `{consumer}` does not finish a replay of {count} record(s) from offset 0: {reason}.',
  },
  property: {
    arbitrary: (harness) => prefixPlanArbitrary(harness.log),
    async run(harness, plan, trace) {
      if (plan.limits.every((limit) => limit === 0)) return undefined;
      const common = {
        consumer: harness.consumer,
        log: harness.log,
        commitPolicy: harness.commitPolicy,
        plan,
      };
      const actual = await executePlan({ ...common, replayFromStart: true, trace });
      const expected = await executePlan(common);
      const difference = compareRuns(expected.result, actual.result);
      if (!difference) return undefined;
      const count = plan.limits.reduce((sum, limit) => sum + limit, 0);
      const described = trace
        ? describeTrace(actual.trace, harness.log.streams)
        : { timeline: [], involved: [] };
      const primary = actual.trace.find((step) => step.cause === 'replay')?.entry.origin;
      return {
        messageId: difference.abort ? 'run-failed' : 'changed',
        data: difference.abort ? { count, reason: difference.abort.kind } : { count },
        ...(difference.expected ? { expected: difference.expected } : {}),
        ...(difference.actual ? { actual: difference.actual } : {}),
        diff: difference.diff,
        ...described,
        ...(primary ? { primary } : {}),
      };
    },
  },
});
