/**
 * The semantic rules as tables of valid and invalid changes, each asserting the exact set of reports
 * (message id, pointers in both versions, field path), plus the backward↔forward symmetry of the
 * rules where swapping the versions must swap the finding, with the reason for every exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enumSymbolRemoved } from '../../src/compat/semantic/enum-symbol-removed.ts';
import {
  type RegisteredSemanticRule,
  semanticRuleIds,
  semanticRules,
} from '../../src/compat/semantic/index.ts';
import { keyFieldChanged } from '../../src/compat/semantic/key-field-changed.ts';
import { logicalTypeChanged } from '../../src/compat/semantic/logical-type-changed.ts';
import { renameWithoutAlias } from '../../src/compat/semantic/rename-without-alias.ts';
import { versionNotBumped } from '../../src/compat/semantic/version-not-bumped.ts';
import type { CompatibilityMode } from '../../src/contracts/config-types.ts';
import type { Json } from '../../src/contracts/model.ts';
import { schemaCaseArbitrary } from '../compat/avro-schema-generator.ts';
import { propertyRuns } from '../support/property.ts';
import { eventSchema, runSemanticRule, type SemanticRunOptions } from './support.ts';

/** The parts of a report a table compares. */
interface Expected {
  messageId: string;
  pointer: string;
  previousPointer?: string;
  fieldPath?: string;
}

interface Case {
  name: string;
  current: Json;
  previous: Json;
  run?: SemanticRunOptions;
}

interface InvalidCase extends Case {
  reports: Expected[];
}

function shape(rule: RegisteredSemanticRule, testCase: Case): Expected[] {
  return runSemanticRule(rule, testCase.current, testCase.previous, testCase.run).map((report) => ({
    messageId: report.messageId,
    pointer: report.pointer,
    ...(report.previousPointer === undefined ? {} : { previousPointer: report.previousPointer }),
    ...(report.fieldPath === undefined ? {} : { fieldPath: report.fieldPath }),
  }));
}

function table(rule: RegisteredSemanticRule, valid: Case[], invalid: InvalidCase[]): void {
  describe(rule.id, () => {
    it.each(valid.map((testCase) => [testCase.name, testCase] as const))('valid: %s', (_name, testCase) => {
      expect(shape(rule, testCase)).toEqual([]);
    });
    it.each(invalid.map((testCase) => [testCase.name, testCase] as const))(
      'invalid: %s',
      (_name, testCase) => {
        expect(shape(rule, testCase)).toEqual(testCase.reports);
      },
    );
  });
}

const millis: Json = { type: 'long', logicalType: 'timestamp-millis' };
const micros: Json = { type: 'long', logicalType: 'timestamp-micros' };
const decimal = (precision: number, scale: number): Json => ({
  type: 'bytes',
  logicalType: 'decimal',
  precision,
  scale,
});
const field = (name: string, type: Json, extra: Record<string, Json> = {}): Json => ({
  name,
  type,
  ...extra,
});
const money = (scale: number): Json => ({
  type: 'record',
  name: 'Money',
  namespace: 'com.acme.common',
  fields: [field('units', decimal(10, scale))],
});

