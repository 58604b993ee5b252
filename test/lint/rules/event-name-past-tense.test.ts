import { envelopeFields, positionOf, recordText, testRule } from '../rule-tester.ts';

const named = (name: string) => recordText(name, envelopeFields);
// The record name's value starts at line 3, column 11 in every recordText schema.
const atName = { line: 3, column: 11 };
const nestedDto = recordText('OrderPlaced', [
  ...envelopeFields,
  '{ "name": "line", "type": { "type": "record", "name": "LineDto", "fields": [] }, "doc": "l" }',
]);

testRule('contract/event-name-past-tense', {
  valid: [
    { name: 'a regular participle', schema: named('OrderPlaced') },
    { name: 'an irregular participle', schema: named('PaymentSent') },
    { name: 'another irregular participle', schema: named('InvoicePaid') },
    { name: 'a prefixed irregular participle', schema: named('AccountOverdrawn') },
    { name: 'a first word that is as often a noun as a verb', schema: named('RunCompleted') },
    { name: 'an `Event` suffix is ignored before the tense check', schema: named('OrderPlacedEvent') },
    { name: 'a version suffix is ignored before the tense check', schema: named('OrderPlacedV2') },
    {
      name: 'nested records are value types, not events',
      schema: recordText('OrderPlaced', [
        ...envelopeFields,
        '{ "name": "line", "type": { "type": "record", "name": "OrderLine", "fields": [] }, "doc": "l" }',
      ]),
    },
    {
      name: 'a configured participle',
      schema: named('ItemRekeyd'),
      options: { extraPastParticiples: ['rekeyd'] },
    },
  ],
  invalid: [
    { name: 'a command', schema: named('CreateOrder'), errors: [{ messageId: 'imperativeVerb', ...atName }] },
    {
      name: 'a configured imperative verb',
      schema: named('RunCompleted'),
      options: { imperativeVerbs: ['Run'] },
      errors: [{ messageId: 'imperativeVerb', ...atName }],
    },
    {
      name: 'an imperative verb wins even when the name ends in -ed',
      schema: named('ProcessOrderRequested'),
      errors: [{ messageId: 'imperativeVerb', ...atName }],
    },
    {
      name: 'a Command suffix',
      schema: named('ShipOrderCommand'),
      errors: [{ messageId: 'forbiddenSuffix', ...atName }],
    },
    {
      name: 'a DTO suffix in capitals',
      schema: named('OrderDTO'),
      errors: [{ messageId: 'forbiddenSuffix', ...atName }],
    },
    {
      name: 'an Entity suffix',
      schema: named('CustomerEntity'),
      errors: [{ messageId: 'forbiddenSuffix', ...atName }],
    },
    {
      name: 'a Request suffix',
      schema: named('RefundRequest'),
      errors: [{ messageId: 'forbiddenSuffix', ...atName }],
    },
    { name: 'a noun', schema: named('OrderStatus'), errors: [{ messageId: 'notPastTense', ...atName }] },
    {
      name: 'a word ending in -ed that is not a participle',
      schema: named('PriceFeed'),
      errors: [{ messageId: 'notPastTense', ...atName }],
    },
    {
      name: 'present tense',
      schema: named('OrderShips'),
      errors: [{ messageId: 'notPastTense', ...atName }],
    },
    {
      name: 'nested records when checkNestedRecords is on',
      schema: nestedDto,
      options: { checkNestedRecords: true },
      errors: [{ messageId: 'forbiddenSuffix', ...positionOf(nestedDto, '"LineDto"'), fieldPath: 'line' }],
    },
  ],
});
