/**
 * The replay runner: for each consumer, two clean reference runs (a consumer whose two runs differ
 * leaks state and is not checked further), then each property searched by fast-check under the
 * Kafka delivery model, shrunk to the smallest failing schedule and reported as a finding with
 * its details: the records involved and what happened to each, the snapshot diff, the seed and
 * path, and the command that reproduces it. Pure: logs and consumers are loaded by adapters.
 */
import fc from 'fast-check';
import type { Diagnostic } from '../report/diagnostic.ts';
import type { AnyConsumer } from './define-consumer.ts';
import type { RunResult } from './engine/consumer-run.ts';
import { executeSequence } from './engine/execute-plan.ts';
import type { SnapshotChange } from './engine/snapshot.ts';
import { diffSnapshots, formatSnapshotDiff } from './engine/snapshot.ts';
import type { LoggedRecord, PartitionStream, RecordedLog } from './model.ts';
import { mergeLogs } from './model.ts';
import type {
  InvolvedRecord,
  PropertyFailure,
  PropertyHarness,
  PropertyRule,
  PropertyViolation,
  TimelineStep,
} from './properties/property-rule.ts';
import type { ReplayPropertyId } from './replay-rules.ts';
import { replayProperties } from './replay-rules.ts';
import { handlerError } from './rules/handler-error.ts';
import { handlerTimeout } from './rules/handler-timeout.ts';
import { leaksState } from './rules/leaks-state.ts';
import { findingsOf } from './rules/replay-rule.ts';
import { setupFailed } from './rules/setup-failed.ts';
import { snapshotNotSerializable } from './rules/snapshot-not-serializable.ts';
import { findEntitySpread } from './schedule/entity-spread.ts';
import { minimizeCase } from './schedule/minimize.ts';
import type { CommitPolicy } from './schedule/plan.ts';
import { formatCommitPolicy } from './schedule/plan.ts';
import { planSize } from './schedule/small-cases.ts';

/** A consumer to replay, with the module it came from when it was loaded from a file. */
export interface ReplayConsumer {
  consumer: AnyConsumer;
  file?: string;
}

/** Progress of a replay, for a TTY progress line. */
export type ReplayProgress =
  | { kind: 'consumer'; consumer: string; records: number }
  | { kind: 'run'; consumer: string; property: string; run: number; of: number }
  | {
      kind: 'property';
      consumer: string;
      property: string;
      status: 'passed' | 'failed' | 'skipped';
      runs: number;
      reason?: string;
    };

/** Options of `runReplay`. */
export interface ReplayOptions {
  consumers: readonly (AnyConsumer | ReplayConsumer)[];
  /** The recorded log (read by `readLogs`); or give `logs`. */
  log?: RecordedLog;
  /** Several recorded logs, joined in the order given. */
  logs?: RecordedLog | readonly RecordedLog[];
  /** fast-check runs per property and consumer. */
  runs: number;
  /** Seed of every property search; random when not given (and reported). */
  seed?: number;
  /** fast-check path of a failure to replay directly (with the seed, one consumer and one property). */
  path?: string;
  /** Wall-clock budget for all property searches, in milliseconds; searches stop early when it is spent. */
  budgetMs?: number;
  commitPolicy: CommitPolicy;
  /** Property ids to check; all when not given. */
  properties?: readonly string[];
  /** Producers may write duplicates on retry (not idempotent). Default true: the harness tests for them. */
  producerDuplicates?: boolean;
  onProgress?: (event: ReplayProgress) => void;
  /** The command prefix of the reproduce line. Default `kontract replay`. */
  command?: string;
}

/** One property failure, with everything needed to understand and reproduce it. */
export interface ReplayFailure {
  ruleId: string;
  consumer: string;
  consumerFile?: string;
  message: string;
  seed: number;
  path: string;
  /** The command that replays exactly this failure. */
  reproduce: string;
  /** Runs fast-check made before the first failure, and shrink steps after it. */
  runsUntilFailure: number;
  shrinks: number;
  /** The records of the minimal schedule that something happened to, and what. */
  involved: InvolvedRecord[];
  /** Every step of the minimal failing schedule. */
  timeline: TimelineStep[];
  /** Expected (reference) vs actual snapshot differences. */
  diff: SnapshotChange[];
  expected?: unknown;
  actual?: unknown;
  /** The root cause beyond the schedule, when one is known (an entity spread over partitions). */
  cause?: string;
  /** The minimal counterexample as fast-check reported it. */
  counterexample: string;
}

