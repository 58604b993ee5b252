/**
 * One case per rule of the Avro specification's "Schema Resolution" section, plus the enum and union
 * edge cases that compatibility checkers have got wrong before (Confluent Schema Registry issues
 * #253, #601, #880; Apicurio #2572; enum defaults of AVRO-1340). Each case asserts the exact list of
 * incompatibilities: kind, reader pointer, writer pointer and Avro Java's location. A second test
 * sends the whole table to Apache Avro Java 1.12.1, so that the table itself is proven right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompatSchemaError, toCompatSchema } from '../../src/compat/compat-schema.ts';
import { AmbiguousFieldError, checkReaderWriter } from '../../src/compat/resolve-compatibility.ts';
import type { Json } from '../../src/contracts/model.ts';
import { AVRO_JAVA_BUILD_TIMEOUT_MS, AvroJavaDriver, buildAvroJavaDriver } from './avro-java-driver.ts';

interface Expected {
  kind: string;
  readerPointer: string;
  writerPointer: string;
  /** Avro Java's location; defaults to the reader pointer (`/` for the root). */
  location?: string;
  messageId?: string;
}

interface ResolutionCase {
  /** The rule of the specification (or the edge case) the case pins down. */
  rule: string;
  reader: Json;
  writer: Json;
  /** Named types defined in other files, by full name. */
  references?: Json[];
  expected: Expected[] | 'ambiguous';
}

const record = (name: string, fields: Json[], extra: { [key: string]: Json } = {}): Json => ({
  type: 'record',
  name,
  ...extra,
  fields,
});
const field = (name: string, type: Json, extra: { [key: string]: Json } = {}): Json => ({
  name,
  type,
  ...extra,
});
const enumOf = (name: string, symbols: string[], extra: { [key: string]: Json } = {}): Json => ({
  type: 'enum',
  name,
  symbols,
  ...extra,
});
const fixed = (name: string, size: number): Json => ({ type: 'fixed', name, size });

const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];
/** The specification's promotions, reader ← writer. */
const PROMOTABLE: Record<string, string[]> = {
  long: ['int'],
  float: ['int', 'long'],
  double: ['int', 'long', 'float'],
  bytes: ['string'],
  string: ['bytes'],
};

const promotionMatrix: ResolutionCase[] = PRIMITIVES.flatMap((reader) =>
  PRIMITIVES.map((writer) => ({
    rule: `primitives: ${reader} reads ${writer} only if equal or a promotion`,
    reader,
    writer,
    expected:
      reader === writer || PROMOTABLE[reader]?.includes(writer)
        ? []
        : [{ kind: 'TYPE_MISMATCH', readerPointer: '', writerPointer: '', location: '/' }],
  })),
);

const moneyV1 = record('Money', [field('amount', 'long'), field('currency', 'string')], {
  namespace: 'com.acme',
});