table(
  logicalTypeChanged,
  [
    {
      name: 'the same logical type, another doc',
      current: eventSchema([field('at', millis, { doc: 'When.' })]),
      previous: eventSchema([field('at', millis)]),
    },
    // A different Avro type is Avro's finding (a type mismatch), not a change of meaning.
    {
      name: 'a logical type on another, unconvertible type',
      current: eventSchema([field('at', { type: 'string', logicalType: 'uuid' })]),
      previous: eventSchema([field('at', millis)]),
    },
    {
      name: 'a wider decimal precision under BACKWARD (new readers have room for old values)',
      current: eventSchema([field('amount', decimal(12, 2))]),
      previous: eventSchema([field('amount', decimal(10, 2))]),
    },
    {
      name: 'a narrower decimal precision under FORWARD (old readers have room for new values)',
      current: eventSchema([field('amount', decimal(8, 2))]),
      previous: eventSchema([field('amount', decimal(10, 2))]),
      run: { mode: 'FORWARD' },
    },
    {
      name: 'a field that is new: nothing to compare it with',
      current: eventSchema([field('at', millis), field('until', micros, { default: 0 })]),
      previous: eventSchema([field('at', millis)]),
    },
  ],
  [
    {
      name: 'timestamp-millis to timestamp-micros',
      current: eventSchema([field('id', 'string'), field('at', micros)]),
      previous: eventSchema([field('id', 'string'), field('at', millis)]),
      reports: [
        {
          messageId: 'changed',
          pointer: '/fields/1/type',
          previousPointer: '/fields/1/type',
          fieldPath: 'at',
        },
      ],
    },
    {
      name: 'inside an optional field, branch positions differing',
      current: eventSchema([field('at', ['null', micros], { default: null })]),
      previous: eventSchema([field('at', [millis, 'null'])]),
      reports: [
        {
          messageId: 'changed',
          pointer: '/fields/0/type/1',
          previousPointer: '/fields/0/type/0',
          fieldPath: 'at',
        },
      ],
    },
    {
      name: 'uuid removed',
      current: eventSchema([field('id', 'string')]),
      previous: eventSchema([field('id', { type: 'string', logicalType: 'uuid' })]),
      reports: [
        {
          messageId: 'removed',
          pointer: '/fields/0/type',
          previousPointer: '/fields/0/type',
          fieldPath: 'id',
        },
      ],
    },
    {
      name: 'uuid added',
      current: eventSchema([field('id', { type: 'string', logicalType: 'uuid' })]),
      previous: eventSchema([field('id', 'string')]),
      reports: [
        { messageId: 'added', pointer: '/fields/0/type', previousPointer: '/fields/0/type', fieldPath: 'id' },
      ],
    },
    // int → long is an Avro promotion, so only the meaning (days → milliseconds) changes.
    {
      name: 'date (int) to timestamp-millis (long)',
      current: eventSchema([field('on', millis)]),
      previous: eventSchema([field('on', { type: 'int', logicalType: 'date' })]),
      reports: [
        {
          messageId: 'changed',
          pointer: '/fields/0/type',
          previousPointer: '/fields/0/type',
          fieldPath: 'on',
        },
      ],
    },
    {
      name: 'a decimal scale',
      current: eventSchema([field('amount', decimal(10, 4))]),
      previous: eventSchema([field('amount', decimal(10, 2))]),
      reports: [
        {
          messageId: 'decimalScale',
          pointer: '/fields/0/type',
          previousPointer: '/fields/0/type',
          fieldPath: 'amount',
        },
      ],
    },
    {
      name: 'a narrower decimal precision under BACKWARD',
      current: eventSchema([field('amount', decimal(8, 2))]),
      previous: eventSchema([field('amount', decimal(10, 2))]),
      reports: [
        {
          messageId: 'decimalPrecision',
          pointer: '/fields/0/type',
          previousPointer: '/fields/0/type',
          fieldPath: 'amount',
        },
      ],
    },
    {
      name: 'a wider decimal precision under FORWARD',
      current: eventSchema([field('amount', decimal(12, 2))]),
      previous: eventSchema([field('amount', decimal(10, 2))]),
      run: { mode: 'FORWARD' },
      reports: [
        {
          messageId: 'decimalPrecision',
          pointer: '/fields/0/type',
          previousPointer: '/fields/0/type',
          fieldPath: 'amount',
        },
      ],
    },
    {
      name: 'a decimal on a fixed type',
      current: eventSchema([
        field('amount', {
          type: 'fixed',
          name: 'Amount',
          size: 8,
          logicalType: 'decimal',
          precision: 12,
          scale: 3,
        }),
      ]),
      previous: eventSchema([
        field('amount', {
          type: 'fixed',
          name: 'Amount',
          size: 8,
          logicalType: 'decimal',
          precision: 12,
          scale: 2,
        }),
      ]),
      reports: [
        {
          messageId: 'decimalScale',
          pointer: '/fields/0/type',
          previousPointer: '/fields/0/type',
          fieldPath: 'amount',
        },
      ],
    },
    {
      name: 'inside array items and a nested record',
      current: eventSchema([
        field('lines', {
          type: 'array',
          items: { type: 'record', name: 'Line', fields: [field('at', micros)] },
        }),
      ]),
      previous: eventSchema([
        field('lines', {
          type: 'array',
          items: { type: 'record', name: 'Line', fields: [field('at', millis)] },
        }),
      ]),
      reports: [
        {
          messageId: 'changed',
          pointer: '/fields/0/type/items/fields/0/type',
          previousPointer: '/fields/0/type/items/fields/0/type',
          fieldPath: 'lines.at',
        },
      ],
    },
    // The pointer continues inside the referenced type, so the position falls back to the reference.
    {
      name: 'inside a named type defined in another file, as it was at each version',
      current: eventSchema([field('amount', 'com.acme.common.Money')]),
      previous: eventSchema([field('amount', 'com.acme.common.Money')]),
      run: {
        external: new Map([['com.acme.common.Money', money(3)]]),
        previousExternal: new Map([['com.acme.common.Money', money(2)]]),
      },
      reports: [
        {
          messageId: 'decimalScale',
          pointer: '/fields/0/type/fields/0/type',
          previousPointer: '/fields/0/type/fields/0/type',
          fieldPath: 'amount.units',
        },
      ],
    },
    {
      name: 'under NONE: the registry accepts anything, consumers still misread',
      current: eventSchema([field('at', micros)]),
      previous: eventSchema([field('at', millis)]),
      run: { mode: 'NONE' },
      reports: [
        {
          messageId: 'changed',
          pointer: '/fields/0/type',
          previousPointer: '/fields/0/type',
          fieldPath: 'at',
        },
      ],
    },
  ],
);

