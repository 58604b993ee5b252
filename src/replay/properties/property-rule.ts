/**
 * A replay property is a replay rule (`replay/not-idempotent`...) plus the property it checks: an
 * arbitrary of delivery plans, and a run that executes a plan and the run it must agree with. The
 * runner hands the property to fast-check; the shrunk counterexample is run once more with a trace
 * and becomes a finding through the rule's `check`.
 */
import type fc from 'fast-check';
import type { RelatedLocation } from '../../report/diagnostic.ts';
import type { AnyConsumer } from '../define-consumer.ts';
import type { RunAbort, RunResult } from '../engine/consumer-run.ts';
import type { TraceStep } from '../engine/execute-plan.ts';
import type { CanonicalSnapshot, SnapshotChange } from '../engine/snapshot.ts';
import { diffSnapshots } from '../engine/snapshot.ts';
import type { LoggedRecord, RecordedLog } from '../model.ts';
import { describeRecord } from '../model.ts';
import type { ReplayRule } from '../rules/replay-rule.ts';
import { lineLocation } from '../rules/replay-rule.ts';
import type { EntitySpread } from '../schedule/entity-spread.ts';
import type { CommitPolicy } from '../schedule/plan.ts';

/** What a property works with: one consumer and the part of the log it subscribes to. */
export interface PropertyHarness {
  consumer: AnyConsumer;
  /** The records of the consumer's topics only. */
  log: RecordedLog;
  commitPolicy: CommitPolicy;
  spread: EntitySpread;
  /** Producers may write duplicates (no idempotent producer). */
  producerDuplicates: boolean;
}

/** One step of a failing schedule as reports show it. */
export interface TimelineStep {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  eventType: string;
  /** `delivered`, `redelivered`, `duplicate`, `replayed`, `crashed inside`, `threw`, `started`, `completed`... */
  what: string;
  /** Extra words: `crash after (all partitions)`, `committed`. */
  note?: string;
}

/** A record of the failing schedule and what happened to it. */
export interface InvolvedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  eventType: string;
  source: { file: string; line: number };
  happened: string[];
}

/** A property violation, found by a run with tracing. */
export interface PropertyViolation {
  /** Message data for the rule's template (consumer name added by the runner). */
  data: Record<string, string | number | boolean>;
  messageId: string;
  expected?: CanonicalSnapshot;
  actual?: CanonicalSnapshot;
  diff: SnapshotChange[];
  timeline: TimelineStep[];
  involved: InvolvedRecord[];
  /** The log record the finding points at. */
  primary?: LoggedRecord;
  /** A sentence naming the root cause beyond the schedule, e.g. an entity spread over partitions. */
  cause?: string;
}

/** The property a property rule checks. */
export interface PropertyDefinition<Case> {
  /** Undefined when the property applies to this consumer and log; else why it is skipped. */
  skipReason?(harness: PropertyHarness): string | undefined;
  arbitrary(harness: PropertyHarness): fc.Arbitrary<Case>;
  /** Cases tried first (e.g. the whole log). */
  examples?(harness: PropertyHarness): Case[];
  /**
   * Small cases built directly from the log (e.g. one partition's prefix up to its first deposit,
   * crashed right after it), smallest first. After shrinking, the runner tries those smaller than
   * the shrunk case and keeps the first that fails: shrinking alone can stop at a local minimum that
   * a different record would undercut.
   */
  smallCases?(harness: PropertyHarness): Iterable<Case>;
  /** Runs one case; with `trace`, a violation carries its timeline and involved records. */
  run(harness: PropertyHarness, testCase: Case, trace: boolean): Promise<PropertyViolation | undefined>;
}

/** A found, shrunk failure of one property for one consumer: the rule check's input. */
export interface PropertyFailure {
  consumer: string;
  consumerFile?: string;
  violation: PropertyViolation;
  seed: number;
  path: string;
  reproduce: string;
}

/** A replay rule that is a property. */
export interface PropertyRule<MessageId extends string = string, Case = unknown>
  extends ReplayRule<MessageId, PropertyFailure> {
  property: PropertyDefinition<Case>;
}

/** Identity helper for property rules; the id equals the file name. */
export function definePropertyRule<MessageId extends string, Case>(rule: {
  id: string;
  kind: 'replay';
  defaultSeverity: PropertyRule<MessageId>['defaultSeverity'];
  docs: PropertyRule<MessageId>['docs'];
  messages: Record<MessageId, string>;
  property: PropertyDefinition<Case>;
  check?: PropertyRule<MessageId>['check'];
}): PropertyRule<MessageId, Case> {
  return { ...rule, check: rule.check ?? reportViolation<MessageId> } as PropertyRule<MessageId, Case>;
}