const cases: ResolutionCase[] = [
  ...promotionMatrix,
  {
    rule: 'arrays: the item types are resolved',
    reader: { type: 'array', items: 'long' },
    writer: { type: 'array', items: 'int' },
    expected: [],
  },
  {
    rule: 'arrays: an item type that does not resolve is reported at /items',
    reader: { type: 'array', items: 'int' },
    writer: { type: 'array', items: 'long' },
    expected: [{ kind: 'TYPE_MISMATCH', readerPointer: '/items', writerPointer: '/items' }],
  },
  {
    rule: 'maps: the value types are resolved',
    reader: { type: 'map', values: 'int' },
    writer: { type: 'map', values: 'string' },
    expected: [{ kind: 'TYPE_MISMATCH', readerPointer: '/values', writerPointer: '/values' }],
  },
  {
    rule: 'an array does not match a map',
    reader: { type: 'array', items: 'int' },
    writer: { type: 'map', values: 'int' },
    expected: [{ kind: 'TYPE_MISMATCH', readerPointer: '', writerPointer: '', location: '/' }],
  },
  {
    rule: 'records: fields are matched by name, whatever their order',
    reader: record('Money', [field('currency', 'string'), field('amount', 'long')], {
      namespace: 'com.acme',
    }),
    writer: moneyV1,
    expected: [],
  },
  {
    rule: 'records: fields of the same name are resolved recursively (pointers follow each side’s order)',
    reader: record('Money', [field('currency', 'string'), field('amount', 'int')], { namespace: 'com.acme' }),
    writer: moneyV1,
    expected: [{ kind: 'TYPE_MISMATCH', readerPointer: '/fields/1/type', writerPointer: '/fields/0/type' }],
  },
  {
    rule: 'records: the names must match',
    reader: record('Amount', [field('amount', 'long'), field('currency', 'string')], {
      namespace: 'com.acme',
    }),
    writer: moneyV1,
    expected: [{ kind: 'NAME_MISMATCH', readerPointer: '/name', writerPointer: '/name' }],
  },
  {
    rule: 'records: names compare unqualified, so a namespace move alone is compatible',
    reader: record('Money', [field('amount', 'long'), field('currency', 'string')], {
      namespace: 'org.other',
    }),
    writer: moneyV1,
    expected: [],
  },
  {
    rule: 'aliases: a reader alias naming the writer’s full name matches',
    reader: record('Amount', [field('amount', 'long'), field('currency', 'string')], {
      namespace: 'org.other',
      aliases: ['com.acme.Money'],
    }),
    writer: moneyV1,
    expected: [],
  },
  {
    rule: 'aliases: a short alias is resolved in the reader’s namespace, so it misses a writer elsewhere',
    reader: record('Amount', [field('amount', 'long'), field('currency', 'string')], {
      namespace: 'org.other',
      aliases: ['Money'],
    }),
    writer: moneyV1,
    expected: [{ kind: 'NAME_MISMATCH', readerPointer: '/name', writerPointer: '/name' }],
  },
  {
    rule: 'records: a writer field the reader lacks is ignored',
    reader: record('Money', [field('amount', 'long')], { namespace: 'com.acme' }),
    writer: moneyV1,
    expected: [],
  },
  {
    rule: 'records: a reader field the writer lacks takes its default',
    reader: record(
      'Money',
      [field('amount', 'long'), field('currency', 'string'), field('scale', 'int', { default: 2 })],
      {
        namespace: 'com.acme',
      },
    ),
    writer: moneyV1,
    expected: [],
  },
  {
    rule: 'records: a `"default": null` counts as a default',
    reader: record(
      'Money',
      [...(moneyV1 as { fields: Json[] }).fields, field('note', ['null', 'string'], { default: null })],
      {
        namespace: 'com.acme',
      },
    ),
    writer: moneyV1,
    expected: [],
  },
  {
    rule: 'records: a reader field the writer lacks, without a default, is an error',
    reader: record('Money', [field('amount', 'long'), field('scale', 'int'), field('currency', 'string')], {
      namespace: 'com.acme',
    }),
    writer: moneyV1,
    expected: [
      {
        kind: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        readerPointer: '/fields/1',
        writerPointer: '',
        messageId: 'noDefault',
      },
    ],
  },
  {
    rule: 'aliases: a renamed reader field finds the writer field through its alias',
    reader: record('Money', [field('value', 'long', { aliases: ['amount'] }), field('currency', 'string')], {
      namespace: 'com.acme',
    }),
    writer: moneyV1,
    expected: [],
  },
  {
    rule: 'aliases: a reader field matching two writer fields (name and alias) is an error in Avro Java',
    reader: record('Money', [field('amount', 'long', { aliases: ['currency'] })], { namespace: 'com.acme' }),
    writer: moneyV1,
    expected: 'ambiguous',
  },
  {
    rule: 'enums: every writer symbol must be a reader symbol',
    reader: enumOf('Status', ['OPEN', 'CLOSED']),
    writer: enumOf('Status', ['OPEN', 'CLOSED', 'FROZEN']),
    expected: [{ kind: 'MISSING_ENUM_SYMBOLS', readerPointer: '/symbols', writerPointer: '/symbols' }],
  },
  {
    rule: 'enums: an unknown writer symbol reads as the reader enum’s default symbol',
    reader: enumOf('Status', ['OPEN', 'CLOSED', 'UNKNOWN'], { default: 'UNKNOWN' }),
    writer: enumOf('Status', ['OPEN', 'CLOSED', 'FROZEN']),
    expected: [],
  },
  {
    rule: 'enums: a field default is not an enum default (a forward-incompatible symbol stays an error)',
    reader: record('Account', [field('status', enumOf('Status', ['OPEN', 'CLOSED']), { default: 'OPEN' })]),
    writer: record('Account', [field('status', enumOf('Status', ['OPEN', 'CLOSED', 'FROZEN']))]),
    expected: [
      {
        kind: 'MISSING_ENUM_SYMBOLS',
        readerPointer: '/fields/0/type/symbols',
        writerPointer: '/fields/0/type/symbols',
      },
    ],
  },
  {
    rule: 'enums: names must match, and both problems are reported',
    reader: enumOf('State', ['OPEN']),
    writer: enumOf('Status', ['OPEN', 'CLOSED']),
    expected: [
      { kind: 'NAME_MISMATCH', readerPointer: '/name', writerPointer: '/name' },
      { kind: 'MISSING_ENUM_SYMBOLS', readerPointer: '/symbols', writerPointer: '/symbols' },
    ],
  },
  {
    rule: 'enums: removing a symbol is backward compatible (the reader knows more)',
    reader: enumOf('Status', ['OPEN', 'CLOSED']),
    writer: enumOf('Status', ['OPEN']),
    expected: [],
  },
  {
    rule: 'enums: a missing reader field whose enum has a default is TYPE_MISMATCH in Avro Java',
    reader: record('Account', [
      field('id', 'string'),
      field('status', enumOf('Status', ['OPEN', 'UNKNOWN'], { default: 'UNKNOWN' })),
    ]),
    writer: record('Account', [field('id', 'string')]),
    expected: [
      {
        kind: 'TYPE_MISMATCH',
        readerPointer: '/fields/1/type',
        writerPointer: '',
        messageId: 'enumDefaultFieldMissing',
      },
    ],
  },
  {
    rule: 'fixed: sizes must match',
    reader: fixed('Hash', 16),
    writer: fixed('Hash', 32),
    expected: [{ kind: 'FIXED_SIZE_MISMATCH', readerPointer: '/size', writerPointer: '/size' }],
  },
  {
    rule: 'fixed: names must match, and both problems are reported',
    reader: fixed('Digest', 16),
    writer: fixed('Hash', 32),
    expected: [
      { kind: 'NAME_MISMATCH', readerPointer: '/name', writerPointer: '/name' },
      { kind: 'FIXED_SIZE_MISMATCH', readerPointer: '/size', writerPointer: '/size' },
    ],
  },
  {
    rule: 'fixed: a fixed does not match bytes',
    reader: 'bytes',
    writer: fixed('Hash', 16),
    expected: [{ kind: 'TYPE_MISMATCH', readerPointer: '', writerPointer: '', location: '/' }],
  },
  {
    rule: 'unions on both sides: each writer branch needs a reader branch (pointer: the writer branch)',
    reader: ['null', 'string'],
    writer: ['null', 'string', 'int'],
    expected: [{ kind: 'MISSING_UNION_BRANCH', readerPointer: '', writerPointer: '/2', location: '/2' }],
  },
  {
    rule: 'unions on both sides: branch order does not matter',
    reader: ['string', 'null'],
    writer: ['null', 'string'],
    expected: [],
  },
  {
    rule: 'reader union: the first branch that reads the writer type is used (promotions included)',
    reader: ['null', 'long'],
    writer: 'int',
    expected: [],
  },
  {
    rule: 'reader union: no branch reads the writer type',
    reader: ['null', 'string'],
    writer: 'int',
    expected: [{ kind: 'MISSING_UNION_BRANCH', readerPointer: '', writerPointer: '', location: '/' }],
  },
  {
    rule: 'writer union: every branch must resolve against the reader',
    reader: 'long',
    writer: ['int', 'long'],
    expected: [],
  },
  {
    rule: 'writer union: a branch the reader cannot read is reported at the writer branch index',
    reader: 'int',
    writer: ['null', 'int', 'string'],
    expected: [
      { kind: 'TYPE_MISMATCH', readerPointer: '', writerPointer: '/0', location: '/0' },
      { kind: 'TYPE_MISMATCH', readerPointer: '', writerPointer: '/2', location: '/2' },
    ],
  },
  {
    rule: 'making an optional field required is backward incompatible',
    reader: record('Account', [field('owner', 'string')]),
    writer: record('Account', [field('owner', ['null', 'string'], { default: null })]),
    expected: [
      {
        kind: 'TYPE_MISMATCH',
        readerPointer: '/fields/0/type',
        writerPointer: '/fields/0/type/0',
        location: '/fields/0/type/0',
      },
    ],
  },
  {
    rule: 'records inside unions are resolved deeply (Confluent #253): one MISSING_UNION_BRANCH, no detail',
    reader: [record('Event', [field('f1', 'string'), field('f2', 'string')])],
    writer: [record('Event', [field('f1', 'string')])],
    expected: [{ kind: 'MISSING_UNION_BRANCH', readerPointer: '', writerPointer: '/0', location: '/0' }],
  },
  {
    rule: 'reader union: Avro Java takes the first fully compatible branch, not the first of the same name',
    reader: [
      record('Event', [field('x', 'int')], { namespace: 'a' }),
      record('Event', [], { namespace: 'b' }),
    ],
    writer: record('Event', [], { namespace: 'c' }),
    expected: [],
  },
  {
    rule: 'an empty reader union reads nothing; an empty writer union writes nothing',
    reader: [],
    writer: 'int',
    expected: [{ kind: 'MISSING_UNION_BRANCH', readerPointer: '', writerPointer: '', location: '/' }],
  },
  {
    rule: 'an empty writer union is compatible with anything',
    reader: 'int',
    writer: [],
    expected: [],
  },
  {
    rule: 'recursive types terminate: a pair met again while being checked counts as compatible',
    reader: record('Node', [field('value', 'string'), field('next', ['null', 'Node'])]),
    writer: record('Node', [field('value', 'int'), field('next', ['null', 'Node'])]),
    expected: [{ kind: 'TYPE_MISMATCH', readerPointer: '/fields/0/type', writerPointer: '/fields/0/type' }],
  },
  {
    rule: 'a named type used twice is checked once: Avro Java repeats the first location, we point at each use',
    reader: record('Order', [field('from', enumOf('Currency', ['EUR', 'USD'])), field('to', 'Currency')]),
    writer: record('Order', [
      field('from', enumOf('Currency', ['EUR', 'USD', 'GBP'])),
      field('to', 'Currency'),
    ]),
    expected: [
      {
        kind: 'MISSING_ENUM_SYMBOLS',
        readerPointer: '/fields/0/type/symbols',
        writerPointer: '/fields/0/type/symbols',
      },
      {
        kind: 'MISSING_ENUM_SYMBOLS',
        readerPointer: '/fields/1/type/symbols',
        writerPointer: '/fields/1/type/symbols',
        location: '/fields/0/type/symbols',
      },
    ],
  },
  {
    rule: 'logical types are ignored (timestamp-millis → timestamp-micros is an Avro-compatible change)',
    reader: { type: 'long', logicalType: 'timestamp-micros' },
    writer: { type: 'long', logicalType: 'timestamp-millis' },
    expected: [],
  },
  {
    rule: 'logical types are ignored (decimal scale changes are Avro-compatible)',
    reader: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 4 },
    writer: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 },
    expected: [],
  },
  {
    rule: 'names: an inherited namespace, a namespace attribute and a full name are the same name',
    reader: record('Account', [field('balance', record('com.acme.Money', [field('amount', 'long')]))], {
      namespace: 'com.acme',
    }),
    writer: record('com.acme.Account', [field('balance', record('Money', [field('amount', 'int')]))]),
    expected: [],
  },
  {
    rule: 'names: a reference may be written as {"type": name}, and an error type is a record',
    reader: record('Failed', [field('reason', 'string'), field('again', ['null', { type: 'Failed' }])], {
      namespace: 'com.acme',
    }),
    writer: { type: 'error', name: 'com.acme.Failed', fields: [{ name: 'reason', type: 'string' }] },
    expected: [
      {
        kind: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        readerPointer: '/fields/1',
        writerPointer: '',
      },
    ],
  },
  {
    rule: 'enums: a default that is not a string is no default (Avro Java reads it as text)',
    reader: enumOf('Status', ['OPEN'], { default: 0 }),
    writer: enumOf('Status', ['OPEN', 'CLOSED']),
    expected: [{ kind: 'MISSING_ENUM_SYMBOLS', readerPointer: '/symbols', writerPointer: '/symbols' }],
  },
  {
    rule: 'records: field order attributes and documentation play no part',
    reader: record(
      'Money',
      [field('amount', 'long', { order: 'descending', doc: 'in cents' }), field('currency', 'string')],
      {
        namespace: 'com.acme',
        doc: 'An amount of money',
      },
    ),
    writer: moneyV1,
    expected: [],
  },
  {
    rule: 'named types from other files are resolved by full name',
    reader: record('Payment', [field('amount', 'com.acme.Money')], { namespace: 'com.acme' }),
    writer: record('Payment', [field('amount', 'com.acme.Money')], { namespace: 'com.acme' }),
    references: [moneyV1],
    expected: [],
  },
];

