/**
 * The consumer API: a consumer is `setup` (fresh durable state per run), `handle` (one record),
 * `snapshot` (the observable result, compared structurally between runs), optional `teardown` and
 * invariants. The harness owns delivery, commits, crashes and concurrency; the consumer owns state.
 */
import type { ReplayRecord } from './model.ts';

/**
 * What the harness hands a handler besides the record: the await points it controls.
 *
 * Route the handler's asynchronous work (database calls, HTTP, anything that awaits) through
 * `io`, so the harness can interleave concurrent partition workers there and crash the process
 * there. Outside the harness (`io` called by your production adapter) it simply runs the effect.
 */
export interface HandlerContext {
  /**
   * Runs `effect` (if any) at an await point the harness controls: concurrent workers may interleave
   * here, and a crash may happen here, before the effect runs.
   */
  io<T = void>(effect?: () => T | Promise<T>, label?: string): Promise<T>;
  /**
   * Commits this record's offset now (as kafkajs `commitOffsets` with offset + 1 would), before the
   * handler returns. A crash may happen right after the commit.
   */
  commit(): Promise<void>;
  /** 1 on the first delivery of this record in the run, 2 and more on redeliveries. */
  readonly delivery: number;
}

/**
 * An invariant over the consumer's state, checked after each record of a clean run: `true` or
 * `undefined` holds; `false` fails; a string fails with that explanation.
 */
export type Invariant<State> = (
  state: State,
  record: ReplayRecord,
  // biome-ignore lint/suspicious/noConfusingVoidType: an invariant written as a block that only returns on failure has a void return type.
) => boolean | string | undefined | void;

/** A consumer as the user writes it; see `defineConsumer`. */
export interface ConsumerDefinition<State = unknown, Snapshot = unknown> {
  /** Shown in reports and in the reproduce command. */
  name: string;
  /** Topics the consumer subscribes to; records of other topics are not delivered to it. */
  topics: readonly string[];
  /** Fresh state for one run (a new database, a new map). Called once per run; may be async. */
  setup(): State | Promise<State>;
  /** Handles one record; may mutate `state`; may be async. A throw skips the record (as a DLQ would). */
  handle(record: ReplayRecord, state: State, context: HandlerContext): void | Promise<void>;
  /** The observable result of the state: plain JSON (objects, arrays, strings, finite numbers, booleans, null). */
  snapshot(state: State): Snapshot | Promise<Snapshot>;
  /** Releases what `setup` acquired (connections, temp schemas). */
  teardown?(state: State): void | Promise<void>;
  /** Named invariants checked after each record of clean runs. */
  invariants?: Record<string, Invariant<State>>;
  /** A handler still pending after this many milliseconds is reported as hanging. Default 5000. */
  timeoutMs?: number;
}

/** The per-record timeout used when a consumer does not set `timeoutMs`. */
export const defaultHandlerTimeoutMs = 5000;

/**
 * Declares a consumer for the replay harness. Identity at runtime; it keeps `State` inferred from
 * `setup` across `handle`, `snapshot` and the invariants, and validates the shape early.
 */
export function defineConsumer<State, Snapshot>(
  definition: ConsumerDefinition<State, Snapshot>,
): ConsumerDefinition<State, Snapshot> {
  const problems = describeConsumerProblems(definition);
  if (problems.length > 0) {
    throw new TypeError(`defineConsumer(${String(definition?.name)}): ${problems.join('; ')}`);
  }
  return definition;
}

/**
 * Lists what is wrong with a value that should be a consumer definition (a module's default export
 * may be anything): empty when it is usable.
 */
export function describeConsumerProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object')
    return ['a consumer must be an object from defineConsumer({...})'];
  const candidate = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof candidate.name !== 'string' || candidate.name === '')
    problems.push('`name` must be a non-empty string');
  if (!Array.isArray(candidate.topics) || candidate.topics.some((t) => typeof t !== 'string')) {
    problems.push('`topics` must be an array of topic names');
  }
  for (const method of ['setup', 'handle', 'snapshot'] as const) {
    if (typeof candidate[method] !== 'function') problems.push(`\`${method}\` must be a function`);
  }
  if (candidate.teardown !== undefined && typeof candidate.teardown !== 'function') {
    problems.push('`teardown` must be a function when given');
  }
  if (candidate.invariants !== undefined) {
    const invariants = candidate.invariants;
    if (invariants === null || typeof invariants !== 'object')
      problems.push('`invariants` must be an object of functions');
    else {
      for (const [name, check] of Object.entries(invariants)) {
        if (typeof check !== 'function') problems.push(`invariant \`${name}\` must be a function`);
      }
    }
  }
  if (
    candidate.timeoutMs !== undefined &&
    !(typeof candidate.timeoutMs === 'number' && candidate.timeoutMs > 0)
  ) {
    problems.push('`timeoutMs` must be a positive number');
  }
  return problems;
}

/** A consumer with its state type erased, as the harness handles it. */
// biome-ignore lint/suspicious/noExplicitAny: the harness runs consumers of any state type; each run keeps one state value opaque.
export type AnyConsumer = ConsumerDefinition<any, unknown>;