/** The default check: one finding at the failure's primary record, other involved records related. */
export function reportViolation<MessageId extends string>(context: {
  input: PropertyFailure;
  report(report: {
    messageId: MessageId;
    data?: Record<string, string | number | boolean>;
    location?: ReturnType<typeof lineLocation>;
    related?: RelatedLocation[];
    help?: string;
    contract?: string;
  }): void;
}): void {
  const { violation, consumer } = context.input;
  const primary = violation.primary;
  const related: RelatedLocation[] = violation.involved
    .filter(
      (record) =>
        !primary || record.source.line !== primary.source.line || record.source.file !== primary.source.file,
    )
    .slice(0, 10)
    .map((record) => ({
      ...lineLocation(record.source),
      message: `${describeRecord(record as never)}: ${record.happened.join('; ')}`,
    }));
  context.report({
    messageId: violation.messageId as MessageId,
    data: { consumer, ...violation.data },
    ...(primary ? { location: lineLocation(primary.source), contract: primary.eventType } : {}),
    related,
  });
}

/** Compares a run with the run it must agree with; undefined when they agree. */
export function compareRuns(
  expected: RunResult,
  actual: RunResult,
):
  | { diff: SnapshotChange[]; abort?: RunAbort; expected?: CanonicalSnapshot; actual?: CanonicalSnapshot }
  | undefined {
  if (expected.abort && actual.abort) return undefined;
  if (actual.abort) {
    return expected.snapshot
      ? { diff: [], abort: actual.abort, expected: expected.snapshot }
      : { diff: [], abort: actual.abort };
  }
  if (expected.abort || !expected.snapshot || !actual.snapshot) return undefined;
  if (expected.snapshot.text === actual.snapshot.text) return undefined;
  return {
    diff: diffSnapshots(expected.snapshot.value, actual.snapshot.value),
    expected: expected.snapshot,
    actual: actual.snapshot,
  };
}

function involvedKey(record: LoggedRecord): string {
  return `${record.stream}:${record.index}`;
}

/** Builds the timeline and the involved records from a traced run. */
export function describeTrace(
  trace: readonly TraceStep[],
  streams: RecordedLog['streams'],
): { timeline: TimelineStep[]; involved: InvolvedRecord[] } {
  const timeline: TimelineStep[] = [];
  const involved = new Map<string, InvolvedRecord>();
  const note = (record: LoggedRecord, what: string) => {
    const key = involvedKey(record);
    let entry = involved.get(key);
    if (!entry) {
      entry = {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key,
        eventType: record.eventType,
        source: record.source,
        happened: [],
      };
      involved.set(key, entry);
    }
    if (!entry.happened.includes(what)) entry.happened.push(what);
  };
  let maxSeq = -1;
  let maxRecord: LoggedRecord | undefined;
  for (const step of trace) {
    const origin = step.entry.origin;
    const what = step.entry.duplicate
      ? 'duplicate'
      : step.cause === 'replay'
        ? 'replayed'
        : step.delivery > 1
          ? 'redelivered'
          : 'delivered';
    const timelineStep: TimelineStep = {
      topic: step.entry.record.topic,
      partition: step.entry.record.partition,
      offset: step.entry.record.offset,
      key: step.entry.record.key,
      eventType: step.entry.record.eventType,
      what:
        step.outcome === 'crashed' ? 'crashed inside' : step.outcome === 'threw' ? `${what}, threw` : what,
    };
    const notes: string[] = [];
    if (step.committed) notes.push('committed');
    if (step.crash) {
      const scope =
        step.crash.scope === 'all'
          ? 'all partitions'
          : `partition ${streams[step.crash.scope]?.topic}/${streams[step.crash.scope]?.partition}`;
      notes.push(
        step.crash.point === 'inside'
          ? `crash inside the handler (${scope})`
          : `crash after handling, before the commit (${scope})`,
      );
      note(
        origin,
        step.crash.point === 'inside' ? 'crashed inside its handler' : 'crash after it, before its commit',
      );
    }
    if (notes.length > 0) timelineStep.note = notes.join('; ');
    timeline.push(timelineStep);
    if (step.entry.duplicate)
      note(origin, `written again by a producer retry at offset ${step.entry.record.offset}`);
    else if (step.cause === 'replay') note(origin, 'replayed from offset 0');
    else if (step.delivery > 1) note(origin, `delivered ${step.delivery} times`);
    if (step.outcome === 'threw') note(origin, 'the handler threw');
    if (step.cause === 'first' && !step.entry.duplicate) {
      if (origin.seq < maxSeq && maxRecord && maxRecord.stream !== origin.stream) {
        timelineStep.note = timelineStep.note ? `${timelineStep.note}; out of log order` : 'out of log order';
        note(origin, `delivered after ${describeRecord(maxRecord)} (logged after it)`);
        note(maxRecord, `delivered before ${describeRecord(origin)} (logged before it)`);
      }
      if (origin.seq > maxSeq) {
        maxSeq = origin.seq;
        maxRecord = origin;
      }
    }
  }
  return { timeline, involved: [...involved.values()] };
}

/** The first record of a trace that something happened to (the finding's location). */
export function primaryRecord(
  trace: readonly TraceStep[],
  predicate: (step: TraceStep) => boolean,
): LoggedRecord | undefined {
  return trace.find(predicate)?.entry.origin;
}