/** Per consumer: what was checked, skipped or failed. */
export interface ConsumerSummary {
  consumer: string;
  records: number;
  properties: {
    id: string;
    status: 'passed' | 'failed' | 'skipped';
    runs: number;
    reason?: string;
    durationMs: number;
  }[];
}

/** What a replay found. */
export interface ReplayResult {
  diagnostics: Diagnostic[];
  failures: ReplayFailure[];
  consumers: ConsumerSummary[];
  seed: number;
  commitPolicy: CommitPolicy;
  durationMs: number;
  /** Property runs made in total. */
  runs: number;
}

/** The records of the given topics only, renumbered (a consumer's view of the log). */
export function restrictLog(log: RecordedLog, topics: readonly string[]): RecordedLog {
  const wanted = new Set(topics);
  const keep = log.streams.map((stream) => wanted.has(stream.topic));
  const streamIndex: number[] = [];
  const streams: PartitionStream[] = [];
  log.streams.forEach((stream, s) => {
    if (!keep[s]) return;
    streamIndex[s] = streams.length;
    streams.push({ topic: stream.topic, partition: stream.partition, records: [] });
  });
  const records: LoggedRecord[] = [];
  for (const record of log.records) {
    const s = streamIndex[record.stream];
    if (s === undefined) continue;
    const target = streams[s]!;
    const copy = Object.freeze({ ...record, seq: records.length, stream: s, index: target.records.length });
    target.records.push(copy);
    records.push(copy);
  }
  return { files: log.files, streams, records };
}

function toReplayConsumer(entry: AnyConsumer | ReplayConsumer): ReplayConsumer {
  return 'consumer' in entry && typeof (entry as ReplayConsumer).consumer === 'object' && !('handle' in entry)
    ? (entry as ReplayConsumer)
    : { consumer: entry as AnyConsumer };
}

/** Quotes a shell word when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Reports the aborts of a reference run; true when the run aborted. */
function reportAbort(result: RunResult, entry: ReplayConsumer, diagnostics: Diagnostic[]): boolean {
  const abort = result.abort;
  if (!abort) return false;
  const base = { consumer: entry.consumer.name, ...(entry.file ? { consumerFile: entry.file } : {}) };
  if (abort.kind === 'setup' || abort.kind === 'teardown') {
    diagnostics.push(
      ...findingsOf(setupFailed, { ...base, detail: { phase: abort.kind, error: abort.error } }),
    );
  } else if (abort.kind === 'timeout') {
    diagnostics.push(
      ...findingsOf(handlerTimeout, {
        ...base,
        detail: { record: abort.record as LoggedRecord, timeoutMs: abort.timeoutMs },
      }),
    );
  } else if (abort.kind === 'unserialisable') {
    diagnostics.push(
      ...findingsOf(snapshotNotSerializable, {
        ...base,
        detail: { kind: 'unserialisable', path: abort.path, found: abort.found },
      }),
    );
  } else {
    diagnostics.push(
      ...findingsOf(snapshotNotSerializable, { ...base, detail: { kind: 'threw', error: abort.error } }),
    );
  }
  return true;
}

