import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const event = (...fields: string[]) => recordText('OrderPlaced', [...envelopeFields, ...fields]);
const orderId = '{ "name": "orderId", "type": "string", "doc": "o" }';
const customer =
  '{ "name": "customer", "type": { "type": "record", "name": "Customer", "fields": [{ "name": "customerId", "type": "long" }, { "name": "score", "type": "double" }] }, "doc": "c" }';
const money = recordText('Money', ['{ "name": "amountMinor", "type": "long", "doc": "a" }'], {
  namespace: 'com.acme.common',
});

const nullableKey = event('{ "name": "orderId", "type": ["null", "string"], "default": null, "doc": "o" }');
const floatKey = event('{ "name": "ratio", "type": "double", "doc": "r" }');
const nested = event(customer);
const referenced = event('{ "name": "total", "type": "com.acme.common.Money", "doc": "t" }');
const stringField = event(orderId);

testRule('contract/key-field', {
  valid: [
    { name: 'a string key', schema: event(orderId), settings: { key: 'orderId' } },
    { name: 'a long key inside a nested record', schema: nested, settings: { key: 'customer.customerId' } },
    {
      name: 'a key inside a record defined in another file',
      schema: referenced,
      files: { 'contracts/Money.avsc': money },
      settings: { key: 'total.amountMinor' },
    },
    {
      name: 'a uuid key',
      schema: event('{ "name": "orderId", "type": { "type": "string", "logicalType": "uuid" }, "doc": "o" }'),
      settings: { key: 'orderId' },
    },
    { name: 'no key declared: not every topic is keyed', schema: event(orderId) },
  ],
  invalid: [
    {
      name: 'the key names no field',
      schema: stringField,
      settings: { key: 'accountId' },
      errors: [{ messageId: 'missing', line: 6, column: 3 }],
    },
    {
      name: 'a nullable key loses ordering',
      schema: nullableKey,
      settings: { key: 'orderId' },
      errors: [{ messageId: 'nullable', ...positionOf(nullableKey, '"orderId"'), fieldPath: 'orderId' }],
    },
    {
      name: 'a double is not an id',
      schema: floatKey,
      settings: { key: 'ratio' },
      errors: [{ messageId: 'notIdLike', ...positionOf(floatKey, '"ratio"') }],
    },
    {
      name: 'a record is not an id',
      schema: nested,
      settings: { key: 'customer' },
      errors: [{ messageId: 'notIdLike', ...positionOf(nested, '"customer"') }],
    },
    {
      name: 'a nested double is not an id',
      schema: nested,
      settings: { key: 'customer.score' },
      errors: [{ messageId: 'notIdLike', ...positionOf(nested, '"score"'), fieldPath: 'customer.score' }],
    },
    {
      name: 'a missing nested field points at its parent field',
      schema: nested,
      settings: { key: 'customer.id' },
      errors: [{ messageId: 'missing', ...positionOf(nested, '"customer"'), fieldPath: 'customer' }],
    },
    {
      name: 'a path through a non-record',
      schema: stringField,
      settings: { key: 'orderId.value' },
      errors: [{ messageId: 'notARecord', ...positionOf(stringField, '"orderId"') }],
    },
    {
      name: 'a missing field in a record of another file points at the referencing field',
      schema: referenced,
      files: { 'contracts/Money.avsc': money },
      settings: { key: 'total.currency' },
      errors: [{ messageId: 'missing', ...positionOf(referenced, '"total"') }],
    },
    {
      name: 'no key declared when a key is required',
      schema: stringField,
      options: { required: true },
      errors: [{ messageId: 'notDeclared', line: 3, column: 11 }],
    },
  ],
});
