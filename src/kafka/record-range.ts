/**
 * What part of a topic `kontract record` consumes: which partitions (`0-5,7`), and from where to
 * where on each (`earliest`, an offset, or a timestamp such as `2026-11-01T00:00Z`). Parsing only;
 * the recorder turns bounds into offsets with the broker. Pure.
 */

/** Thrown for a range the user wrote wrongly; the message says what is wrong and what is allowed. */
export class RangeSyntaxError extends Error {
  /** The option concerned (`--partitions`, `--from`, `--to`). */
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'RangeSyntaxError';
    this.option = option;
  }
}

/** One end of the range on every chosen partition. */
export type RangeBound =
  | { kind: 'earliest' }
  /** The end offsets captured when the recording starts. */
  | { kind: 'latest' }
  | { kind: 'offset'; offset: bigint }
  /** The first record at or after this time (milliseconds since the epoch). */
  | { kind: 'timestamp'; ms: number };

/**
 * Parses `--partitions`: comma-separated partition numbers and inclusive ranges (`0-5,7`), or `all`
 * (also the meaning of an empty or absent option). Returns sorted, distinct partitions, or `'all'`.
 */
export function parsePartitions(spec: string | undefined): number[] | 'all' {
  const text = (spec ?? '').trim();
  if (text === '' || text === 'all') return 'all';
  const chosen = new Set<number>();
  for (const part of text.split(',')) {
    const item = part.trim();
    const match = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!match) {
      throw new RangeSyntaxError(
        '--partitions',
        `"${item}" is not a partition or a range (write e.g. 0-5,7)`,
      );
    }
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) throw new RangeSyntaxError('--partitions', `the range "${item}" ends before it starts`);
    if (last > 100_000)
      throw new RangeSyntaxError('--partitions', `partition ${last} is beyond any topic's partitions`);
    for (let partition = first; partition <= last; partition++) chosen.add(partition);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** ISO 8601 date-times with a zone (`2026-11-01T00:00Z`, `2026-11-01T00:00:00.000+01:00`) or a date. */
const isoDateTime = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Parses `--from` / `--to`: `earliest`, `latest`, an offset (digits), or an ISO date-time with a zone
 * (a bare date means midnight UTC). A time without a zone is refused: it would depend on the
 * machine's time zone.
 */
export function parseBound(option: string, text: string): RangeBound {
  const value = text.trim();
  if (value === 'earliest' || value === 'beginning') return { kind: 'earliest' };
  if (value === 'latest' || value === 'end') return { kind: 'latest' };
  if (/^\d+$/.test(value)) {
    const offset = BigInt(value);
    if (offset > 9223372036854775807n)
      throw new RangeSyntaxError(option, `${value} is beyond the largest offset`);
    return { kind: 'offset', offset };
  }
  if (isoDateTime.test(value)) {
    const ms = Date.parse(value.length === 10 ? `${value}T00:00Z` : value);
    if (!Number.isNaN(ms)) return { kind: 'timestamp', ms };
  }
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value)) {
    throw new RangeSyntaxError(option, `"${value}" has no time zone; add Z for UTC (e.g. ${value}Z)`);
  }
  throw new RangeSyntaxError(
    option,
    `"${value}" is not earliest, latest, an offset or an ISO date-time such as 2026-11-01T00:00Z`,
  );
}

/** Describes a bound for messages and the state file. */
export function describeBound(bound: RangeBound): string {
  switch (bound.kind) {
    case 'earliest':
    case 'latest':
      return bound.kind;
    case 'offset':
      return `offset ${bound.offset}`;
    case 'timestamp':
      return new Date(bound.ms).toISOString();
  }
}
