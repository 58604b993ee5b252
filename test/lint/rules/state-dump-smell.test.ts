import { envelopeFields, recordText, testRule } from '../rule-tester.ts';

const field = (i: number) => `{ "name": "field${i}", "type": "string", "doc": "d" }`;
const optional = (i: number) =>
  `{ "name": "optional${i}", "type": ["null", "string"], "default": null, "doc": "d" }`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const wide = recordText('OrderUpdated', [...envelopeFields, ...range(18).map(field)]);
const mostlyNullable = recordText('OrderUpdated', [...envelopeFields, ...range(4).map(optional)]);
// The findings point at the `"fields"` key of the event (line 6, column 3).
const atFields = { line: 6, column: 3 };

testRule('contract/state-dump-smell', {
  valid: [
    {
      name: 'exactly the maximum of 20 fields',
      schema: recordText('OrderUpdated', [...envelopeFields, ...range(17).map(field)]),
    },
    {
      name: 'half nullable is not more than half',
      schema: recordText('OrderUpdated', [...envelopeFields, field(1), ...range(4).map(optional)]),
    },
    {
      name: 'small events are not judged by their nullable share',
      schema: recordText('OrderUpdated', [...envelopeFields, ...range(2).map(optional)].slice(2)),
    },
  ],
  invalid: [
    { name: 'more than 20 fields', schema: wide, errors: [{ messageId: 'tooManyFields', ...atFields }] },
    {
      name: '4 of 7 fields nullable',
      schema: mostlyNullable,
      errors: [{ messageId: 'mostlyNullable', ...atFields }],
    },
    {
      name: 'both smells at once, with a lower field limit',
      schema: mostlyNullable,
      options: { maxFields: 5 },
      errors: [
        { messageId: 'tooManyFields', ...atFields },
        { messageId: 'mostlyNullable', ...atFields },
      ],
    },
  ],
});
