/**
 * `replay/evolution`: records written with an older schema version stay in the log for as long as
 * its retention; read with today's schema (missing fields take their defaults), they must not make
 * the handler throw or break an invariant.
 */
import { executePlan } from '../engine/execute-plan.ts';
import type { LoggedRecord } from '../model.ts';
import { describeRecord } from '../model.ts';
import { fullLimits, prefixPlanArbitrary } from '../schedule/arbitraries.ts';
import type { DeliveryPlan } from '../schedule/plan.ts';
import { cleanPlan } from '../schedule/plan.ts';
import { prefixCases } from '../schedule/small-cases.ts';
import type { PropertyHarness } from './property-rule.ts';
import { definePropertyRule, describeTrace } from './property-rule.ts';

function currentVersion(harness: PropertyHarness, eventType: string): number | undefined {
  let max: number | undefined;
  for (const record of harness.log.records) {
    if (
      record.eventType === eventType &&
      record.schemaVersion !== undefined &&
      (max === undefined || record.schemaVersion > max)
    ) {
      max = record.schemaVersion;
    }
  }
  return max;
}

/** An older-schema record makes the handler throw or breaks an invariant. */
export const evolution = definePropertyRule<'threw' | 'invariant', DeliveryPlan>({
  id: 'replay/evolution',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description:
      "Records written with an older schema version, read with today's schema, are handled like any other.",
    rationale:
      'A topic keeps records of every schema version within its retention, and a replay reads them all; a handler that assumes a field added later crashes on the old ones.',
    help: "Handle the default value that today's schema gives a field the older writer did not have (null, an enum default, an empty string).",
  },
  messages: {
    threw:
      'Consumer `{consumer}` throws on {record}, written with schema version {version} (today: {current}): {error}.',
    invariant:
      'Invariant `{invariant}` of consumer `{consumer}` fails after {record}, written with schema version {version} (today: {current}): {detail}.',
  },
  property: {
    skipReason: (harness) =>
      harness.log.records.some((record) => record.olderSchema)
        ? undefined
        : 'the log has no record written with an older schema version',
    arbitrary: (harness) => prefixPlanArbitrary(harness.log),
    examples: (harness) => [cleanPlan(fullLimits(harness.log))],
    smallCases: (harness) =>
      prefixCases(harness.log, (stream, index) => harness.log.streams[stream]!.records[index]!.olderSchema),
    async run(harness, plan, trace) {
      const actual = await executePlan({
        consumer: harness.consumer,
        log: harness.log,
        plan,
        commitPolicy: harness.commitPolicy,
        checkInvariants: true,
        trace,
      });
      const older = (record: unknown): record is LoggedRecord =>
        (record as LoggedRecord).olderSchema === true;
      const failure = actual.result.failures.find((f) => older(f.record));
      const broken = actual.result.invariantFailures.find((f) => older(f.record));
      const record = (failure?.record ?? broken?.record) as LoggedRecord | undefined;
      if (!record) return undefined;
      const described = trace
        ? describeTrace(actual.trace, harness.log.streams)
        : { timeline: [], involved: [] };
      const common = {
        record: describeRecord(record),
        version: record.schemaVersion ?? 'unknown',
        current: currentVersion(harness, record.eventType) ?? 'unknown',
      };
      return {
        messageId: failure ? 'threw' : 'invariant',
        data: failure
          ? { ...common, error: failure.error }
          : { ...common, invariant: broken!.invariant, detail: broken!.detail },
        diff: [],
        ...described,
        primary: record,
      };
    },
  },
});
