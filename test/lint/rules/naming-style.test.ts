import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const badField = recordText('OrderPlaced', [
  ...envelopeFields,
  '{ "name": "order_id", "type": "string", "doc": "o" }',
]);
const badType = recordText('order_placed', envelopeFields);
const badNamespace = recordText('OrderPlaced', envelopeFields, { namespace: 'Com.Acme' });
const badSymbol = recordText('OrderPlaced', [
  ...envelopeFields,
  '{ "name": "status", "type": { "type": "enum", "name": "Status", "symbols": ["open", "CLOSED"], "default": "CLOSED" }, "doc": "s" }',
]);
const snakeContract = recordText('OrderPlaced', [
  '{ "name": "order_id", "type": "string", "doc": "o" }',
  '{ "name": "customerId", "type": "string", "doc": "c" }',
]);
const dottedName = recordText('Com.acme.OrderPlaced', envelopeFields);

testRule('contract/naming-style', {
  valid: [
    { name: 'conventional names', schema: recordText('OrderPlaced', envelopeFields) },
    {
      name: 'snake_case fields when configured',
      schema: recordText('OrderPlaced', ['{ "name": "order_id", "type": "string", "doc": "o" }']),
      options: { fieldCase: 'snake_case' },
    },
    {
      name: 'a full name in the name attribute',
      schema: recordText('com.acme.orders.OrderPlaced', envelopeFields),
    },
  ],
  invalid: [
    {
      name: 'a snake_case field',
      schema: badField,
      errors: [{ messageId: 'fieldName', ...positionOf(badField, '"order_id"') }],
    },
    {
      name: 'a snake_case record name',
      schema: badType,
      errors: [{ messageId: 'typeName', line: 3, column: 11 }],
    },
    {
      name: 'an uppercase namespace',
      schema: badNamespace,
      errors: [{ messageId: 'namespace', ...positionOf(badNamespace, '"Com.Acme"') }],
    },
    {
      name: 'an uppercase namespace inside a full name',
      schema: dottedName,
      errors: [{ messageId: 'namespace', line: 3, column: 11 }],
    },
    {
      name: 'a lowercase enum symbol',
      schema: badSymbol,
      errors: [{ messageId: 'enumSymbol', ...positionOf(badSymbol, '"open"'), fieldPath: 'status' }],
    },
    {
      name: 'a camelCase field when snake_case is configured',
      schema: snakeContract,
      options: { fieldCase: 'snake_case' },
      errors: [{ messageId: 'fieldName', ...positionOf(snakeContract, '"customerId"') }],
    },
  ],
});
