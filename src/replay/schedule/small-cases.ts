/**
 * Small delivery plans built directly from a log, smallest first, for the runner to try after
 * shrinking: each is a legal schedule (partition prefixes plus one perturbation) of a handful of
 * records. Lazy, so only the few tried are built.
 */
import type { RecordedLog } from '../model.ts';
import type { SpreadPair } from './entity-spread.ts';
import type { DeliveryPlan } from './plan.ts';

/** How many records a plan delivers (before redeliveries): the size small cases are ordered by. */
export function planSize(plan: { limits: readonly number[] }): number {
  return plan.limits.reduce((sum, limit) => sum + limit, 0);
}

function only(log: RecordedLog, entries: [stream: number, limit: number][]): number[] {
  const limits = log.streams.map(() => 0);
  for (const [stream, limit] of entries) limits[stream] = Math.max(limits[stream] ?? 0, limit);
  return limits;
}

/** One partition's prefix up to record `i`, crashed right after it (the uncommitted suffix comes again), by `i`. */
export function* redeliveryCases(log: RecordedLog, maxIndex = 64): Generator<DeliveryPlan> {
  for (let i = 0; i < maxIndex; i++) {
    for (let s = 0; s < log.streams.length; s++) {
      if (i >= log.streams[s]!.records.length) continue;
      yield {
        limits: only(log, [[s, i + 1]]),
        shifts: [],
        crashes: [{ stream: s, index: i, point: 'between', scope: 'all' }],
        duplicates: [],
      };
    }
  }
}

/** One partition's prefix up to record `i`, crashed at one of the first await points of its handler, by `i`. */
export function* insideCrashCases(log: RecordedLog, maxIndex = 64): Generator<DeliveryPlan> {
  for (let i = 0; i < maxIndex; i++) {
    for (let s = 0; s < log.streams.length; s++) {
      if (i >= log.streams[s]!.records.length) continue;
      for (let awaitPoint = 0; awaitPoint < 3; awaitPoint++) {
        yield {
          limits: only(log, [[s, i + 1]]),
          shifts: [],
          crashes: [{ stream: s, index: i, point: 'inside', awaitPoint, scope: 'all' }],
          duplicates: [],
        };
      }
    }
  }
}

/** For each spread pair (smallest prefixes first): both prefixes, the later record delivered first. */
export function* spreadPairCases(log: RecordedLog, pairs: readonly SpreadPair[]): Generator<DeliveryPlan> {
  const sorted = [...pairs].sort((a, b) => a.first.index + a.second.index - (b.first.index + b.second.index));
  for (const pair of sorted) {
    yield {
      limits: only(log, [
        [pair.first.stream, pair.first.index + 1],
        [pair.second.stream, pair.second.index + 1],
      ]),
      shifts: [
        { stream: pair.first.stream, from: pair.first.index, delay: pair.second.seq - pair.first.seq + 1 },
      ],
      crashes: [],
      duplicates: [],
    };
  }
}

/** Prefixes of one partition up to each record, in file order (for properties of a single clean run). */
export function* prefixCases(
  log: RecordedLog,
  predicate: (stream: number, index: number) => boolean,
): Generator<DeliveryPlan> {
  const candidates: [number, number][] = [];
  log.streams.forEach((stream, s) => {
    stream.records.forEach((_, i) => {
      if (predicate(s, i)) candidates.push([s, i]);
    });
  });
  candidates.sort((a, b) => a[1] - b[1]);
  for (const [s, i] of candidates)
    yield { limits: only(log, [[s, i + 1]]), shifts: [], crashes: [], duplicates: [] };
}

/** Two partitions' prefixes of up to `max` records each, smallest total first (concurrent runs). */
export function* pairPrefixCases(log: RecordedLog, max = 12): Generator<number[]> {
  for (let total = 2; total <= 2 * max; total++) {
    for (let a = 0; a < log.streams.length; a++) {
      for (let b = a + 1; b < log.streams.length; b++) {
        for (let i = 1; i < total; i++) {
          const j = total - i;
          if (i > max || j > max || i > log.streams[a]!.records.length || j > log.streams[b]!.records.length)
            continue;
          yield only(log, [
            [a, i],
            [b, j],
          ]);
        }
      }
    }
  }
}
