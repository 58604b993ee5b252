import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const [eventId, , occurredAt] = envelopeFields as [string, string, string];
const event = (...fields: string[]) => recordText('OrderPlaced', [eventId, ...fields, occurredAt]);

const missing = event();
const nullable = event('{ "name": "version", "type": ["null", "int"], "default": null, "doc": "v" }');
const stringVersion = event('{ "name": "version", "type": "string", "doc": "v" }');
const dateVersion = event(
  '{ "name": "version", "type": { "type": "int", "logicalType": "date" }, "doc": "v" }',
);
const zeroDefault = event('{ "name": "version", "type": "int", "default": 0, "doc": "v" }');
const longVersion = event('{ "name": "version", "type": "long", "doc": "v" }');
const renamed = event('{ "name": "schemaVersion", "type": "int", "doc": "v" }');
const unionVersion = event('{ "name": "version", "type": ["int", "string"], "doc": "v" }');

testRule('contract/version-field', {
  valid: [
    { name: 'an int version', schema: event('{ "name": "version", "type": "int", "doc": "v" }') },
    { name: 'a long version (allowed by default)', schema: longVersion },
    {
      name: 'a version defaulting to 1: data written before the field existed is version 1',
      schema: event('{ "name": "version", "type": "int", "default": 1, "doc": "v" }'),
    },
    {
      name: 'the field named by the versionField setting',
      schema: renamed,
      settings: { versionField: 'schemaVersion' },
    },
    {
      name: 'a shared type referenced by another file is not an event',
      schema: recordText('Money', ['{ "name": "amountMinor", "type": "long", "doc": "a" }']),
      files: {
        'contracts/Uses.avsc': event(
          '{ "name": "version", "type": "int", "doc": "v" }',
          '{ "name": "price", "type": "com.acme.test.Money", "doc": "p" }',
        ),
      },
    },
  ],
  invalid: [
    { name: 'no version field', schema: missing, errors: [{ messageId: 'missing', line: 6, column: 3 }] },
    {
      name: 'a nullable version',
      schema: nullable,
      errors: [{ messageId: 'nullable', ...positionOf(nullable, '["null", "int"]'), fieldPath: 'version' }],
    },
    {
      name: 'a string version',
      schema: stringVersion,
      errors: [{ messageId: 'wrongType', ...positionOf(stringVersion, '"string", "doc"') }],
    },
    {
      name: 'an int with a date logical type is a date, not a version',
      schema: dateVersion,
      errors: [{ messageId: 'wrongType', ...positionOf(dateVersion, '{ "type": "int"') }],
    },
    {
      name: 'a union of non-null types',
      schema: unionVersion,
      errors: [{ messageId: 'wrongType', ...positionOf(unionVersion, '["int", "string"]') }],
    },
    {
      name: 'a default of 0 is not a version',
      schema: zeroDefault,
      errors: [{ messageId: 'badDefault', ...positionOf(zeroDefault, '0, "doc"') }],
    },
    {
      name: 'a long when allowLong is off',
      schema: longVersion,
      options: { allowLong: false },
      errors: [{ messageId: 'wrongType', ...positionOf(longVersion, '"long", "doc": "v"') }],
    },
    {
      name: 'the default name when the setting names another field',
      schema: event('{ "name": "version", "type": "int", "doc": "v" }'),
      settings: { versionField: 'schemaVersion' },
      errors: [{ messageId: 'missing', line: 6, column: 3 }],
    },
  ],
});
