import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const event = (...fields: string[]) => recordText('OrderPlaced', [...envelopeFields, ...fields]);

const amount = event('{ "name": "amount", "type": "double", "doc": "a" }');
const suffixed = event('{ "name": "totalAmount", "type": { "type": "float" }, "doc": "a" }');
const snake = event('{ "name": "unit_price", "type": ["null", "double"], "default": null, "doc": "a" }');
const inArray = event('{ "name": "linePrices", "type": { "type": "array", "items": "double" }, "doc": "a" }');
const nested = event(
  '{ "name": "payment", "type": { "type": "record", "name": "Payment", "fields": [{ "name": "fee", "type": "float" }] }, "doc": "p" }',
);

testRule('contract/money-floating-point', {
  valid: [
    { name: 'minor units in a long', schema: event('{ "name": "amountMinor", "type": "long", "doc": "a" }') },
    {
      name: 'a decimal',
      schema: event(
        '{ "name": "price", "type": { "type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 2 }, "doc": "p" }',
      ),
    },
    {
      name: 'a double that is not money',
      schema: event('{ "name": "latitude", "type": "double", "doc": "l" }'),
    },
    {
      name: 'a word that merely contains a money word is not money',
      schema: event('{ "name": "totality", "type": "double", "doc": "t" }'),
    },
    {
      name: 'an allowed name',
      schema: event('{ "name": "discountRate", "type": "double", "doc": "d" }'),
      options: { allow: ['discountRate'] },
    },
  ],
  invalid: [
    {
      name: 'a double amount',
      schema: amount,
      errors: [{ messageId: 'floatingPointMoney', ...positionOf(amount, '"double"') }],
    },
    {
      name: 'a float in an object type',
      schema: suffixed,
      errors: [{ messageId: 'floatingPointMoney', ...positionOf(suffixed, '{ "type": "float" }') }],
    },
    {
      name: 'a double inside a union',
      schema: snake,
      errors: [
        { messageId: 'floatingPointMoney', ...positionOf(snake, '"double"'), fieldPath: 'unit_price' },
      ],
    },
    {
      name: 'a double inside an array',
      schema: inArray,
      errors: [{ messageId: 'floatingPointMoney', ...positionOf(inArray, '"double"') }],
    },
    {
      name: 'a float in a nested record',
      schema: nested,
      errors: [
        { messageId: 'floatingPointMoney', ...positionOf(nested, '"float"'), fieldPath: 'payment.fee' },
      ],
    },
  ],
});