table(
  keyFieldChanged,
  [
    {
      name: 'no key declared',
      current: eventSchema([field('id', 'long')]),
      previous: eventSchema([field('id', 'string')]),
    },
    {
      name: 'the same key, documented',
      current: eventSchema([field('accountId', 'string', { doc: 'The key.' })]),
      previous: eventSchema([field('accountId', 'string')]),
      run: { settings: { keyField: 'accountId', previousKeyField: 'accountId' } },
    },
    // A logical type changes the meaning, not the bytes the partitioner hashes.
    {
      name: 'the key gains a logical type',
      current: eventSchema([field('accountId', { type: 'string', logicalType: 'uuid' })]),
      previous: eventSchema([field('accountId', 'string')]),
      run: { settings: { keyField: 'accountId' } },
    },
    {
      name: 'the key declared for the first time',
      current: eventSchema([field('accountId', 'string')]),
      previous: eventSchema([field('accountId', 'string')]),
      run: { settings: { keyField: 'accountId' } },
    },
  ],
  [
    {
      name: 'another key field',
      current: eventSchema([field('accountId', 'string'), field('customerId', 'string')]),
      previous: eventSchema([field('accountId', 'string'), field('customerId', 'string')]),
      run: { settings: { keyField: 'customerId', previousKeyField: 'accountId' } },
      reports: [
        {
          messageId: 'keyChanged',
          pointer: '/fields/1',
          previousPointer: '/fields/0',
          fieldPath: 'customerId',
        },
      ],
    },
    {
      name: 'the key field changes type',
      current: eventSchema([field('accountId', 'long')]),
      previous: eventSchema([field('accountId', 'string')]),
      run: { settings: { keyField: 'accountId', previousKeyField: 'accountId' } },
      reports: [
        {
          messageId: 'keyTypeChanged',
          pointer: '/fields/0/type',
          previousPointer: '/fields/0/type',
          fieldPath: 'accountId',
        },
      ],
    },
    {
      name: 'a nested key field, through an optional record, changes type',
      current: eventSchema([
        field('customer', ['null', { type: 'record', name: 'Customer', fields: [field('id', 'long')] }], {
          default: null,
        }),
      ]),
      previous: eventSchema([
        field('customer', ['null', { type: 'record', name: 'Customer', fields: [field('id', 'string')] }], {
          default: null,
        }),
      ]),
      run: { settings: { keyField: 'customer.id' } },
      reports: [
        {
          messageId: 'keyTypeChanged',
          pointer: '/fields/0/type/1/fields/0/type',
          previousPointer: '/fields/0/type/1/fields/0/type',
          fieldPath: 'customer.id',
        },
      ],
    },
  ],
);

