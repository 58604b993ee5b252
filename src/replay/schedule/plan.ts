/**
 * A delivery plan: the small choices from which one Kafka-legal delivery of a recorded log is
 * built. Every field shrinks towards "nothing happens" (empty lists, zero delays, short prefixes),
 * so fast-check's shrinking of a plan yields the smallest schedule that still fails.
 *
 * What a plan can express, and why each is legal in Kafka:
 * - `limits`: each partition is delivered up to a prefix. Any combination of partition prefixes is
 *   a state a real consumer passes through, since partitions progress independently.
 * - `shifts`: cross-partition interleaving. Records are merged by priority (file position plus the
 *   shifts that apply); a partition's own records are always taken in offset order.
 * - `crashes`: the consumer crashes (or a partition is revoked) and resumes from the last committed
 *   offset under the commit policy, so the processed-but-uncommitted suffix comes again, in order.
 * - `duplicates`: a non-idempotent producer retried a send, so a record also sits at a later offset
 *   of the same partition.
 */

/** When the harness commits offsets for the consumer (kafkajs `autoCommitThreshold` / `autoCommitInterval`). */
export type CommitPolicy =
  | { kind: 'per-record' }
  | { kind: 'batch'; size: number }
  | { kind: 'interval'; ms: number };

/** From record `from` of partition stream `stream` on, records move `delay` file positions later (negative: earlier). */
export interface Shift {
  stream: number;
  from: number;
  delay: number;
}

/**
 * A crash, tied to the first delivery of one planned record (`stream`, `index`), so that it shrinks
 * independently of the other partitions. `before`: right before that record is handed over
 * (everything earlier handled and committed as the policy says). `inside`: at the handler's
 * `awaitPoint`-th await point (`context.io` / `context.commit`, 0 = the first), abandoning it there.
 * `between`: after the handler finished, before the policy's commit. `scope` is one partition stream
 * (a rebalance revokes it) or `all` (the process dies).
 */
export interface Crash {
  stream: number;
  index: number;
  point: 'between' | 'inside' | 'before';
  /** For `inside` crashes: which await point of the handler (0-based). */
  awaitPoint?: number;
  scope: number | 'all';
}

/** A producer retry: record `index` of `stream` is written again `gap` records after itself. */
export interface ProducerDuplicate {
  stream: number;
  index: number;
  gap: number;
}

/** The choices that define one delivery of a recorded log. */
export interface DeliveryPlan {
  /** Per partition stream, how many records (a prefix) take part. */
  limits: number[];
  shifts: Shift[];
  crashes: Crash[];
  duplicates: ProducerDuplicate[];
}

/** The plan that delivers the given prefixes once, in file order. */
export function cleanPlan(limits: number[]): DeliveryPlan {
  return { limits, shifts: [], crashes: [], duplicates: [] };
}

/** Renders a commit policy as the CLI spells it: `per-record`, `batch:100`, `interval:5000`. */
export function formatCommitPolicy(policy: CommitPolicy): string {
  if (policy.kind === 'per-record') return 'per-record';
  if (policy.kind === 'batch') return `batch:${policy.size}`;
  return `interval:${policy.ms}`;
}

/** Parses `per-record`, `batch:N` or `interval:MS`; undefined when the text is none of them. */
export function parseCommitPolicy(text: string): CommitPolicy | undefined {
  if (text === 'per-record') return { kind: 'per-record' };
  const match = /^(batch|interval):([1-9]\d*)$/.exec(text);
  if (!match) return undefined;
  const amount = Number(match[2]);
  return match[1] === 'batch' ? { kind: 'batch', size: amount } : { kind: 'interval', ms: amount };
}
