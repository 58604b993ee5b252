import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const event = (...fields: string[]) => recordText('OrderPlaced', [...envelopeFields, ...fields]);

const nullLast = event('{ "name": "note", "type": ["string", "null"], "default": "", "doc": "n" }');
const nullLastNoDefault = event('{ "name": "note", "type": ["string", "null"], "doc": "n" }');
const noDefault = event('{ "name": "note", "type": ["null", "string"], "doc": "n" }');
const nested = recordText('OrderPlaced', [
  ...envelopeFields,
  '{ "name": "customer", "type": { "type": "record", "name": "Customer", "fields": [{ "name": "email", "type": ["null", "string"] }] }, "doc": "c" }',
]);

testRule('contract/optional-field-canonical', {
  valid: [
    {
      name: 'the canonical form',
      schema: event('{ "name": "note", "type": ["null", "string"], "default": null, "doc": "n" }'),
    },
    {
      name: 'a union without null is not optional',
      schema: event('{ "name": "ref", "type": ["string", "long"], "doc": "r" }'),
    },
    {
      name: 'three branches with null first',
      schema: event('{ "name": "ref", "type": ["null", "string", "long"], "default": null, "doc": "r" }'),
    },
  ],
  invalid: [
    {
      name: 'null last with a string default',
      schema: nullLast,
      errors: [
        { messageId: 'nullNotFirst', ...positionOf(nullLast, '["string", "null"]'), fieldPath: 'note' },
      ],
    },
    {
      name: 'null last without a default',
      schema: nullLastNoDefault,
      errors: [{ messageId: 'nullNotFirst', ...positionOf(nullLastNoDefault, '["string", "null"]') }],
    },
    {
      name: 'null first without a default',
      schema: noDefault,
      errors: [{ messageId: 'missingDefault', ...positionOf(noDefault, '"note"') }],
    },
    {
      name: 'fields of nested records too',
      schema: nested,
      errors: [
        { messageId: 'missingDefault', ...positionOf(nested, '"email"'), fieldPath: 'customer.email' },
      ],
    },
  ],
});
