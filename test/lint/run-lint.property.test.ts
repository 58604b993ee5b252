/**
 * Laws of the lint engine over generated valid Avro schemas (nested records, enums, fixed, arrays,
 * maps, unions in both orders, logical types, names in every style, any indentation) and generated
 * rule settings: it never throws, no rule crashes, the findings are deterministic, and every finding
 * points inside its file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContractConfig, KontractConfig, RuleConfig } from '../../src/contracts/config-types.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { Json } from '../../src/contracts/model.ts';
import { lintRuleIds } from '../../src/lint/rule-options.ts';
import { runLint } from '../../src/lint/run-lint.ts';
import { propertyRuns } from '../support/property.ts';

type JsonObject = { [key: string]: Json };

/** Field names that exercise the rules (money words, columns, envelopes, styles) mixed with random ones. */
const fieldName = fc.oneof(
  fc.constantFrom(
    'eventId',
    'event_id',
    'version',
    'occurredAt',
    'occurred_at',
    'orderId',
    'order_id',
    'amount',
    'totalPrice',
    'unit_price',
    'created_at',
    'createdAt',
    'deleted',
    'fk_customer',
    'xmin',
    '_id',
    'Status',
    'customer',
  ),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
);
const typeName = fc.oneof(
  fc.constantFrom('OrderPlaced', 'CreateOrder', 'OrderDto', 'order_row', 'PaymentSent', 'Customer', 'Money'),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
);
const symbol = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);

/** A non-union type and a default value valid for it (when it has an easy one). */
interface Typed {
  type: Json;
  default?: Json;
}

const primitive: fc.Arbitrary<Typed> = fc.constantFrom<Typed>(
  { type: 'int', default: 1 },
  { type: 'long', default: 0 },
  { type: 'float', default: 0.5 },
  { type: 'double', default: 1.5 },
  { type: 'boolean', default: false },
  { type: 'string', default: '' },
  { type: 'bytes' },
  { type: { type: 'string', logicalType: 'uuid' } },
  { type: { type: 'long', logicalType: 'timestamp-millis' } },
  { type: { type: 'long', logicalType: 'local-timestamp-micros' } },
  { type: { type: 'int', logicalType: 'date' } },
  { type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
);

const enumType: fc.Arbitrary<Typed> = fc
  .tuple(
    typeName,
    fc.uniqueArray(symbol, { minLength: 1, maxLength: 4 }),
    fc.boolean(),
    fc.option(fc.string()),
  )
  .map(([name, symbols, withDefault, doc]) => {
    const schema: JsonObject = { type: 'enum', name, symbols };
    if (withDefault) schema.default = symbols[0]!;
    if (doc !== null) schema.doc = doc;
    return { type: schema };
  });

const fixedType: fc.Arbitrary<Typed> = fc
  .tuple(typeName, fc.integer({ min: 1, max: 32 }))
  .map(([name, size]) => ({ type: { type: 'fixed', name, size } }));

const { record } = fc.letrec<{ record: JsonObject; typed: Typed; field: JsonObject }>((tie) => ({
  typed: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'schema' },
    primitive,
    enumType,
    fixedType,
    tie('record').map((schema) => ({ type: schema })),
    tie('typed').map((items) => ({ type: { type: 'array', items: items.type } })),
    tie('typed').map((values) => ({ type: { type: 'map', values: values.type } })),
  ),
  field: fc
    .tuple(
      fieldName,
      tie('typed'),
      fc.constantFrom('plain', 'nullFirst', 'nullFirstNoDefault', 'nullLast', 'withDefault'),
      fc.option(fc.constantFrom('', '  ', 'What it means.')),
    )
    .map(([name, typed, shape, doc]) => {
      const field: JsonObject = { name, type: typed.type };
      if (shape === 'nullFirst') Object.assign(field, { type: ['null', typed.type], default: null });
      if (shape === 'nullFirstNoDefault') field.type = ['null', typed.type];
      if (shape === 'nullLast') {
        field.type = [typed.type, 'null'];
        if (typed.default !== undefined) field.default = typed.default;
      }
      if (shape === 'withDefault' && typed.default !== undefined) field.default = typed.default;
      if (doc !== null) field.doc = doc;
      return field;
    }),
  record: fc
    .tuple(
      typeName,
      fc.uniqueArray(tie('field'), { maxLength: 8, selector: (f) => f.name }),
      fc.option(fc.constantFrom('com.acme.orders', 'Com.Acme', 'a_b.c1')),
      fc.option(fc.string()),
    )
    .map(([name, fields, namespace, doc]) => {
      const schema: JsonObject = { type: 'record', name, fields: fields as Json[] };
      if (namespace !== null) schema.namespace = namespace;
      if (doc !== null) schema.doc = doc;
      return schema;
    }),
}));