const version = (value?: number): Json =>
  field('version', 'int', value === undefined ? {} : { default: value });

table(
  versionNotBumped,
  [
    {
      name: 'changed and bumped',
      current: eventSchema([version(2), field('a', 'string'), field('b', 'string', { default: '' })]),
      previous: eventSchema([version(1), field('a', 'string')]),
    },
    {
      name: 'only docs changed',
      current: eventSchema([version(1), field('a', 'string', { doc: 'Now documented.' })], {
        doc: 'An event.',
      }),
      previous: eventSchema([version(1), field('a', 'string')]),
    },
    // Key order and formatting are not changes either.
    {
      name: 'the same schema with its keys in another order',
      current: {
        fields: [version(1), { type: 'string', name: 'a' }],
        namespace: 'com.acme',
        name: 'Event',
        type: 'record',
      },
      previous: eventSchema([version(1), field('a', 'string')]),
    },
    {
      name: 'no version declared in either',
      current: eventSchema([version(), field('a', 'long')]),
      previous: eventSchema([version(), field('a', 'string')]),
    },
    {
      name: 'a version declared for the first time',
      current: eventSchema([version(1), field('a', 'long')]),
      previous: eventSchema([version(), field('a', 'string')]),
    },
    {
      name: 'declared as a schema property and bumped',
      current: eventSchema([field('a', 'long')], { version: 3 }),
      previous: eventSchema([field('a', 'string')], { version: 2 }),
      run: { options: { declaredBy: 'schema-property' } },
    },
  ],
  [
    {
      name: 'a new field without a bump',
      current: eventSchema([version(1), field('a', 'string'), field('b', 'string', { default: '' })]),
      previous: eventSchema([version(1), field('a', 'string')]),
      reports: [
        {
          messageId: 'notBumped',
          pointer: '/fields/0/default',
          previousPointer: '/fields/0/default',
          fieldPath: 'version',
        },
      ],
    },
    {
      name: 'a version that went down',
      current: eventSchema([version(1), field('a', 'long')]),
      previous: eventSchema([version(2), field('a', 'string')]),
      reports: [
        {
          messageId: 'decreased',
          pointer: '/fields/0/default',
          previousPointer: '/fields/0/default',
          fieldPath: 'version',
        },
      ],
    },
    {
      name: 'a version declaration that was dropped',
      current: eventSchema([version(), field('a', 'long')]),
      previous: eventSchema([version(2), field('a', 'string')]),
      reports: [
        {
          messageId: 'undeclared',
          pointer: '/fields/0',
          previousPointer: '/fields/0/default',
          fieldPath: 'version',
        },
      ],
    },
    {
      name: 'an enum symbol added (a change for consumers) without a bump',
      current: eventSchema([version(4), field('s', { type: 'enum', name: 'S', symbols: ['A', 'B'] })]),
      previous: eventSchema([version(4), field('s', { type: 'enum', name: 'S', symbols: ['A'] })]),
      reports: [
        {
          messageId: 'notBumped',
          pointer: '/fields/0/default',
          previousPointer: '/fields/0/default',
          fieldPath: 'version',
        },
      ],
    },
    {
      name: 'declared as a schema property, not bumped',
      current: eventSchema([field('a', 'long')], { version: 2 }),
      previous: eventSchema([field('a', 'string')], { version: 2 }),
      run: { options: { declaredBy: 'schema-property' } },
      reports: [{ messageId: 'notBumped', pointer: '/version', previousPointer: '/version' }],
    },
    {
      name: 'a version field of another name',
      current: eventSchema([field('schemaVersion', 'int', { default: 7 }), field('a', 'long')]),
      previous: eventSchema([field('schemaVersion', 'int', { default: 7 }), field('a', 'string')]),
      run: { settings: { versionField: 'schemaVersion' } },
      reports: [
        {
          messageId: 'notBumped',
          pointer: '/fields/0/default',
          previousPointer: '/fields/0/default',
          fieldPath: 'schemaVersion',
        },
      ],
    },
  ],
);

