/**
 * `replay/not-restart-safe`: the process may die at any await point of a handler; Kafka then
 * resumes each partition from its last committed offset. The result must equal the one where the
 * same crash came just before that handler started — otherwise the handler's partial work (or a
 * commit made before its side effects) changes the state.
 */
import { executePlan } from '../engine/execute-plan.ts';
import { describeRecord } from '../model.ts';
import { restartPlanArbitrary } from '../schedule/arbitraries.ts';
import type { DeliveryPlan } from '../schedule/plan.ts';
import { insideCrashCases } from '../schedule/small-cases.ts';
import { compareRuns, definePropertyRule, describeTrace } from './property-rule.ts';

/** A crash inside a handler plus resumption from committed offsets changes the final snapshot. */
export const notRestartSafe = definePropertyRule<'changed' | 'run-failed', DeliveryPlan>({
  id: 'replay/not-restart-safe',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description:
      'A crash at any await point of a handler, followed by resumption from the committed offsets, loses or doubles nothing.',
    rationale:
      'Processes die mid-handler (deploys, OOM kills, rebalances). A handler that commits its offset before its side effects loses the record; one that applies half its effects leaves them half done.',
    help: "Commit only after the side effects are durable (let the consumer commit after `handle` returns), and apply each record's effects atomically, after the last await.",
  },
  messages: {
    changed:
      'Consumer `{consumer}` is not restart-safe: a crash inside the handler of {record}, then resuming from the committed offset, changes the final snapshot.',
    'run-failed':
      'Consumer `{consumer}` does not finish after a crash inside the handler of {record}: {reason}.',
  },
  property: {
    arbitrary: (harness) => restartPlanArbitrary(harness.log),
    smallCases: (harness) => insideCrashCases(harness.log),
    async run(harness, plan, trace) {
      const common = {
        consumer: harness.consumer,
        log: harness.log,
        commitPolicy: harness.commitPolicy,
        plan,
      };
      const actual = await executePlan({ ...common, trace: true });
      const crashedStep = actual.trace.find((step) => step.outcome === 'crashed');
      if (!crashedStep) return undefined;
      const crashed = crashedStep.entry.origin;
      // The same crash one instant earlier, before the handler started: any difference is the handler's partial work.
      const expected = await executePlan({
        ...common,
        plan: { ...plan, crashes: plan.crashes.map((crash) => ({ ...crash, point: 'before' as const })) },
      });
      const difference = compareRuns(expected.result, actual.result);
      if (!difference) return undefined;
      const described = trace
        ? describeTrace(actual.trace, harness.log.streams)
        : { timeline: [], involved: [] };
      return {
        messageId: difference.abort ? 'run-failed' : 'changed',
        data: difference.abort
          ? { record: describeRecord(crashed), reason: difference.abort.kind }
          : { record: describeRecord(crashed) },
        ...(difference.expected ? { expected: difference.expected } : {}),
        ...(difference.actual ? { actual: difference.actual } : {}),
        diff: difference.diff,
        ...described,
        primary: crashed,
      };
    },
  },
});