/** Schemas Avro Java refuses to parse, and the pointer kontract's refusal must carry. */
const refusals: [string, Json, string][] = [
  ['a reference to an undefined name', record('A', [field('b', 'com.acme.Missing')]), '/fields/0/type'],
  ['a duplicate field name', record('A', [field('b', 'int'), field('b', 'long')]), '/fields/1'],
  ['a duplicate union branch', ['int', 'string', 'int'], '/2'],
  ['a union inside a union', ['int', ['null', 'string']], '/1'],
  ['an enum default that is no symbol', enumOf('E', ['A'], { default: 'B' }), '/default'],
  ['a duplicate enum symbol', enumOf('E', ['A', 'A']), '/symbols/1'],
  ['a fixed without an integer size', { type: 'fixed', name: 'F', size: 1.5 }, '/size'],
  ['an invalid name', record('1A', []), '/name'],
  ['a named type called after a primitive', record('int', []), '/name'],
  [
    'a named type defined twice, differently',
    record('A', [field('a', fixed('F', 1)), field('b', fixed('F', 2))]),
    '/fields/1/type',
  ],
  ['a schema object without a type', { name: 'x' }, ''],
  [
    'a forward reference that only resolves in the null namespace',
    record('A', [field('b', 'B'), field('c', record('B', [], { namespace: '' }))], { namespace: 'x' }),
    '/fields/0/type',
  ],
];