describe('compat/semantic-version-not-bumped options', () => {
  it('rejects an unknown declaration style and an empty property', () => {
    expect(versionNotBumped.validateOptions?.({ declaredBy: 'doc' as never, property: '' })).toEqual([
      { option: 'declaredBy', message: 'must be "field-default" or "schema-property", not "doc".' },
      { option: 'property', message: 'must not be empty.' },
    ]);
  });

  // A change inside a referenced type changes the contract's wire format, so it needs a bump too.
  it('counts a change inside a referenced named type as a change', () => {
    const money = (type: string): Json => ({
      type: 'record',
      name: 'Money',
      namespace: 'com.acme.common',
      fields: [field('units', type)],
    });
    const schema = eventSchema([version(1), field('amount', 'com.acme.common.Money')]);
    const reports = runSemanticRule(
      versionNotBumped,
      schema,
      eventSchema([version(1), field('amount', money('int'))]),
      {
        external: new Map([['com.acme.common.Money', money('long')]]),
      },
    );
    expect(reports.map((report) => report.messageId)).toEqual(['notBumped']);
  });
});

table(
  renameWithoutAlias,
  [
    {
      name: 'renamed with the old name as an alias',
      current: eventSchema([field('total', 'long', { aliases: ['amount'] })]),
      previous: eventSchema([field('amount', 'long')]),
    },
    {
      name: 'a removed field and an added one of another type',
      current: eventSchema([field('total', 'string', { default: '' })]),
      previous: eventSchema([field('amount', 'long')]),
    },
    // Without a default Avro rejects the change; that finding's help already suggests the alias.
    {
      name: 'an added field without a default under BACKWARD',
      current: eventSchema([field('total', 'long')]),
      previous: eventSchema([field('amount', 'long')]),
    },
  ],
  [
    {
      name: 'a renamed field with a default',
      current: eventSchema([field('id', 'string'), field('total', 'long', { default: 0 })]),
      previous: eventSchema([field('id', 'string'), field('amount', 'long')]),
      reports: [
        { messageId: 'renamed', pointer: '/fields/1', previousPointer: '/fields/1', fieldPath: 'total' },
      ],
    },
    {
      name: 'two renames, paired by the closest names',
      current: eventSchema([
        field('customerName', 'string', { default: '' }),
        field('accountName', 'string', { default: '' }),
      ]),
      previous: eventSchema([field('accountLabel', 'string'), field('customerLabel', 'string')]),
      reports: [
        {
          messageId: 'renamed',
          pointer: '/fields/0',
          previousPointer: '/fields/1',
          fieldPath: 'customerName',
        },
        {
          messageId: 'renamed',
          pointer: '/fields/1',
          previousPointer: '/fields/0',
          fieldPath: 'accountName',
        },
      ],
    },
    {
      name: 'under NONE, even without a default',
      current: eventSchema([field('total', 'long')]),
      previous: eventSchema([field('amount', 'long')]),
      run: { mode: 'NONE' },
      reports: [
        { messageId: 'renamed', pointer: '/fields/0', previousPointer: '/fields/0', fieldPath: 'total' },
      ],
    },
    {
      name: 'inside a nested record',
      current: eventSchema([
        field('money', {
          type: 'record',
          name: 'Money',
          fields: [field('minorUnits', 'long', { default: 0 })],
        }),
      ]),
      previous: eventSchema([
        field('money', { type: 'record', name: 'Money', fields: [field('units', 'long')] }),
      ]),
      reports: [
        {
          messageId: 'renamed',
          pointer: '/fields/0/type/fields/0',
          previousPointer: '/fields/0/type/fields/0',
          fieldPath: 'money.minorUnits',
        },
      ],
    },
  ],
);

