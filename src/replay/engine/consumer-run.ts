/**
 * One run of a consumer: fresh state from `setup`, records handed to `handle` one at a time with a
 * harness-controlled context, invariants after each record, then `snapshot` and `teardown`. A throw
 * skips the record (as a dead-letter queue would) and is kept; a handler that does not settle within
 * the timeout ends the run. Crash points inside handlers are the context's await points.
 */
import type { AnyConsumer, HandlerContext } from '../define-consumer.ts';
import { defaultHandlerTimeoutMs } from '../define-consumer.ts';
import type { ReplayRecord } from '../model.ts';
import type { CanonicalSnapshot } from './snapshot.ts';
import { canonicalizeSnapshot, UnserialisableSnapshotError } from './snapshot.ts';

/** A handler that threw on a record. */
export interface HandlerFailure {
  record: ReplayRecord;
  delivery: number;
  error: string;
}

/** An invariant that failed after a record. */
export interface InvariantFailure {
  invariant: string;
  record: ReplayRecord;
  detail: string;
}

/** Why a run could not finish: the consumer, not the schedule, is at fault. */
export type RunAbort =
  | { kind: 'setup'; error: string }
  | { kind: 'timeout'; record: ReplayRecord; timeoutMs: number }
  | { kind: 'snapshot'; error: string }
  | { kind: 'unserialisable'; path: string; found: string }
  | { kind: 'teardown'; error: string };

/** The result of one run. */
export interface RunResult {
  snapshot?: CanonicalSnapshot;
  failures: HandlerFailure[];
  invariantFailures: InvariantFailure[];
  abort?: RunAbort;
}

/** What `deliver` reports about one delivery. */
export type DeliveryOutcome = 'ok' | 'threw' | 'crashed' | 'timeout';

/** Hooks the executor gives a run: what happens at an await point and on a manual commit. */
export interface AwaitPointHooks {
  /** Called at each await point; return true to crash there (the handler is abandoned). */
  atAwaitPoint(): boolean;
  /** The handler committed the record's offset itself. */
  onManualCommit(): void;
}

const never = new Promise<never>(() => {});

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Turns a thrown value into one line for reports. */
export { describeError };

/** A consumer's state during one run. */
export class ConsumerRun {
  readonly consumer: AnyConsumer;
  readonly failures: HandlerFailure[] = [];
  readonly invariantFailures: InvariantFailure[] = [];
  readonly #timeoutMs: number;
  readonly #checkInvariants: boolean;
  #state: unknown;
  #abort: RunAbort | undefined;

  private constructor(consumer: AnyConsumer, state: unknown, checkInvariants: boolean) {
    this.consumer = consumer;
    this.#state = state;
    this.#timeoutMs = consumer.timeoutMs ?? defaultHandlerTimeoutMs;
    this.#checkInvariants = checkInvariants && consumer.invariants !== undefined;
  }

  /** Calls `setup`; a throw is a `setup` abort. */
  static async start(
    consumer: AnyConsumer,
    options: { checkInvariants: boolean },
  ): Promise<ConsumerRun | RunAbort> {
    try {
      const state = await consumer.setup();
      return new ConsumerRun(consumer, state, options.checkInvariants);
    } catch (error) {
      return { kind: 'setup', error: describeError(error) };
    }
  }

  /** The run's abort, once one happened. */
  get aborted(): RunAbort | undefined {
    return this.#abort;
  }