function referencesOf(testCase: ResolutionCase): ReadonlyMap<string, Json> | undefined {
  if (testCase.references === undefined) return undefined;
  return new Map(
    testCase.references.map((reference) => {
      const named = reference as { name: string; namespace?: string };
      return [named.namespace ? `${named.namespace}.${named.name}` : named.name, reference];
    }),
  );
}

function expectedLocation(expected: Expected): string {
  return expected.location ?? (expected.readerPointer === '' ? '/' : expected.readerPointer);
}

describe('Avro specification, Schema Resolution', () => {
  it.each(cases.map((testCase) => [testCase.rule, testCase] as const))('%s', (_rule, testCase) => {
    const external = referencesOf(testCase);
    const reader = toCompatSchema(testCase.reader, external);
    const writer = toCompatSchema(testCase.writer, external);
    if (testCase.expected === 'ambiguous') {
      expect(() => checkReaderWriter(reader, writer)).toThrow(AmbiguousFieldError);
      return;
    }
    const actual = checkReaderWriter(reader, writer).map((found) => ({
      kind: found.kind,
      readerPointer: found.readerPointer,
      writerPointer: found.writerPointer,
      location: found.location,
      ...(testCase.expected !== 'ambiguous' && testCase.expected.some((e) => e.messageId)
        ? { messageId: found.messageId }
        : {}),
    }));
    expect(actual).toEqual(
      testCase.expected.map((expected) => ({
        ...expected,
        location: expectedLocation(expected),
      })),
    );
  });
});

