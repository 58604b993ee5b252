/**
 * Executes a delivery plan against one consumer, sequentially, exactly as Kafka would deliver it:
 * partition streams merged by priority (a partition's records always in offset order), commits
 * under the commit policy, crashes that rewind partitions to their last committed offset, producer
 * duplicates at later offsets, and optionally a replay from offset 0 on top of the final state.
 */
import type { AnyConsumer } from '../define-consumer.ts';
import type { LoggedRecord, RecordedLog, ReplayRecord } from '../model.ts';
import type { CommitPolicy, Crash, DeliveryPlan } from '../schedule/plan.ts';
import type { AwaitPointHooks, DeliveryOutcome, RunResult } from './consumer-run.ts';
import { ConsumerRun } from './consumer-run.ts';

/** One record of a planned partition stream: the log's record, or a producer duplicate of it. */
export interface PlannedEntry {
  /** What the consumer receives (a duplicate has its own, later offset). */
  record: ReplayRecord;
  /** The log record it is (or duplicates). */
  origin: LoggedRecord;
  duplicate: boolean;
  /** Merge priority: file position plus the plan's shifts. */
  priority: number;
}

/** One step of an executed schedule, for reports and timelines. */
export interface TraceStep {
  stream: number;
  /** Position of the entry in its planned stream. */
  position: number;
  entry: PlannedEntry;
  /** 1 on the first delivery of the entry, 2+ on redeliveries. */
  delivery: number;
  cause: 'first' | 'redelivery' | 'replay';
  outcome: DeliveryOutcome;
  /** The offset was committed after this step (by the policy or by the handler). */
  committed: boolean;
  /** A crash happened during (inside) or right after (between) this step. */
  crash?: Crash;
}

/** The outcome of executing a plan. */
export interface Execution {
  result: RunResult;
  trace: TraceStep[];
}

/** Options of `executePlan`. */
export interface ExecuteOptions {
  consumer: AnyConsumer;
  log: RecordedLog;
  plan: DeliveryPlan;
  commitPolicy: CommitPolicy;
  /** After the plan, deliver every planned record again from offset 0 on top of the final state. */
  replayFromStart?: boolean;
  /** Check the consumer's invariants after each record. */
  checkInvariants?: boolean;
  /** Keep the trace (costs memory per delivery). */
  trace?: boolean;
}

function offsetPlus(offset: string, extra: number): string {
  return extra === 0 ? offset : (BigInt(offset) + BigInt(extra)).toString();
}

/** Builds each stream's planned entries: the prefix, the producer duplicates, and merge priorities. */
export function planStreams(log: RecordedLog, plan: DeliveryPlan): PlannedEntry[][] {
  return log.streams.map((stream, s) => {
    const limit = Math.min(plan.limits[s] ?? 0, stream.records.length);
    const shifts = plan.shifts.filter((shift) => shift.stream === s);
    const delayAt = (index: number) => {
      let delay = 0;
      for (const shift of shifts) if (index >= shift.from) delay += shift.delay;
      return delay;
    };
    const duplicatesAfter = new Map<number, LoggedRecord[]>();
    for (const dup of plan.duplicates) {
      if (dup.stream !== s || dup.index >= limit) continue;
      const at = Math.min(dup.index + dup.gap, limit - 1);
      const original = stream.records[dup.index]!;
      const list = duplicatesAfter.get(at) ?? [];
      list.push(original);
      duplicatesAfter.set(at, list);
    }
    const entries: PlannedEntry[] = [];
    let inserted = 0;
    for (let i = 0; i < limit; i++) {
      const origin = stream.records[i]!;
      const record: ReplayRecord =
        inserted === 0 ? origin : { ...origin, offset: offsetPlus(origin.offset, inserted) };
      entries.push({ record, origin, duplicate: false, priority: origin.seq + delayAt(i) });
      for (const copy of duplicatesAfter.get(i) ?? []) {
        inserted++;
        entries.push({
          record: Object.freeze({ ...copy, offset: offsetPlus(origin.offset, inserted) }),
          origin: copy,
          duplicate: true,
          priority: origin.seq + 0.5 + delayAt(i),
        });
      }
    }
    return entries;
  });
}

interface StreamCursor {
  entries: PlannedEntry[];
  next: number;
  committed: number;
  sinceCommit: number;
  windowStart: number | undefined;
  deliveries: Uint16Array;
  replay: boolean;
}

