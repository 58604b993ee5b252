/**
 * `contract/event-id-field`: every event carries a non-null unique id (`eventId` by default), the
 * key a consumer deduplicates on, since at-least-once delivery makes duplicates normal.
 */
import { defineLintRule } from '../lint-rule.ts';
import { requiredEventField } from '../required-event-field.ts';

type Options = {
  /**
   * Accepted field names, first one preferred. `id` is deliberately not in the default list: in an
   * event it usually names the business entity (the order's id), not the event occurrence.
   */
  names: string[];
  /** Require the `uuid` logical type (on `string`, or on a 16-byte `fixed`). */
  requireUuid: boolean;
};

/**
 * The `contract/event-id-field` rule: every event has a non-null unique event id (`eventId`: a string, ideally with the `uuid` logical type).
 */
export default defineLintRule<'missing' | 'wrongType' | 'nullable' | 'notUuid', Options>({
  id: 'contract/event-id-field',
  kind: 'lint',
  defaultSeverity: 'error',
  docs: {
    description:
      'Every event has a non-null unique event id (`eventId`: a string, ideally with the `uuid` logical type).',
    rationale:
      'Kafka delivers at least once: retries and rebalances redeliver records, so consumers must deduplicate, and they can only do that on an id the producer assigned once per event.',
    help: 'Declare `{"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}, "doc": "Unique id of this event, for deduplication."}`, not nullable, and set it once when the event is created (never on retry).',
  },
  messages: {
    missing:
      'Event `{event}` has no event id field (one of {names}); consumers cannot deduplicate redeliveries.',
    wrongType: 'Event id `{field}` of `{event}` is `{type}`; it must be a `string` (uuid) or a `fixed`.',
    nullable:
      'Event id `{field}` of `{event}` is nullable (`{type}`); every event needs an id to be deduplicated.',
    notUuid: 'Event id `{field}` of `{event}` is `{type}` without the `uuid` logical type.',
  },
  defaultOptions: { names: ['eventId', 'event_id'], requireUuid: false },
  check(context) {
    const names = context.options.names;
    const required = requiredEventField(context, names);
    if (!required) return;
    const { data, at, shape } = required;
    const isString = shape?.kind === 'primitive' && shape.name === 'string';
    const isFixed =
      shape?.kind === 'fixed' && (shape.logicalType === undefined || shape.logicalType === 'uuid');
    if (!isString && !isFixed) {
      context.report({ messageId: 'wrongType', data, ...at });
      return;
    }
    if (context.options.requireUuid && shape.logicalType !== 'uuid') {
      context.report({ messageId: 'notUuid', data, ...at });
    }
  },
});
