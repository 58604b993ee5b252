import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const [eventId, version] = envelopeFields as [string, string, string];
const event = (...fields: string[]) => recordText('OrderPlaced', [eventId, version, ...fields]);
const withTime = (type: string) => event(`{ "name": "occurredAt", "type": ${type}, "doc": "t" }`);

const plainLong = withTime('"long"');
const isoString = withTime('"string"');
const dateInt = withTime('{ "type": "int", "logicalType": "date" }');
const nullable = event(
  '{ "name": "occurredAt", "type": ["null", { "type": "long", "logicalType": "timestamp-millis" }], "default": null, "doc": "t" }',
);
const local = withTime('{ "type": "long", "logicalType": "local-timestamp-millis" }');

testRule('contract/occurrence-time-field', {
  valid: [
    { name: 'timestamp-millis', schema: withTime('{ "type": "long", "logicalType": "timestamp-millis" }') },
    { name: 'timestamp-micros', schema: withTime('{ "type": "long", "logicalType": "timestamp-micros" }') },
    { name: 'local-timestamp-millis (allowed by default)', schema: local },
    {
      name: 'a configured name',
      schema: event(
        '{ "name": "happenedAt", "type": { "type": "long", "logicalType": "timestamp-millis" }, "doc": "t" }',
      ),
      options: { names: ['happenedAt'] },
    },
  ],
  invalid: [
    {
      name: 'no occurrence time; the Kafka timestamp is not when the fact happened',
      schema: event('{ "name": "orderId", "type": "string", "doc": "o" }'),
      errors: [{ messageId: 'missing', line: 6, column: 3 }],
    },
    {
      name: 'a plain long',
      schema: plainLong,
      errors: [{ messageId: 'plainLong', ...positionOf(plainLong, '"long"') }],
    },
    {
      name: 'a date in a string',
      schema: isoString,
      errors: [{ messageId: 'stringDate', ...positionOf(isoString, '"string", "doc": "t"') }],
    },
    {
      name: 'a date is not a timestamp',
      schema: dateInt,
      errors: [{ messageId: 'wrongType', ...positionOf(dateInt, '{ "type": "int"') }],
    },
    {
      name: 'a nullable timestamp',
      schema: nullable,
      errors: [{ messageId: 'nullable', ...positionOf(nullable, '["null"'), fieldPath: 'occurredAt' }],
    },
    {
      name: 'a local timestamp when local timestamps are disallowed',
      schema: local,
      options: { allowLocalTimestamp: false },
      errors: [{ messageId: 'wrongType', ...positionOf(local, '{ "type": "long"') }],
    },
  ],
});