describe('the table agrees with Apache Avro Java 1.12.1', () => {
  let driver: AvroJavaDriver;
  beforeAll(async () => {
    driver = new AvroJavaDriver(await buildAvroJavaDriver());
  }, AVRO_JAVA_BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await driver?.close();
  });

  it('on every case: same kinds at the same locations, and the same refusals', async () => {
    const answers = await driver.checkMany(
      cases.map((testCase) => ({
        reader: testCase.reader,
        writer: testCase.writer,
        ...(testCase.references ? { references: testCase.references } : {}),
      })),
    );
    const disagreements: string[] = [];
    cases.forEach((testCase, i) => {
      const answer = answers[i];
      const expected =
        testCase.expected === 'ambiguous'
          ? 'error at check'
          : JSON.stringify(testCase.expected.map((e) => `${e.kind} ${expectedLocation(e)}`));
      const java =
        answer === undefined
          ? 'no answer'
          : answer.error !== undefined
            ? `error at ${answer.stage}`
            : JSON.stringify(answer.incompatibilities.map((e) => `${e.kind} ${e.location}`));
      if (java !== expected) disagreements.push(`${testCase.rule}: table ${expected}, Avro Java ${java}`);
    });
    expect(disagreements).toEqual([]);
  });

  it('refuses the schemas kontract refuses, and accepts an identical redefinition', async () => {
    const schemas = [
      ...refusals.map(([, schema]) => schema),
      record('A', [field('a', fixed('F', 1)), field('b', fixed('F', 1))]),
    ];
    const answers = await driver.checkMany(schemas.map((schema) => ({ reader: schema, writer: 'int' })));
    expect(answers.map((answer) => (answer.error !== undefined ? answer.stage : 'parsed'))).toEqual([
      ...refusals.map(() => 'reader'),
      'parsed',
    ]);
  });
});

describe('schemas Avro Java refuses are refused with a pointer', () => {
  it.each(refusals)('%s', (_what, schema, pointer) => {
    let error: unknown;
    try {
      toCompatSchema(schema);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CompatSchemaError);
    expect((error as CompatSchemaError).pointer).toBe(pointer);
  });

  // Avro Java accepts a second definition equal to the first; only a conflicting one is an error.
  it('accepts a named type defined twice identically', () => {
    const schema = toCompatSchema(record('A', [field('a', fixed('F', 1)), field('b', fixed('F', 1))]));
    expect([...schema.namedTypes.keys()].sort()).toEqual(['A', 'F']);
  });
});