  /**
   * Hands one record to the handler. Synchronous handlers complete synchronously (no promise per
   * record on the hot path); asynchronous ones race the timeout and, with hooks, a crash.
   */
  deliver(
    record: ReplayRecord,
    delivery: number,
    hooks?: AwaitPointHooks,
  ): DeliveryOutcome | Promise<DeliveryOutcome> {
    if (hooks === undefined && delivery === 1) return this.#settle(record, delivery, this.#plainContext);
    let crashRequested = false;
    let crashed = (): void => {
      crashRequested = true;
    };
    const context: HandlerContext = {
      delivery,
      io: <T>(effect?: () => T | Promise<T>): Promise<T> => {
        if (hooks?.atAwaitPoint()) {
          crashed();
          return never;
        }
        return effect ? Promise.resolve().then(effect) : (Promise.resolve() as Promise<T>);
      },
      commit: (): Promise<void> => {
        hooks?.onManualCommit();
        if (hooks?.atAwaitPoint()) {
          crashed();
          return never;
        }
        return Promise.resolve();
      },
    };
    return this.#settle(record, delivery, context, {
      requested: () => crashRequested,
      listen: (onCrash) => {
        crashed = onCrash;
      },
    });
  }

  /** The context of clean first deliveries: no crash can happen there, so one object serves every record. */
  readonly #plainContext: HandlerContext = {
    delivery: 1,
    io: <T>(effect?: () => T | Promise<T>): Promise<T> =>
      effect ? Promise.resolve().then(effect) : (Promise.resolve() as Promise<T>),
    commit: (): Promise<void> => Promise.resolve(),
  };

  /** Calls the handler and settles its outcome: ok, threw, crashed (at a crash point) or timeout. */
  #settle(
    record: ReplayRecord,
    delivery: number,
    context: HandlerContext,
    crash?: { requested(): boolean; listen(onCrash: () => void): void },
  ): DeliveryOutcome | Promise<DeliveryOutcome> {
    let result: void | Promise<void>;
    try {
      result = this.consumer.handle(record, this.#state, context);
    } catch (error) {
      this.failures.push({ record, delivery, error: describeError(error) });
      return 'threw';
    }
    if (crash?.requested()) return 'crashed';
    if (!(result instanceof Promise) && !isThenable(result)) {
      this.#afterRecord(record);
      return 'ok';
    }
    return new Promise<DeliveryOutcome>((resolve) => {
      if (crash?.requested()) {
        resolve('crashed');
        return;
      }
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        this.#abort = { kind: 'timeout', record, timeoutMs: this.#timeoutMs };
        resolve('timeout');
      }, this.#timeoutMs);
      crash?.listen(() => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve('crashed');
      });
      Promise.resolve(result).then(
        () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          this.#afterRecord(record);
          resolve('ok');
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          this.failures.push({ record, delivery, error: describeError(error) });
          resolve('threw');
        },
      );
    });
  }

  #afterRecord(record: ReplayRecord): void {
    if (!this.#checkInvariants) return;
    for (const [name, check] of Object.entries(this.consumer.invariants ?? {})) {
      let verdict: unknown;
      try {
        verdict = check(this.#state, record);
      } catch (error) {
        verdict = `the invariant threw ${describeError(error)}`;
      }
      if (verdict === true || verdict === undefined) continue;
      this.invariantFailures.push({
        invariant: name,
        record,
        detail: typeof verdict === 'string' ? verdict : 'returned false',
      });
    }
  }

  /** Takes the snapshot (unless the run aborted) and tears down. */
  async finish(): Promise<RunResult> {
    const result: RunResult = { failures: this.failures, invariantFailures: this.invariantFailures };
    if (!this.#abort) {
      try {
        const raw = await this.consumer.snapshot(this.#state);
        result.snapshot = canonicalizeSnapshot(raw);
      } catch (error) {
        this.#abort =
          error instanceof UnserialisableSnapshotError
            ? { kind: 'unserialisable', path: error.path, found: error.found }
            : { kind: 'snapshot', error: describeError(error) };
      }
    }
    if (this.consumer.teardown) {
      try {
        await this.consumer.teardown(this.#state);
      } catch (error) {
        this.#abort ??= { kind: 'teardown', error: describeError(error) };
      }
    }
    if (this.#abort) result.abort = this.#abort;
    return result;
  }

  /** The live state, for the concurrent executor's own handler calls. */
  get state(): unknown {
    return this.#state;
  }

  /** Records a failure seen by an executor that calls the handler itself. */
  noteFailure(record: ReplayRecord, delivery: number, error: unknown): void {
    this.failures.push({ record, delivery, error: describeError(error) });
  }

  /** Runs the invariants after a record handled by another executor. */
  noteHandled(record: ReplayRecord): void {
    this.#afterRecord(record);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
  );
}
