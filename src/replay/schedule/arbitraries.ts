/**
 * fast-check arbitraries over the Kafka delivery model. Each builds a `DeliveryPlan` from small,
 * independent choices (prefix lengths, a few shifts, a few crashes, a few duplicates), so that
 * shrinking each choice towards zero or empty gives the smallest schedule that still fails.
 */
import fc from 'fast-check';
import type { RecordedLog } from '../model.ts';
import type { EntitySpread } from './entity-spread.ts';
import type { Crash, DeliveryPlan, ProducerDuplicate, Shift } from './plan.ts';

/** Per-stream prefix lengths: each from 0 to the stream's length, biased to both ends. */
export function limitsArbitrary(log: RecordedLog): fc.Arbitrary<number[]> {
  if (log.streams.length === 0) return fc.constant([]);
  return fc.tuple(...log.streams.map((stream) => fc.integer({ min: 0, max: stream.records.length })));
}

/** Full prefix lengths: the whole log. */
export function fullLimits(log: RecordedLog): number[] {
  return log.streams.map((stream) => stream.records.length);
}

/**
 * Cross-partition interleaving shifts: generic ones (any stream, any point, any delay), and, when
 * the log has entities spread over partitions, ones that deliver the later record of a spread pair
 * before the earlier one.
 */
export function shiftArbitrary(log: RecordedLog, spread: EntitySpread): fc.Arbitrary<Shift> {
  const total = log.records.length;
  const longest = Math.max(1, ...log.streams.map((s) => s.records.length));
  const generic = fc.record({
    stream: fc.nat({ max: Math.max(0, log.streams.length - 1) }),
    from: fc.nat({ max: longest - 1 }),
    delay: fc.integer({ min: -total, max: total }),
  });
  if (spread.pairs.length === 0) return generic;
  const targeted = fc.nat({ max: spread.pairs.length - 1 }).map((i): Shift => {
    const pair = spread.pairs[i]!;
    return { stream: pair.first.stream, from: pair.first.index, delay: pair.second.seq - pair.first.seq + 1 };
  });
  return fc.oneof(targeted, generic);
}

/** Crashes between records: after a record was handled, of the whole consumer or of one partition (rebalance). */
export function betweenCrashArbitrary(log: RecordedLog): fc.Arbitrary<Crash> {
  const longest = Math.max(1, ...log.streams.map((s) => s.records.length));
  return fc.record({
    stream: fc.nat({ max: Math.max(0, log.streams.length - 1) }),
    index: fc.nat({ max: longest - 1 }),
    point: fc.constant('between' as const),
    scope: fc.oneof(fc.constant('all' as const), fc.nat({ max: Math.max(0, log.streams.length - 1) })),
  });
}

/** Crashes inside a handler, at one of its await points; the process dies. */
export function insideCrashArbitrary(log: RecordedLog): fc.Arbitrary<Crash> {
  const longest = Math.max(1, ...log.streams.map((s) => s.records.length));
  return fc.record({
    stream: fc.nat({ max: Math.max(0, log.streams.length - 1) }),
    index: fc.nat({ max: longest - 1 }),
    point: fc.constant('inside' as const),
    awaitPoint: fc.nat({ max: 3 }),
    scope: fc.constant('all' as const),
  });
}

/** Producer retries: a record written again a few records later in its partition. */
export function duplicateArbitrary(log: RecordedLog): fc.Arbitrary<ProducerDuplicate> {
  const longest = Math.max(1, ...log.streams.map((s) => s.records.length));
  return fc.record({
    stream: fc.nat({ max: Math.max(0, log.streams.length - 1) }),
    index: fc.nat({ max: longest - 1 }),
    gap: fc.nat({ max: 20 }),
  });
}

/** Plans with legal cross-partition interleavings and nothing else. */
export function interleavingPlanArbitrary(
  log: RecordedLog,
  spread: EntitySpread,
): fc.Arbitrary<DeliveryPlan> {
  return fc
    .record({
      limits: limitsArbitrary(log),
      shifts: fc.array(shiftArbitrary(log, spread), { minLength: 1, maxLength: 3 }),
    })
    .map(({ limits, shifts }) => ({ limits, shifts, crashes: [], duplicates: [] }));
}

/**
 * Plans with redeliveries: one crash between records (of the process or of one partition) and, when
 * producers are not idempotent, possibly a producer duplicate. One of each keeps shrinking simple:
 * each choice shrinks on its own towards the earliest record.
 */
export function redeliveryPlanArbitrary(
  log: RecordedLog,
  options: { producerDuplicates: boolean },
): fc.Arbitrary<DeliveryPlan> {
  return fc
    .record({
      limits: limitsArbitrary(log),
      crash: options.producerDuplicates
        ? fc.option(betweenCrashArbitrary(log), { nil: undefined })
        : betweenCrashArbitrary(log),
      duplicate: options.producerDuplicates
        ? fc.option(duplicateArbitrary(log), { nil: undefined })
        : fc.constant(undefined),
    })
    .map(({ limits, crash, duplicate }) => ({
      limits,
      shifts: [],
      crashes: crash ? [crash] : [],
      duplicates: duplicate ? [duplicate] : [],
    }));
}

/** Plans with one crash inside a handler (at one of its await points) and resumption from committed offsets. */
export function restartPlanArbitrary(log: RecordedLog): fc.Arbitrary<DeliveryPlan> {
  return fc
    .record({ limits: limitsArbitrary(log), crash: insideCrashArbitrary(log) })
    .map(({ limits, crash }) => ({ limits, shifts: [], crashes: [crash], duplicates: [] }));
}

/** Plans that deliver prefixes once, in file order. */
export function prefixPlanArbitrary(log: RecordedLog): fc.Arbitrary<DeliveryPlan> {
  return limitsArbitrary(log).map((limits) => ({ limits, shifts: [], crashes: [], duplicates: [] }));
}