const status = (symbols: string[], enumDefault?: string): Json => ({
  type: 'enum',
  name: 'Status',
  symbols,
  ...(enumDefault === undefined ? {} : { default: enumDefault }),
});

table(
  enumSymbolRemoved,
  [
    {
      name: 'a symbol added',
      current: eventSchema([field('s', status(['A', 'B', 'U'], 'U'))]),
      previous: eventSchema([field('s', status(['A', 'U'], 'U'))]),
    },
    {
      name: 'symbols reordered',
      current: eventSchema([field('s', status(['U', 'A'], 'U'))]),
      previous: eventSchema([field('s', status(['A', 'U'], 'U'))]),
    },
    // Old consumers reading new records never meet the dropped symbol.
    {
      name: 'a symbol dropped under FORWARD',
      current: eventSchema([field('s', status(['A', 'U'], 'U'))]),
      previous: eventSchema([field('s', status(['A', 'B', 'U'], 'U'))]),
      run: { mode: 'FORWARD' },
    },
    // Without a default Avro rejects the change (compat/missing-enum-symbols).
    {
      name: 'a symbol dropped from an enum without a default under BACKWARD',
      current: eventSchema([field('s', status(['A']))]),
      previous: eventSchema([field('s', status(['A', 'B']))]),
    },
  ],
  [
    {
      name: 'a symbol dropped from an enum with a default',
      current: eventSchema([field('s', status(['A', 'U'], 'U'))]),
      previous: eventSchema([field('s', status(['A', 'FRAUD', 'U'], 'U'))]),
      reports: [
        {
          messageId: 'readAsDefault',
          pointer: '/fields/0/type/symbols',
          previousPointer: '/fields/0/type/symbols',
          fieldPath: 's',
        },
      ],
    },
    {
      name: 'symbols dropped from an enum without a default under NONE',
      current: eventSchema([field('s', status(['A']))]),
      previous: eventSchema([field('s', status(['A', 'B', 'C']))]),
      run: { mode: 'NONE' },
      reports: [
        {
          messageId: 'unreadable',
          pointer: '/fields/0/type/symbols',
          previousPointer: '/fields/0/type/symbols',
          fieldPath: 's',
        },
      ],
    },
  ],
);

describe('messages', () => {
  it('name the dropped symbols and the default they are read as', () => {
    const [report] = runSemanticRule(
      enumSymbolRemoved,
      eventSchema([field('s', status(['A', 'U'], 'U'))]),
      eventSchema([field('s', status(['A', 'B', 'C', 'U'], 'U'))]),
    );
    expect(report?.data).toEqual({
      enum: 'com.acme.Status',
      symbols: '`B` and `C`',
      them: 'them',
      default: 'U',
    });
  });

  it('say how far a re-interpreted timestamp is off', () => {
    const [report] = runSemanticRule(
      logicalTypeChanged,
      eventSchema([field('at', micros)]),
      eventSchema([field('at', millis)]),
    );
    expect(report?.data?.shift).toBe(' (a value counted in millis is read as micros: 1000 times too small)');
    expect(report?.help).toContain('add a new field (e.g. `atMicros`)');
  });

  it('give the next version in the fix', () => {
    const [report] = runSemanticRule(
      versionNotBumped,
      eventSchema([version(4), field('a', 'long')]),
      eventSchema([version(4), field('a', 'string')]),
    );
    expect(report?.help).toBe('Set the default of `version` to 5: `"default": 5`.');
  });

  it('suggest the alias of a rename', () => {
    const [report] = runSemanticRule(
      renameWithoutAlias,
      eventSchema([field('total', 'long', { default: 0 })]),
      eventSchema([field('amount', 'long')]),
    );
    expect(report?.help).toBe('If `total` is `amount` renamed, add `"aliases": ["amount"]` to `total`.');
  });
});

