/**
 * `replay/order-sensitive`: Kafka orders records only within a partition. Any interleaving of
 * partitions is legal, so the final snapshot must not depend on it. When records of one business
 * entity sit in several partitions (a wrong or null key), the harness tries them in other orders
 * and names that spread as the cause.
 */
import { executePlan } from '../engine/execute-plan.ts';
import type { LoggedRecord } from '../model.ts';
import { describeRecord, streamLabel } from '../model.ts';
import { interleavingPlanArbitrary } from '../schedule/arbitraries.ts';
import type { DeliveryPlan } from '../schedule/plan.ts';
import { cleanPlan } from '../schedule/plan.ts';
import { spreadPairCases } from '../schedule/small-cases.ts';
import { compareRuns, definePropertyRule, describeTrace } from './property-rule.ts';

/** A legal cross-partition order changes the final snapshot. */
export const orderSensitive = definePropertyRule<'changed' | 'changed-spread' | 'run-failed', DeliveryPlan>({
  id: 'replay/order-sensitive',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description:
      "The final state does not depend on how partitions interleave; only each partition's own order is guaranteed.",
    rationale:
      'Kafka gives no order across partitions: a consumer that assumes one (e.g. payment after order, when they sit in different partitions) breaks whenever one partition lags.',
    help: "Key every event of an entity by that entity's id so they share a partition, or make the handler accept the events in any order (buffer or merge facts).",
  },
  messages: {
    changed:
      'Consumer `{consumer}` is order-sensitive: delivering {later} before {earlier} (a legal cross-partition order) changes the final snapshot.',
    'changed-spread':
      'Consumer `{consumer}` is order-sensitive: records of `{entity}` sit in partitions {streams}, so Kafka may deliver {later} before {earlier}, and that changes the final snapshot.',
    'run-failed':
      'Consumer `{consumer}` does not finish when {later} is delivered before {earlier}: {reason}.',
  },
  property: {
    skipReason: (harness) =>
      harness.log.streams.length < 2
        ? 'the consumer reads a single partition: there is no other order'
        : undefined,
    arbitrary: (harness) => interleavingPlanArbitrary(harness.log, harness.spread),
    smallCases: (harness) => spreadPairCases(harness.log, harness.spread.pairs),
    async run(harness, plan, trace) {
      const common = { consumer: harness.consumer, log: harness.log, commitPolicy: harness.commitPolicy };
      const actual = await executePlan({ ...common, plan, trace: true });
      let later: LoggedRecord | undefined;
      let earlier: LoggedRecord | undefined;
      let spreadPair: [LoggedRecord, LoggedRecord] | undefined;
      let max: LoggedRecord | undefined;
      const seenEntity = new Map<string, LoggedRecord>();
      for (const step of actual.trace) {
        const record = step.entry.origin;
        if (max && record.seq < max.seq && !later) {
          // `max` was logged after `record` but delivered before it.
          later = max;
          earlier = record;
        }
        if (record.entity !== undefined) {
          const other = seenEntity.get(record.entity);
          if (other && other.seq > record.seq && other.stream !== record.stream && !spreadPair) {
            spreadPair = [other, record];
          }
          seenEntity.set(record.entity, record.seq > (other?.seq ?? -1) ? record : other!);
        }
        if (!max || record.seq > max.seq) max = record;
      }
      if (!later || !earlier) return undefined;
      const expected = await executePlan({ ...common, plan: cleanPlan(plan.limits) });
      const difference = compareRuns(expected.result, actual.result);
      if (!difference) return undefined;
      const described = trace
        ? describeTrace(actual.trace, harness.log.streams)
        : { timeline: [], involved: [] };
      const shownLater = spreadPair ? spreadPair[0] : later;
      const shownEarlier = spreadPair ? spreadPair[1] : earlier;
      const data: Record<string, string | number> = {
        later: describeRecord(shownLater),
        earlier: describeRecord(shownEarlier),
      };
      let messageId: 'changed' | 'changed-spread' | 'run-failed' = 'changed';
      let cause: string | undefined;
      if (difference.abort) {
        messageId = 'run-failed';
        data.reason = difference.abort.kind;
      } else if (spreadPair && shownLater.entity !== undefined) {
        const entity = shownLater.entity;
        const spread = harness.spread.entities.find((e) => e.entity === entity);
        const streams = (spread?.streams ?? [shownEarlier.stream, shownLater.stream])
          .map((s) => streamLabel(harness.log.streams[s]!))
          .join(', ');
        messageId = 'changed-spread';
        data.entity = entity;
        data.streams = streams;
        const id = entity.slice(entity.indexOf('=') + 1);
        const wrongKeys = [shownLater, shownEarlier]
          .filter((record) => record.key !== id)
          .map(
            (record) =>
              `${record.eventType.slice(record.eventType.lastIndexOf('.') + 1)} is keyed by ${record.key ?? 'null'}`,
          );
        cause = `Records of \`${entity}\` sit in ${streams}: ${wrongKeys.length > 0 ? wrongKeys.join(' and ') : 'their keys differ'}, not by ${id}, so Kafka does not keep them in order.`;
      }
      return {
        messageId,
        data,
        ...(difference.expected ? { expected: difference.expected } : {}),
        ...(difference.actual ? { actual: difference.actual } : {}),
        diff: difference.diff,
        ...described,
        primary: shownLater,
        ...(cause ? { cause } : {}),
      };
    },
  },
});