/** Executes `plan` and returns the run's result (snapshot, failures) and its trace. */
export async function executePlan(options: ExecuteOptions): Promise<Execution> {
  const { consumer, log, plan, commitPolicy } = options;
  const trace: TraceStep[] = [];
  const started = await ConsumerRun.start(consumer, { checkInvariants: options.checkInvariants ?? false });
  if (!(started instanceof ConsumerRun))
    return { result: { failures: [], invariantFailures: [], abort: started }, trace };
  const run = started;
  const cursors: StreamCursor[] = planStreams(log, plan).map((entries) => ({
    entries,
    next: 0,
    committed: 0,
    sinceCommit: 0,
    windowStart: undefined,
    deliveries: new Uint16Array(entries.length),
    replay: false,
  }));
  const crashAt = (point: Crash['point'], stream: number, position: number): Crash | undefined => {
    for (const crash of plan.crashes) {
      if (crash.point === point && crash.stream === stream && crash.index === position) return crash;
    }
    return undefined;
  };
  let current: StreamCursor | undefined;
  let insideCrash: Crash | undefined;
  let awaitPoints = 0;
  let pendingCrash: Crash | undefined;

  const rewind = (scope: number | 'all') => {
    cursors.forEach((cursor, s) => {
      if (scope !== 'all' && scope !== s) return;
      cursor.next = cursor.committed;
      cursor.sinceCommit = 0;
      cursor.windowStart = undefined;
    });
  };

  const hooks: AwaitPointHooks = {
    atAwaitPoint: () => {
      const crash = insideCrash;
      if (crash === undefined) return false;
      if ((crash.awaitPoint ?? 0) !== awaitPoints++) return false;
      insideCrash = undefined;
      pendingCrash = crash;
      return true;
    },
    onManualCommit: () => {
      if (current) current.committed = Math.max(current.committed, current.next + 1);
    },
  };

  const firedBefore = new Set<Crash>();
  const deliverAll = async (): Promise<boolean> => {
    for (;;) {
      let pick: StreamCursor | undefined;
      let pickIndex = -1;
      for (let s = 0; s < cursors.length; s++) {
        const cursor = cursors[s]!;
        if (cursor.next >= cursor.entries.length) continue;
        if (!pick || cursor.entries[cursor.next]!.priority < pick.entries[pick.next]!.priority) {
          pick = cursor;
          pickIndex = s;
        }
      }
      if (!pick) return true;
      const position = pick.next;
      const entry = pick.entries[position]!;
      const firstTime = pick.deliveries[position] === 0 && !pick.replay;
      if (firstTime && plan.crashes.length > 0) {
        const crashFirst = crashAt('before', pickIndex, position);
        if (crashFirst && !firedBefore.has(crashFirst)) {
          firedBefore.add(crashFirst);
          const last = trace[trace.length - 1];
          if (last) last.crash = crashFirst;
          rewind(crashFirst.scope);
          continue;
        }
      }
      const count = ++pick.deliveries[position]!;
      current = pick;
      awaitPoints = 0;
      insideCrash = firstTime && plan.crashes.length > 0 ? crashAt('inside', pickIndex, position) : undefined;
      const committedBefore = pick.committed;
      const pending = run.deliver(entry.record, count, hooks);
      const outcome = typeof pending === 'string' ? pending : await pending;
      const step: TraceStep | undefined = options.trace
        ? {
            stream: pickIndex,
            position,
            entry,
            delivery: count,
            cause: pick.replay ? 'replay' : count > 1 ? 'redelivery' : 'first',
            outcome,
            committed: false,
          }
        : undefined;
      if (step) trace.push(step);
      if (outcome === 'timeout') return false;
      if (outcome === 'crashed') {
        const crash = pendingCrash!;
        pendingCrash = undefined;
        if (step) step.crash = crash;
        rewind(crash.scope);
        continue;
      }
      pick.next = position + 1;
      const crash =
        firstTime && plan.crashes.length > 0 ? crashAt('between', pickIndex, position) : undefined;
      if (crash) {
        if (step) {
          step.crash = crash;
          step.committed = pick.committed > committedBefore;
        }
        rewind(crash.scope);
        continue;
      }
      commitAfter(pick, entry.record, commitPolicy);
      if (step) step.committed = pick.committed > position;
    }
  };

  let finished = await deliverAll();
  if (finished && options.replayFromStart) {
    for (const cursor of cursors) {
      cursor.next = 0;
      cursor.committed = 0;
      cursor.sinceCommit = 0;
      cursor.windowStart = undefined;
      cursor.replay = true;
    }
    finished = await deliverAll();
  }
  return { result: await run.finish(), trace };
}

function commitAfter(cursor: StreamCursor, record: ReplayRecord, policy: CommitPolicy): void {
  if (policy.kind === 'per-record') {
    cursor.committed = cursor.next;
    return;
  }
  if (policy.kind === 'batch') {
    cursor.sinceCommit++;
    if (cursor.sinceCommit >= policy.size) {
      cursor.committed = cursor.next;
      cursor.sinceCommit = 0;
    }
    return;
  }
  cursor.windowStart ??= record.timestamp;
  if (record.timestamp - cursor.windowStart >= policy.ms) {
    cursor.committed = cursor.next;
    cursor.windowStart = record.timestamp;
  }
}

/**
 * Delivers records once each, in the given order, with no crash: the clean run that other runs are
 * compared with. Works on any iterable, so a million-record log can stream through it.
 */
export async function executeSequence(
  consumer: AnyConsumer,
  records: Iterable<ReplayRecord>,
  options: { checkInvariants?: boolean } = {},
): Promise<RunResult> {
  const started = await ConsumerRun.start(consumer, { checkInvariants: options.checkInvariants ?? false });
  if (!(started instanceof ConsumerRun)) return { failures: [], invariantFailures: [], abort: started };
  for (const record of records) {
    const pending = started.deliver(record, 1);
    const outcome = typeof pending === 'string' ? pending : await pending;
    if (outcome === 'timeout') break;
  }
  return started.finish();
}
