/**
 * Executes partition streams with one worker per partition, all sharing the consumer's state, the
 * way a consumer with concurrent partition processing (kafkajs `partitionsConsumedConcurrently`)
 * runs. fast-check's scheduler decides which pending await point resumes next: the next poll of a
 * partition, or a handler's `context.io` / `context.commit`. Each partition still gets its records
 * in offset order, one at a time.
 */
import type { Scheduler } from 'fast-check';
import type { AnyConsumer, HandlerContext } from '../define-consumer.ts';
import type { LoggedRecord, RecordedLog } from '../model.ts';
import { streamLabel } from '../model.ts';
import type { RunResult } from './consumer-run.ts';
import { ConsumerRun } from './consumer-run.ts';

/** The outcome of a concurrent run, with the orders in which handlers started and finished. */
export interface ConcurrentExecution {
  result: RunResult;
  /** Records in the order their handlers were called. */
  started: LoggedRecord[];
  /** Records in the order their handlers settled. */
  completed: LoggedRecord[];
  /** Await points released by the scheduler and handler completions, in order. */
  steps: ConcurrentStep[];
}

/** One event of a concurrent run. */
export interface ConcurrentStep {
  kind: 'poll' | 'io' | 'commit' | 'done' | 'threw';
  record: LoggedRecord;
  label?: string;
}

/** Runs the prefixes `limits` of each stream concurrently under `scheduler`. */
export async function executeConcurrent(
  consumer: AnyConsumer,
  log: RecordedLog,
  limits: readonly number[],
  scheduler: Scheduler,
): Promise<ConcurrentExecution> {
  const started: LoggedRecord[] = [];
  const completed: LoggedRecord[] = [];
  const steps: ConcurrentStep[] = [];
  const run = await ConsumerRun.start(consumer, { checkInvariants: false });
  if (!(run instanceof ConsumerRun))
    return { result: { failures: [], invariantFailures: [], abort: run }, started, completed, steps };
  const point = (
    kind: ConcurrentStep['kind'],
    record: LoggedRecord,
    label: string,
    extra?: string,
  ): Promise<void> =>
    scheduler.schedule(Promise.resolve(label), label).then(() => {
      steps.push(extra === undefined ? { kind, record } : { kind, record, label: extra });
    });
  const worker = async (s: number) => {
    const stream = log.streams[s]!;
    const limit = Math.min(limits[s] ?? 0, stream.records.length);
    for (let i = 0; i < limit; i++) {
      const record = stream.records[i]!;
      const where = `${streamLabel(stream)}@${record.offset}`;
      await point('poll', record, `poll ${where}`);
      started.push(record);
      const context: HandlerContext = {
        delivery: 1,
        io: async <T>(effect?: () => T | Promise<T>, label?: string): Promise<T> => {
          await point('io', record, `io ${where}${label ? ` ${label}` : ''}`, label);
          return (effect ? await effect() : undefined) as T;
        },
        commit: () => point('commit', record, `commit ${where}`),
      };
      try {
        await consumer.handle(record, run.state, context);
      } catch (error) {
        run.noteFailure(record, 1, error);
        steps.push({ kind: 'threw', record });
      }
      steps.push({ kind: 'done', record });
      completed.push(record);
    }
  };
  const all = Promise.all(log.streams.map((_, s) => worker(s)));
  const timeoutMs = (consumer.timeoutMs ?? 5000) * 4;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([scheduler.waitFor(all).then(() => 'done' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    const stuck = log.streams
      .flatMap((stream) => stream.records)
      .find((r) => started.includes(r) && !completed.includes(r));
    if (stuck) {
      const result = await run.finish();
      return {
        result: { ...result, abort: { kind: 'timeout', record: stuck, timeoutMs } },
        started,
        completed,
        steps,
      };
    }
  }
  return { result: await run.finish(), started, completed, steps };
}