/** Runs the replay: reference runs and property searches for every consumer. */
export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const started = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const diagnostics: Diagnostic[] = [];
  const failures: ReplayFailure[] = [];
  const summaries: ConsumerSummary[] = [];
  const wanted = options.properties ? new Set(options.properties) : undefined;
  const properties = (Object.entries(replayProperties) as [ReplayPropertyId, PropertyRule][]).filter(
    ([id]) => !wanted || wanted.has(id),
  );
  const consumers = options.consumers.map(toReplayConsumer);
  const deadline = options.budgetMs === undefined ? Number.POSITIVE_INFINITY : started + options.budgetMs;
  let checksLeft = consumers.length * properties.length;
  let totalRuns = 0;

  const given = [
    ...(options.log ? [options.log] : []),
    ...(options.logs === undefined
      ? []
      : Array.isArray(options.logs)
        ? options.logs
        : [options.logs as RecordedLog]),
  ];
  if (given.length === 0) throw new TypeError('runReplay: give the recorded log as `log` or `logs`');
  const whole = mergeLogs(given);
  for (const entry of consumers) {
    const { consumer } = entry;
    const log = restrictLog(whole, consumer.topics);
    const summary: ConsumerSummary = { consumer: consumer.name, records: log.records.length, properties: [] };
    summaries.push(summary);
    options.onProgress?.({ kind: 'consumer', consumer: consumer.name, records: log.records.length });
    const skipAll = (reason: string) => {
      for (const [id] of properties)
        summary.properties.push({ id, status: 'skipped', runs: 0, reason, durationMs: 0 });
      checksLeft -= properties.length;
    };

    const first = await executeSequence(consumer, log.records, { checkInvariants: false });
    if (reportAbort(first, entry, diagnostics)) {
      skipAll('the clean reference run did not complete');
      continue;
    }
    const second = await executeSequence(consumer, log.records, { checkInvariants: false });
    if (reportAbort(second, entry, diagnostics)) {
      skipAll('the second clean reference run did not complete');
      continue;
    }
    if (first.snapshot!.text !== second.snapshot!.text) {
      const changes = formatSnapshotDiff(diffSnapshots(first.snapshot!.value, second.snapshot!.value, 3));
      diagnostics.push(
        ...findingsOf(leaksState, {
          consumer: consumer.name,
          ...(entry.file ? { consumerFile: entry.file } : {}),
          detail: { changes },
        }),
      );
      skipAll('the consumer leaks state between runs, so runs cannot be compared');
      continue;
    }
    const currentErrors = first.failures.filter((failure) => !(failure.record as LoggedRecord).olderSchema);
    if (currentErrors.length > 0) {
      const firstError = currentErrors[0]!;
      diagnostics.push(
        ...findingsOf(handlerError, {
          consumer: consumer.name,
          ...(entry.file ? { consumerFile: entry.file } : {}),
          detail: {
            record: firstError.record as LoggedRecord,
            error: firstError.error,
            count: currentErrors.length,
          },
        }),
      );
    }

    const harness: PropertyHarness = {
      consumer,
      log,
      commitPolicy: options.commitPolicy,
      spread: findEntitySpread(log),
      producerDuplicates: options.producerDuplicates ?? true,
    };
    const failed = new Set<string>();
    for (const [id, rule] of properties) {
      const propertyStarted = Date.now();
      checksLeft--;
      const skip = (reason: string) => {
        summary.properties.push({ id, status: 'skipped', runs: 0, reason, durationMs: 0 });
        options.onProgress?.({
          kind: 'property',
          consumer: consumer.name,
          property: id,
          status: 'skipped',
          runs: 0,
          reason,
        });
      };
      const reason = rule.property.skipReason?.(harness);
      if (reason !== undefined) {
        skip(reason);
        continue;
      }
      if (id === 'replay/not-replay-safe' && failed.has('replay/not-idempotent')) {
        skip('a consequence of replay/not-idempotent: replaying redelivers every record');
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        skip('the time budget is spent');
        continue;
      }
      let lastViolation: PropertyViolation | undefined;
      let runsDone = 0;
      const predicate = fc.asyncProperty(rule.property.arbitrary(harness), async (testCase: unknown) => {
        runsDone++;
        options.onProgress?.({
          kind: 'run',
          consumer: consumer.name,
          property: id,
          run: runsDone,
          of: options.runs,
        });
        const violation = await rule.property.run(harness, testCase, true);
        if (violation) lastViolation = violation;
        return violation === undefined;
      });
      const parameters: fc.Parameters<[unknown]> = { seed, numRuns: options.runs };
      if (options.path !== undefined) parameters.path = options.path;
      if (Number.isFinite(remaining))
        parameters.interruptAfterTimeLimit = Math.max(1, Math.floor(remaining / (checksLeft + 1)));
      const examples = rule.property.examples?.(harness);
      if (examples) parameters.examples = examples.map((example) => [example]);
      const details = await fc.check(predicate, parameters);
      totalRuns += runsDone;
      const durationMs = Date.now() - propertyStarted;
      if (!details.failed || !lastViolation) {
        const status = 'passed' as const;
        summary.properties.push({
          id,
          status,
          runs: details.numRuns,
          durationMs,
          ...(details.interrupted
            ? { reason: `stopped by the time budget after ${details.numRuns} runs` }
            : {}),
        });
        options.onProgress?.({
          kind: 'property',
          consumer: consumer.name,
          property: id,
          status,
          runs: details.numRuns,
        });
        continue;
      }
      failed.add(id);
      const minimal = await minimizeCase(details.counterexample?.[0], async (candidate) => {
        const violation = await rule.property.run(harness, candidate, false);
        return violation !== undefined;
      });
      let smallest = minimal.value;
      let improvements = minimal.improvements;
      if (rule.property.smallCases) {
        const limit = planSize(smallest as { limits: number[] });
        let tried = 0;
        for (const candidate of rule.property.smallCases(harness)) {
          if (tried++ >= 600 || planSize(candidate as { limits: number[] }) >= limit) break;
          if (await rule.property.run(harness, candidate, false)) {
            const again = await minimizeCase(
              candidate,
              async (c) => (await rule.property.run(harness, c, false)) !== undefined,
            );
            smallest = again.value;
            improvements += 1 + again.improvements;
            break;
          }
        }
      }
      const finalViolation = (await rule.property.run(harness, smallest, true)) ?? lastViolation;
      const path = details.counterexamplePath ?? '';
      const command = [
        options.command ?? 'kontract replay',
        `--seed ${details.seed}`,
        `--path ${shellWord(path)}`,
        `--consumer ${shellWord(consumer.name)}`,
        `--property ${id}`,
        `--commit ${formatCommitPolicy(options.commitPolicy)}`,
        ...(harness.producerDuplicates ? [] : ['--idempotent-producers']),
      ].join(' ');
      const failure: PropertyFailure = {
        consumer: consumer.name,
        ...(entry.file ? { consumerFile: entry.file } : {}),
        violation: finalViolation,
        seed: details.seed,
        path,
        reproduce: command,
      };
      const found = findingsOf(rule, failure);
      for (const diagnostic of found)
        diagnostic.help = `${diagnostic.help ?? ''}${diagnostic.help ? ' ' : ''}Reproduce: ${command}`;
      diagnostics.push(...found);
      const report: ReplayFailure = {
        ruleId: id,
        consumer: consumer.name,
        message: found[0]?.message ?? id,
        seed: details.seed,
        path,
        reproduce: command,
        runsUntilFailure: details.numRuns,
        shrinks: details.numShrinks + improvements,
        involved: finalViolation.involved,
        timeline: finalViolation.timeline,
        diff: finalViolation.diff,
        counterexample: fc.stringify(smallest),
      };
      if (entry.file) report.consumerFile = entry.file;
      if (finalViolation.expected) report.expected = finalViolation.expected.value;
      if (finalViolation.actual) report.actual = finalViolation.actual.value;
      if (finalViolation.cause) report.cause = finalViolation.cause;
      failures.push(report);
      summary.properties.push({ id, status: 'failed', runs: details.numRuns, durationMs });
      options.onProgress?.({
        kind: 'property',
        consumer: consumer.name,
        property: id,
        status: 'failed',
        runs: details.numRuns,
      });
    }
  }
  return {
    diagnostics,
    failures,
    consumers: summaries,
    seed,
    commitPolicy: options.commitPolicy,
    durationMs: Date.now() - started,
    runs: totalRuns,
  };
}
