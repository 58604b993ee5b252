/**
 * Executes partition streams with one worker per partition, all sharing the consumer's state, the
 * way a consumer with concurrent partition processing (kafkajs `partitionsConsumedConcurrently`)
 * runs. Every await point the harness controls — a partition's next poll, a handler's
 * `context.io` or `context.commit` — waits until the schedule releases it. The schedule is a list
 * of small choices (which pending await point resumes next: `choice % pending`), empty meaning
 * first-come first-served, so fast-check shrinks a racing schedule to the fewest, earliest choices.
 * (fast-check's own `scheduler()` explores the same space but cannot shrink its decisions.) Each
 * partition still gets its records in offset order, one at a time.
 */
import type { AnyConsumer, HandlerContext } from '../define-consumer.ts';
import type { LoggedRecord, RecordedLog } from '../model.ts';
import { streamLabel } from '../model.ts';
import type { RunResult } from './consumer-run.ts';
import { ConsumerRun } from './consumer-run.ts';

/** One event of a concurrent run. */
export interface ConcurrentStep {
  kind: 'poll' | 'io' | 'commit' | 'done' | 'threw';
  record: LoggedRecord;
  label?: string;
}

/** The outcome of a concurrent run, with the orders in which handlers started and finished. */
export interface ConcurrentExecution {
  result: RunResult;
  /** Records in the order their handlers were called. */
  started: LoggedRecord[];
  /** Records in the order their handlers settled. */
  completed: LoggedRecord[];
  /** Await points released and handler completions, in order. */
  steps: ConcurrentStep[];
}

interface PendingPoint {
  kind: 'poll' | 'io' | 'commit';
  record: LoggedRecord;
  label?: string;
  release(): void;
}

/** Lets every queued microtask run (a macrotask turn), so all runnable handlers reach their next await point. */
const settle = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/** Runs the prefixes `limits` of each stream concurrently; `choices` pick the await point released at each step. */
export async function executeConcurrent(
  consumer: AnyConsumer,
  log: RecordedLog,
  limits: readonly number[],
  choices: readonly number[],
): Promise<ConcurrentExecution> {
  const started: LoggedRecord[] = [];
  const completed: LoggedRecord[] = [];
  const steps: ConcurrentStep[] = [];
  const run = await ConsumerRun.start(consumer, { checkInvariants: false });
  if (!(run instanceof ConsumerRun)) {
    return { result: { failures: [], invariantFailures: [], abort: run }, started, completed, steps };
  }
  const pending: PendingPoint[] = [];
  // Workers running code right now (not waiting at a harness point, not done). The schedule decides
  // only when none is: real I/O inside an effect runs to its next await point first, so a run is a
  // function of its choices alone.
  let active = log.streams.length;
  const point = (kind: PendingPoint['kind'], record: LoggedRecord, label?: string): Promise<void> =>
    new Promise((resolve) => {
      active--;
      pending.push({
        kind,
        record,
        ...(label === undefined ? {} : { label }),
        release: () => {
          active++;
          steps.push(label === undefined ? { kind, record } : { kind, record, label });
          resolve();
        },
      });
    });
  const worker = async (s: number) => {
    try {
      await work(s);
    } finally {
      active--;
    }
  };
  const work = async (s: number) => {
    const stream = log.streams[s]!;
    const limit = Math.min(limits[s] ?? 0, stream.records.length);
    for (let i = 0; i < limit; i++) {
      const record = stream.records[i]!;
      await point('poll', record);
      started.push(record);
      const context: HandlerContext = {
        delivery: 1,
        io: async <T>(effect?: () => T | Promise<T>, label?: string): Promise<T> => {
          await point('io', record, label);
          return (effect ? await effect() : undefined) as T;
        },
        commit: () => point('commit', record),
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
  let done = false;
  const all = Promise.all(log.streams.map((_, s) => worker(s))).then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  const timeoutMs = consumer.timeoutMs ?? 5000;
  let idleSince = Date.now();
  let choice = 0;
  while (!done) {
    await settle();
    if (done) break;
    if (active > 0 || pending.length === 0) {
      if (Date.now() - idleSince > timeoutMs) {
        const stuck = started.find((record) => !completed.includes(record)) ?? started[started.length - 1];
        const result = await run.finish();
        if (!stuck) return { result, started, completed, steps };
        return {
          result: { ...result, abort: { kind: 'timeout', record: stuck, timeoutMs } },
          started,
          completed,
          steps,
        };
      }
      continue;
    }
    idleSince = Date.now();
    const index = (choices[choice++] ?? 0) % pending.length;
    const [next] = pending.splice(index, 1);
    next!.release();
  }
  await all;
  return { result: await run.finish(), started, completed, steps };
}

/** `accounts/1@57`: where a concurrent step happened. */
export function stepWhere(step: ConcurrentStep, log: RecordedLog): string {
  return `${streamLabel(log.streams[step.record.stream]!)}@${step.record.offset}`;
}
