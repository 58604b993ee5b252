import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const event = (...fields: string[]) => recordText('OrderPlaced', [...envelopeFields, ...fields]);
const status = (rest: string) =>
  `{ "name": "status", "type": { "type": "enum", "name": "Status", "symbols": ["OPEN", "UNKNOWN"]${rest} }, "doc": "s" }`;

const noDefault = event(status(''));
const twoEnums = event(
  status(''),
  '{ "name": "tier", "type": ["null", { "type": "enum", "name": "Tier", "symbols": ["GOLD"] }], "default": null, "doc": "t" }',
);

testRule('contract/enum-default', {
  valid: [
    { name: 'an enum with a default symbol', schema: event(status(', "default": "UNKNOWN"')) },
    { name: 'no enums at all', schema: event() },
  ],
  invalid: [
    {
      name: 'an enum without a default',
      schema: noDefault,
      errors: [{ messageId: 'missing', ...positionOf(noDefault, '"Status"'), fieldPath: 'status' }],
    },
    {
      name: 'every enum is checked, also inside a union',
      schema: twoEnums,
      errors: [
        { messageId: 'missing', ...positionOf(twoEnums, '"Status"') },
        { messageId: 'missing', ...positionOf(twoEnums, '"Tier"'), fieldPath: 'tier' },
      ],
    },
  ],
});
