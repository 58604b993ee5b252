/**
 * Finds business entities whose records sit in more than one partition stream. The contract's key
 * field names the entity (`orderId`); Kafka orders records only inside a partition, so when one
 * entity's records are spread (a wrong or null record key), their relative order is not
 * guaranteed and the harness must try them in other orders.
 */
import type { LoggedRecord, RecordedLog } from '../model.ts';

/** Two records of one entity, in file order, that sit in different partition streams. */
export interface SpreadPair {
  entity: string;
  first: LoggedRecord;
  second: LoggedRecord;
}

/** An entity whose records sit in several partition streams. */
export interface SpreadEntity {
  entity: string;
  /** Stream indexes, ascending. */
  streams: number[];
  /** How many of the log's records belong to the entity. */
  records: number;
}

/** The spread entities of a log and the cross-stream pairs the schedules should reorder. */
export interface EntitySpread {
  entities: SpreadEntity[];
  /** Consecutive (in file order) records of a spread entity in different streams; at most `maxPairs`. */
  pairs: SpreadPair[];
}

/** Finds spread entities from each record's `entity` (set by the reader from the contract's key field). */
export function findEntitySpread(log: RecordedLog, maxPairs = 2000): EntitySpread {
  const last = new Map<string, LoggedRecord>();
  const streams = new Map<string, Set<number>>();
  const counts = new Map<string, number>();
  const pairs: SpreadPair[] = [];
  for (const record of log.records) {
    const entity = record.entity;
    if (entity === undefined) continue;
    const previous = last.get(entity);
    let set = streams.get(entity);
    if (!set) {
      set = new Set();
      streams.set(entity, set);
    }
    set.add(record.stream);
    counts.set(entity, (counts.get(entity) ?? 0) + 1);
    if (previous && previous.stream !== record.stream && pairs.length < maxPairs) {
      pairs.push({ entity, first: previous, second: record });
    }
    last.set(entity, record);
  }
  const entities: SpreadEntity[] = [];
  for (const [entity, set] of streams) {
    if (set.size > 1) {
      entities.push({ entity, streams: [...set].sort((a, b) => a - b), records: counts.get(entity) ?? 0 });
    }
  }
  return { entities, pairs };
}