describe('the registry', () => {
  it('lists every semantic rule under its own file name', () => {
    expect(semanticRuleIds).toEqual([
      'compat/semantic-enum-symbol-removed',
      'compat/semantic-key-field-changed',
      'compat/semantic-logical-type-changed',
      'compat/semantic-rename-without-alias',
      'compat/semantic-version-not-bumped',
    ]);
    for (const id of semanticRuleIds) {
      const rule = semanticRules[id];
      expect(rule.id).toBe(id);
      expect(rule.kind).toBe('compat');
      expect(rule.docs.description.length).toBeGreaterThan(0);
      expect(rule.docs.help?.length).toBeGreaterThan(0);
    }
  });
});

/** A report seen from the other side: the pointers swap, and a message id turns into its mirror. */
function mirrored(
  report: { messageId: string; pointer: string; previousPointer?: string },
  mirror: Record<string, string>,
) {
  return {
    messageId: mirror[report.messageId] ?? report.messageId,
    pointer: report.previousPointer,
    previousPointer: report.pointer,
  };
}

describe('backward ↔ forward symmetry', () => {
  /**
   * Swapping the two versions must swap each finding. Exceptions, with their reasons:
   * - `compat/semantic-enum-symbol-removed`: a removal seen backwards is an addition, which is the
   *   enum default's job (or `compat/missing-enum-symbols`'), not a change of meaning.
   * - `compat/semantic-rename-without-alias` under BACKWARD: it defers to Avro's finding when the new
   *   field has no default, and only one side of a rename has to have one; under NONE it is symmetric.
   * - `compat/semantic-version-not-bumped`: a version that went down, seen backwards, went up.
   */
  const mirrors: Record<string, Record<string, string>> = {
    'compat/semantic-logical-type-changed': { added: 'removed', removed: 'added' },
    'compat/semantic-key-field-changed': {},
    'compat/semantic-rename-without-alias': {},
  };
  const modes: Record<string, CompatibilityMode> = {
    'compat/semantic-logical-type-changed': 'FULL',
    'compat/semantic-key-field-changed': 'FULL',
    'compat/semantic-rename-without-alias': 'NONE',
  };

  it.each(Object.keys(mirrors))('%s reports each change both ways', (id) => {
    const rule = semanticRules[id as keyof typeof semanticRules] as RegisteredSemanticRule;
    const mode = modes[id] as CompatibilityMode;
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base, evolved }) => {
        const run = { mode, settings: { keyField: 'id' } };
        const forward = runSemanticRule(rule, evolved, base, run).map((report) =>
          mirrored(report, mirrors[id] ?? {}),
        );
        const backward = runSemanticRule(rule, base, evolved, run).map((report) => ({
          messageId: report.messageId,
          pointer: report.pointer,
          previousPointer: report.previousPointer,
        }));
        const order = (a: { pointer?: string | undefined }, b: { pointer?: string | undefined }) =>
          (a.pointer ?? '') < (b.pointer ?? '') ? -1 : (a.pointer ?? '') > (b.pointer ?? '') ? 1 : 0;
        expect(forward.sort(order)).toEqual(backward.sort(order));
      }),
      propertyRuns(300),
    );
  });

  it('holds for version-not-bumped when the version stays the same', () => {
    const a = eventSchema([version(3), field('a', 'long')]);
    const b = eventSchema([version(3), field('a', 'string')]);
    expect(runSemanticRule(versionNotBumped, a, b).map((r) => r.messageId)).toEqual(['notBumped']);
    expect(runSemanticRule(versionNotBumped, b, a).map((r) => r.messageId)).toEqual(['notBumped']);
  });
});
