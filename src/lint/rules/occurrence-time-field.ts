/**
 * `contract/occurrence-time-field`: every event says when the fact happened, as a non-null
 * timestamp with a timestamp logical type (`occurredAt` by default).
 */
import { defineLintRule } from '../lint-rule.ts';
import { requiredEventField } from '../required-event-field.ts';

const instantTypes: ReadonlySet<string> = new Set([
  'timestamp-millis',
  'timestamp-micros',
  'timestamp-nanos',
]);
const localTypes: ReadonlySet<string> = new Set([
  'local-timestamp-millis',
  'local-timestamp-micros',
  'local-timestamp-nanos',
]);

type Options = {
  /** Accepted field names, first one preferred. */
  names: string[];
  /** Accept `local-timestamp-*` (a wall-clock time with no time zone) as well as `timestamp-*`. */
  allowLocalTimestamp: boolean;
};

/**
 * The `contract/occurrence-time-field` rule: every event has a non-null occurrence time (`occurredAt`) typed `long` with a `timestamp-millis`/`timestamp-micros` logical type.
 */
export default defineLintRule<'missing' | 'plainLong' | 'stringDate' | 'wrongType' | 'nullable', Options>({
  id: 'contract/occurrence-time-field',
  kind: 'lint',
  defaultSeverity: 'error',
  docs: {
    description:
      'Every event has a non-null occurrence time (`occurredAt`) typed `long` with a `timestamp-millis`/`timestamp-micros` logical type.',
    rationale:
      'The Kafka record timestamp is when the record was produced (or appended), not when the fact happened; replays, backfills and retries separate the two, and only an explicit, typed occurrence time lets consumers order and window facts correctly.',
    help: 'Declare `{"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}, "doc": "When the fact happened."}`, not nullable, set from the business clock when the fact happened.',
  },
  messages: {
    missing: 'Event `{event}` has no occurrence time field (one of {names}).',
    plainLong:
      'Occurrence time `{field}` of `{event}` is a plain `long`; without a timestamp logical type readers cannot tell millis from micros or seconds.',
    stringDate:
      'Occurrence time `{field}` of `{event}` is a string (`{type}`); a date in text has no enforced format or time zone.',
    wrongType:
      'Occurrence time `{field}` of `{event}` is `{type}`; it must be a `long` with a {allowed} logical type.',
    nullable:
      'Occurrence time `{field}` of `{event}` is nullable (`{type}`); every fact happened at some time.',
  },
  defaultOptions: { names: ['occurredAt', 'occurred_at'], allowLocalTimestamp: true },
  check(context) {
    const { names, allowLocalTimestamp } = context.options;
    const required = requiredEventField(context, names);
    if (!required) return;
    const { data, at, shape } = required;
    if (shape?.kind === 'primitive') {
      const logical = shape.logicalType;
      if (shape.name === 'long' && logical === undefined) {
        context.report({ messageId: 'plainLong', data, ...at });
        return;
      }
      if (shape.name === 'string') {
        context.report({ messageId: 'stringDate', data, ...at });
        return;
      }
      if (
        shape.name === 'long' &&
        logical !== undefined &&
        (instantTypes.has(logical) || (allowLocalTimestamp && localTypes.has(logical)))
      ) {
        return;
      }
    }
    const allowed = allowLocalTimestamp ? '`timestamp-*` or `local-timestamp-*`' : '`timestamp-*`';
    context.report({ messageId: 'wrongType', data: { ...data, allowed }, ...at });
  },
});
