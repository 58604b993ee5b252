import { positionOf, recordText, testRule } from '../rule-tester.ts';

const undocumentedField = recordText('OrderPlaced', ['{ "name": "orderId", "type": "string" }']);
const blankDoc = recordText('OrderPlaced', ['{ "name": "orderId", "type": "string", "doc": "  " }']);
const undocumentedTypes = [
  '{',
  '  "type": "record",',
  '  "name": "OrderPlaced",',
  '  "fields": [',
  '    { "name": "status", "type": { "type": "enum", "name": "Status", "symbols": ["OPEN"], "default": "OPEN" }, "doc": "s" }',
  '  ]',
  '}',
].join('\n');

testRule('contract/doc-required', {
  valid: [
    {
      name: 'everything documented',
      schema: recordText('OrderPlaced', ['{ "name": "orderId", "type": "string", "doc": "o" }']),
    },
    {
      name: 'undocumented fields when the scope is types',
      schema: undocumentedField,
      options: { scope: 'types' },
    },
  ],
  invalid: [
    {
      name: 'an undocumented field',
      schema: undocumentedField,
      errors: [
        { messageId: 'fieldMissingDoc', ...positionOf(undocumentedField, '"orderId"'), fieldPath: 'orderId' },
      ],
    },
    {
      name: 'a blank doc is no doc',
      schema: blankDoc,
      errors: [{ messageId: 'fieldMissingDoc', line: 7, column: 15 }],
    },
    {
      name: 'an undocumented record and enum',
      schema: undocumentedTypes,
      options: { scope: 'types' },
      errors: [
        { messageId: 'typeMissingDoc', line: 3, column: 11 },
        { messageId: 'typeMissingDoc', ...positionOf(undocumentedTypes, '"Status"'), fieldPath: 'status' },
      ],
    },
  ],
});
