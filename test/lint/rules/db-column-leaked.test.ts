import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const event = (...fields: string[]) => recordText('OrderPlaced', [...envelopeFields, ...fields]);
const field = (name: string, type = '"string"') => `{ "name": "${name}", "type": ${type}, "doc": "d" }`;

const audit = event(field('orderId'), field('createdAt', '"long"'), field('updated_at', '"long"'));
const softDelete = event(field('deleted', '"boolean"'), field('jpa_version', '"int"'));
const foreignKey = event(field('fk_customer'), field('orderId'));
const snakeInCamel = event(field('orderId'), field('customer_id'));
const allSnake = recordText('OrderPlaced', [
  '{ "name": "event_id", "type": "string", "doc": "d" }',
  '{ "name": "order_id", "type": "string", "doc": "d" }',
]);
const nested = event(
  '{ "name": "customer", "type": { "type": "record", "name": "Customer", "fields": [{ "name": "xmin", "type": "long" }] }, "doc": "c" }',
);

testRule('contract/db-column-leaked', {
  valid: [
    { name: 'facts only', schema: event(field('orderId'), field('customerId')) },
    { name: 'a snake_case contract may use *_id names', schema: allSnake },
    {
      name: 'an allowed name',
      schema: event(field('deleted', '"boolean"')),
      options: { allow: ['deleted'] },
    },
    {
      name: 'snake case detection can be turned off',
      schema: snakeInCamel,
      options: { snakeCaseInCamelCase: false },
    },
  ],
  invalid: [
    {
      name: 'audit timestamps, in both spellings',
      schema: audit,
      errors: [
        { messageId: 'deniedName', ...positionOf(audit, '"createdAt"'), fieldPath: 'createdAt' },
        { messageId: 'deniedName', ...positionOf(audit, '"updated_at"') },
      ],
    },
    {
      name: 'a soft-delete flag and an optimistic-lock version',
      schema: softDelete,
      errors: [
        { messageId: 'deniedName', ...positionOf(softDelete, '"deleted"') },
        { messageId: 'deniedName', ...positionOf(softDelete, '"jpa_version"') },
      ],
    },
    {
      name: 'a foreign key',
      schema: foreignKey,
      errors: [{ messageId: 'patternMatch', ...positionOf(foreignKey, '"fk_customer"') }],
    },
    {
      name: 'a snake_case column in a camelCase contract',
      schema: snakeInCamel,
      errors: [{ messageId: 'snakeCaseColumn', ...positionOf(snakeInCamel, '"customer_id"') }],
    },
    {
      name: 'fields of nested records too',
      schema: nested,
      errors: [{ messageId: 'deniedName', ...positionOf(nested, '"xmin"'), fieldPath: 'customer.xmin' }],
    },
    {
      name: 'configured deny list and patterns replace the defaults',
      schema: event(field('legacyRowHash'), field('created_at', '"long"')),
      options: { deny: ['legacyRowHash'], patterns: [] },
      errors: [
        { messageId: 'deniedName', line: 10, column: 15 },
        { messageId: 'snakeCaseColumn', line: 11, column: 15 },
      ],
    },
  ],
});