/** Named types must have unique full names in a file: give every one a distinct suffix. */
function uniquifyNames(schema: Json): Json {
  let counter = 0;
  const copy = structuredClone(schema);
  const stack: Json[] = [copy];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (typeof node.name === 'string' && ['record', 'enum', 'fixed'].includes(node.type as string)) {
      node.name = `${node.name}${counter++ === 0 ? '' : counter}`;
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'default') stack.push(value);
  }
  return copy;
}

const ruleSetting: fc.Arbitrary<RuleConfig> = fc.constantFrom<RuleConfig>('off', 'info', 'warning', 'error');
const rulesArb = fc.dictionary(fc.constantFrom(...lintRuleIds), ruleSetting).map((rules) => ({
  ...rules,
  'contract/event-name-past-tense': { options: { checkNestedRecords: true } },
  'contract/key-field': { options: { required: true } },
}));
const settingsArb: fc.Arbitrary<ContractConfig> = fc
  .record({
    key: fc.option(fc.constantFrom('orderId', 'customer.orderId', 'amount', 'customer', 'a.b.c')),
    versionField: fc.constantFrom('version', 'Status'),
  })
  .map(({ key, versionField }) => (key === null ? { versionField } : { key, versionField }));
const indentArb = fc.constantFrom<string | number>(0, 1, 2, 4, '\t');

function lintText(text: string, config: KontractConfig) {
  const set = loadContracts(
    [{ path: 'contracts/Generated.avsc', bytes: new TextEncoder().encode(text) }],
    config,
  );
  return { set, findings: runLint(set, config) };
}

describe('runLint on generated schemas', () => {
  it('never throws, never crashes a rule, is deterministic and points inside the file', () => {
    const rulesSeen = new Set<string>();
    fc.assert(
      fc.property(record, rulesArb, settingsArb, indentArb, (schema, rules, settings, indent) => {
        const text = JSON.stringify(uniquifyNames(schema), null, indent);
        const config: KontractConfig = {
          include: ['contracts/**/*.avsc'],
          exclude: [],
          defaults: settings,
          contracts: {},
          rules,
          waivers: [],
          failOn: 'error',
        };
        const first = lintText(text, config);
        // The generator only builds valid Avro; a loader diagnostic means the generator is wrong.
        expect(first.set.diagnostics).toEqual([]);
        expect(first.set.contracts).toHaveLength(1);
        expect(lintText(text, config).findings).toEqual(first.findings);
        const lines = text.split('\n');
        for (const finding of first.findings) {
          rulesSeen.add(finding.ruleId);
          expect(finding.ruleId).not.toBe('internal/rule-crashed');
          expect(finding.ruleId.startsWith('contract/')).toBe(true);
          const location = finding.location!;
          expect(location.file).toBe('contracts/Generated.avsc');
          expect(location.line).toBeGreaterThanOrEqual(1);
          expect(location.line).toBeLessThanOrEqual(lines.length);
          expect(location.column).toBeGreaterThanOrEqual(1);
          expect(location.column).toBeLessThanOrEqual((lines[location.line - 1]?.length ?? 0) + 1);
          expect(finding.message).not.toMatch(/\{\w+\}/);
        }
      }),
      propertyRuns(150),
    );
    // The generator is only useful if it reaches every rule.
    expect([...rulesSeen].sort()).toEqual([...lintRuleIds]);
  });
});
