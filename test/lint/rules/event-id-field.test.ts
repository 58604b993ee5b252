import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const [, version, occurredAt] = envelopeFields as [string, string, string];
const event = (...fields: string[]) => recordText('OrderPlaced', [...fields, version, occurredAt]);

const plainString = event('{ "name": "eventId", "type": "string", "doc": "id" }');
const nullable = event('{ "name": "eventId", "type": ["null", "string"], "default": null, "doc": "id" }');
const longId = event('{ "name": "eventId", "type": "long", "doc": "id" }');

testRule('contract/event-id-field', {
  valid: [
    {
      name: 'a uuid string',
      schema: event(
        '{ "name": "eventId", "type": { "type": "string", "logicalType": "uuid" }, "doc": "id" }',
      ),
    },
    { name: 'a plain string when uuid is not required', schema: plainString },
    { name: 'a snake_case event_id', schema: event('{ "name": "event_id", "type": "string", "doc": "id" }') },
    {
      name: 'a 16-byte fixed (a binary uuid)',
      schema: event(
        '{ "name": "eventId", "type": { "type": "fixed", "name": "Uuid", "size": 16 }, "doc": "id" }',
      ),
    },
    {
      name: 'a configured name',
      schema: event('{ "name": "messageId", "type": "string", "doc": "id" }'),
      options: { names: ['messageId'] },
    },
  ],
  invalid: [
    {
      name: 'no event id; `id` alone names the entity, not the event',
      schema: event('{ "name": "id", "type": "string", "doc": "id" }'),
      errors: [{ messageId: 'missing', line: 6, column: 3 }],
    },
    {
      name: 'a nullable event id',
      schema: nullable,
      errors: [
        { messageId: 'nullable', ...positionOf(nullable, '["null", "string"]'), fieldPath: 'eventId' },
      ],
    },
    {
      name: 'a numeric event id',
      schema: longId,
      errors: [{ messageId: 'wrongType', ...positionOf(longId, '"long"') }],
    },
    {
      name: 'a plain string when uuid is required',
      schema: plainString,
      options: { requireUuid: true },
      errors: [{ messageId: 'notUuid', ...positionOf(plainString, '"string"') }],
    },
  ],
});
