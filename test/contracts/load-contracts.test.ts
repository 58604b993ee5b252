import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxJsonDepth } from '../../src/contracts/json-positions.ts';
import { defaultConfig, parseConfig } from '../../src/contracts/load-config.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { ContractSet, Json, SourceFile } from '../../src/contracts/model.ts';
import { readWorkspace } from '../../src/workspace/read-workspace.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/contracts/bad-input');
const fixture = (name: string): SourceFile => ({
  path: name,
  bytes: readFileSync(path.join(fixtures, name)),
});
const file = (filePath: string, schema: Json | string): SourceFile => ({
  path: filePath,
  bytes: new TextEncoder().encode(typeof schema === 'string' ? schema : JSON.stringify(schema, null, 2)),
});
const record = (name: string, namespace: string | undefined, fields: Json[]): Json =>
  namespace === undefined ? { type: 'record', name, fields } : { type: 'record', name, namespace, fields };

/** The findings as `file:line:column ruleId`, the exact set a test asserts. */
function summary(set: ContractSet): string[] {
  return set.diagnostics.map(
    (d) => `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.ruleId}`,
  );
}

describe('loadContracts on the bad-input fixtures', () => {
  const table: { files: string[]; expected: string[]; message?: RegExp }[] = [
    {
      files: ['malformed-json.avsc'],
      expected: ['malformed-json.avsc:7:5 contract/invalid-json'],
      message: /expected a comma or closing bracket/,
    },
    {
      files: ['trailing-comma.avsc'],
      expected: ['trailing-comma.avsc:6:46 contract/invalid-json'],
      message: /trailing comma/,
    },
    {
      files: ['not-utf8.avsc'],
      expected: ['not-utf8.avsc:5:28 contract/invalid-encoding'],
      message: /byte 0xe9 at byte offset 112/,
    },
    {
      files: ['bad-type-name.avsc'],
      expected: ['bad-type-name.avsc:7:36 contract/invalid-avro'],
      message: /Unknown type "integer"; did you mean "int"\?/,
    },
    {
      files: ['invalid-name.avsc'],
      expected: ['invalid-name.avsc:3:11 contract/invalid-avro'],
      message: /"Order-Placed" is not a valid Avro name/,
    },
    {
      files: ['duplicate-field.avsc'],
      expected: ['duplicate-field.avsc:8:15 contract/invalid-avro'],
      message: /two fields named "paymentId"/,
    },
    {
      files: ['default-mismatch.avsc'],
      expected: ['default-mismatch.avsc:7:67 contract/invalid-avro'],
      message: /first branch \(null\)/,
    },
    {
      files: ['duplicate-enum-symbol.avsc'],
      expected: ['duplicate-enum-symbol.avsc:8:78 contract/invalid-avro'],
      message: /symbol DHL twice/,
    },
    {
      files: ['unresolved-reference.avsc'],
      expected: ['unresolved-reference.avsc:7:33 contract/unresolved-reference'],
      message: /com\.acme\.common\.Refund is not defined/,
    },
    {
      files: ['fixed-without-size.avsc'],
      expected: ['fixed-without-size.avsc:6:35 contract/invalid-avro'],
      message: /CardHash has no "size"/,
    },
    {
      files: ['top-level-not-record.avsc'],
      expected: ['top-level-not-record.avsc:1:1 contract/invalid-avro'],
      message: /holds an enum/,
    },
    {
      files: ['cycle/a.avsc', 'cycle/b.avsc'],
      expected: ['cycle/a.avsc:6:36 contract/reference-cycle', 'cycle/b.avsc:6:35 contract/reference-cycle'],
      message: /cycle\/a\.avsc → cycle\/b\.avsc → cycle\/a\.avsc/,
    },
  ];
  for (const { files, expected, message } of table) {
    it(`reports ${expected.join(', ')}`, () => {
      const set = loadContracts(files.map(fixture), defaultConfig);
      expect(summary(set)).toEqual(expected);
      expect(set.diagnostics.every((d) => d.severity === 'error')).toBe(true);
      if (message) expect(set.diagnostics[0]!.message).toMatch(message);
      expect(set.contracts).toEqual([]);
    });
  }

  // One broken file must not hide the findings of, or stop the loading of, the others.
  it('loads the good files next to every broken fixture', () => {
    const good = file('good.avsc', record('Fine', 'com.acme', [{ name: 'id', type: 'string' }]));
    const set = loadContracts(
      [
        good,
        ...['malformed-json.avsc', 'not-utf8.avsc', 'duplicate-field.avsc', 'unresolved-reference.avsc'].map(
          fixture,
        ),
      ],
      defaultConfig,
    );
    expect(set.contracts.map((c) => c.fullName)).toEqual(['com.acme.Fine']);
    expect(set.diagnostics).toHaveLength(4);
  });
});

describe('loadContracts structure checks', () => {
  const invalid: { name: string; fields: Json[]; pointer: string; message: RegExp }[] = [
    {
      name: 'an int default out of range',
      fields: [{ name: 'n', type: 'int', default: 2 ** 31 }],
      pointer: '/fields/0/default',
      message: /out of the int range/,
    },
    {
      name: 'a record default missing a field',
      fields: [{ name: 'r', type: record('Inner', undefined, [{ name: 'x', type: 'int' }]), default: {} }],
      pointer: '/fields/0/default',
      message: /no value for field x/,
    },
    {
      name: 'a fixed default of the wrong size',
      fields: [{ name: 'f', type: { type: 'fixed', name: 'F', size: 2 }, default: 'abc' }],
      pointer: '/fields/0/default',
      message: /size 2/,
    },
    {
      name: 'an enum default not among the symbols',
      fields: [{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'], default: 'B' } }],
      pointer: '/fields/0/type/default',
      message: /not one of its symbols/,
    },
    {
      name: 'a nested union',
      fields: [{ name: 'u', type: ['null', ['int']] }],
      pointer: '/fields/0/type/1',
      message: /may not directly contain another union/,
    },
    {
      name: 'a duplicate union branch',
      fields: [{ name: 'u', type: ['int', 'string', 'int'] }],
      pointer: '/fields/0/type/2',
      message: /two branches of type int/,
    },
    {
      name: 'an empty union',
      fields: [{ name: 'u', type: [] }],
      pointer: '/fields/0/type',
      message: /no branches/,
    },
    {
      name: 'an enum without symbols',
      fields: [{ name: 'e', type: { type: 'enum', name: 'E', symbols: [] } }],
      pointer: '/fields/0/type/symbols',
      message: /has no symbols/,
    },
    {
      name: 'an invalid enum symbol',
      fields: [{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['ok', '1bad'] } }],
      pointer: '/fields/0/type/symbols/1',
      message: /"1bad" is not a valid enum symbol/,
    },
    {
      name: 'an invalid field name',
      fields: [{ name: 'first-name', type: 'string' }],
      pointer: '/fields/0/name',
      message: /not a valid field name/,
    },
    {
      name: 'a field without a type',
      fields: [{ name: 'x' }],
      pointer: '/fields/0',
      message: /field x has no "type"/,
    },
    {
      name: 'an array without items',
      fields: [{ name: 'a', type: { type: 'array' } }],
      pointer: '/fields/0/type',
      message: /no "items"/,
    },
    {
      name: 'a negative fixed size',
      fields: [{ name: 'f', type: { type: 'fixed', name: 'F', size: -1 } }],
      pointer: '/fields/0/type/size',
      message: /non-negative integer/,
    },
    {
      name: 'a null type',
      fields: [{ name: 'n', type: null }],
      pointer: '/fields/0/type',
      message: /did you mean the string "null"/,
    },
    {
      name: 'a type used before its definition',
      fields: [
        { name: 'a', type: 'E' },
        { name: 'b', type: { type: 'enum', name: 'E', symbols: ['A'] } },
      ],
      pointer: '/fields/0/type',
      message: /used before it is defined/,
    },
    {
      name: 'a named type in object form',
      fields: [
        { name: 'a', type: { type: 'enum', name: 'E', symbols: ['A'] } },
        { name: 'b', type: { type: 'E' } },
      ],
      pointer: '/fields/1/type/type',
      message: /by its name alone/,
    },
    {
      name: 'a schema wrapped in a schema',
      fields: [{ name: 'a', type: { type: { type: 'int' } } }],
      pointer: '/fields/0/type',
      message: /must be a type name/,
    },
    {
      name: 'a type defined twice in one file',
      fields: [
        { name: 'a', type: { type: 'enum', name: 'E', symbols: ['A'] } },
        { name: 'b', type: { type: 'enum', name: 'E', symbols: ['B'] } },
      ],
      pointer: '/fields/1/type/name',
      message: /defined twice in this file/,
    },
    {
      name: 'a record named like a primitive',
      fields: [{ name: 'a', type: record('string', undefined, []) }],
      pointer: '/fields/0/type/name',
      message: /primitive type/,
    },
  ];
  for (const testCase of invalid) {
    it(`reports ${testCase.name} at ${testCase.pointer}`, () => {
      const set = loadContracts(
        [file('c.avsc', record('Contract', 'com.acme', testCase.fields))],
        defaultConfig,
      );
      expect(set.diagnostics.map((d) => [d.ruleId, d.location?.pointer])).toEqual([
        ['contract/invalid-avro', testCase.pointer],
      ]);
      expect(set.diagnostics[0]!.message).toMatch(testCase.message);
    });
  }

  const valid: { name: string; fields: Json[] }[] = [
    { name: 'a recursive record', fields: [{ name: 'next', type: ['null', 'Contract'], default: null }] },
    {
      name: 'bytes and fixed defaults as \\u00XX strings',
      fields: [
        { name: 'b', type: 'bytes', default: '\u00ff\u0000' },
        { name: 'f', type: { type: 'fixed', name: 'F', size: 1 }, default: 'x' },
      ],
    },
    {
      name: 'a union default matching the first branch',
      fields: [{ name: 'u', type: ['string', 'null'], default: 'x' }],
    },
    {
      name: 'a record default with nested defaults',
      fields: [
        {
          name: 'r',
          type: record('Inner', undefined, [
            { name: 'x', type: 'int', default: 1 },
            { name: 'y', type: { type: 'array', items: 'long' } },
          ]),
          default: { y: [1, 2] },
        },
      ],
    },
    {
      name: 'a map default',
      fields: [{ name: 'm', type: { type: 'map', values: ['null', 'double'] }, default: { a: null } }],
    },
    {
      name: 'logical types',
      fields: [
        { name: 't', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'd', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
      ],
    },
  ];
  for (const testCase of valid) {
    it(`accepts ${testCase.name}`, () => {
      const set = loadContracts(
        [file('c.avsc', record('Contract', 'com.acme', testCase.fields))],
        defaultConfig,
      );
      expect(set.diagnostics).toEqual([]);
      expect(set.contracts.map((c) => c.fullName)).toEqual(['com.acme.Contract']);
    });
  }

  it('keeps the schema JSON (with logical types) and builds an avsc type that encodes', () => {
    const schema = record('Deposited', 'com.acme', [
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'cents', type: 'long' },
    ]);
    const [contract] = loadContracts([file('d.avsc', schema)], defaultConfig).contracts;
    expect(contract!.schema).toEqual(schema);
    const value = { at: 1_700_000_000_000, cents: 250 };
    expect(contract!.type.fromBuffer(contract!.type.toBuffer(value))).toEqual(value);
    expect(contract!.positions.locate('/fields/1/name')).toMatchObject({ file: 'd.avsc', line: 14 });
  });
});

describe('loadContracts across files', () => {
  const money = record('Money', 'com.acme.common', [
    { name: 'cents', type: 'long' },
    { name: 'currency', type: 'string' },
  ]);

  // a.avsc comes first alphabetically but needs z.avsc's type: dependency order must win.
  it('loads a file that references a type defined in a later file, in dependency order', () => {
    const set = loadContracts(
      [
        file(
          'a.avsc',
          record('Deposited', 'com.acme.accounts', [{ name: 'amount', type: 'com.acme.common.Money' }]),
        ),
        file('z.avsc', money),
      ],
      defaultConfig,
    );
    expect(set.diagnostics).toEqual([]);
    expect(set.contracts.map((c) => c.file)).toEqual(['z.avsc', 'a.avsc']);
    expect(set.contracts[1]!.references).toEqual(['com.acme.common.Money']);
    expect(set.contracts[1]!.defines).toEqual(['com.acme.accounts.Deposited']);
    expect(set.byFullName.get('com.acme.common.Money')?.file).toBe('z.avsc');
    const value = { amount: { cents: 5, currency: 'EUR' } };
    expect(set.contracts[1]!.type.fromBuffer(set.contracts[1]!.type.toBuffer(value))).toEqual(value);
  });

  it('resolves a short name with the enclosing namespace', () => {
    const set = loadContracts(
      [
        file('a.avsc', record('Deposited', 'com.acme.common', [{ name: 'amount', type: 'Money' }])),
        file('b.avsc', money),
      ],
      defaultConfig,
    );
    expect(set.diagnostics).toEqual([]);
    expect(set.contracts.find((c) => c.file === 'a.avsc')?.references).toEqual(['com.acme.common.Money']);
  });

  // Avro Java falls back to the null namespace for a short name; avsc alone would not.
  it('resolves a short name in the null namespace when the enclosing namespace has no such type', () => {
    const set = loadContracts(
      [
        file('a.avsc', record('Deposited', 'com.acme', [{ name: 'amount', type: 'Legacy' }])),
        file('b.avsc', record('Legacy', undefined, [{ name: 'x', type: 'int' }])),
      ],
      defaultConfig,
    );
    expect(set.diagnostics).toEqual([]);
    expect(set.contracts.map((c) => c.fullName)).toEqual(['Legacy', 'com.acme.Deposited']);
  });

  it('does not resolve a short name in another namespace', () => {
    const set = loadContracts(
      [
        file('a.avsc', record('Deposited', 'com.acme.accounts', [{ name: 'amount', type: 'Money' }])),
        file('b.avsc', money),
      ],
      defaultConfig,
    );
    expect(set.diagnostics.map((d) => [d.location?.file, d.ruleId, d.message])).toEqual([
      [
        'a.avsc',
        'contract/unresolved-reference',
        expect.stringContaining('com.acme.accounts.Money is not defined'),
      ],
    ]);
  });

  it('reports a name defined twice on the second file, and keeps the first', () => {
    const set = loadContracts([file('a.avsc', money), file('b.avsc', money)], defaultConfig);
    expect(set.diagnostics.map((d) => [d.location?.file, d.location?.line, d.ruleId])).toEqual([
      ['b.avsc', 3, 'contract/duplicate-name'],
    ]);
    expect(set.diagnostics[0]!.message).toContain('already defined in a.avsc');
    expect(set.contracts.map((c) => c.file)).toEqual(['a.avsc']);
  });

  it('reports a dependency on an invalid file as unresolved, naming that file', () => {
    const broken = record('Money', 'com.acme.common', [
      { name: 'cents', type: 'long' },
      { name: 'cents', type: 'long' },
    ]);
    const set = loadContracts(
      [
        file('a.avsc', record('Deposited', 'com.acme', [{ name: 'amount', type: 'com.acme.common.Money' }])),
        file('b.avsc', record('Withdrawn', 'com.acme', [{ name: 'deposit', type: 'com.acme.Deposited' }])),
        file('money.avsc', broken),
      ],
      defaultConfig,
    );
    expect(set.diagnostics.map((d) => [d.location?.file, d.ruleId, d.location?.pointer])).toEqual([
      ['a.avsc', 'contract/unresolved-reference', '/fields/0/type'],
      ['b.avsc', 'contract/unresolved-reference', '/fields/0/type'],
      ['money.avsc', 'contract/invalid-avro', '/fields/1/name'],
    ]);
    expect(set.diagnostics[0]!.message).toContain('defined in money.avsc, which could not be loaded');
    expect(set.diagnostics[1]!.message).toContain('defined in a.avsc, which could not be loaded');
  });

  it('names a file that could not be parsed when its stem matches the missing type', () => {
    const set = loadContracts(
      [
        file('a.avsc', record('Deposited', 'com.acme', [{ name: 'amount', type: 'com.acme.common.Money' }])),
        file('common/Money.avsc', '{"type": "record",'),
      ],
      defaultConfig,
    );
    expect(set.diagnostics.map((d) => [d.location?.file, d.ruleId])).toEqual([
      ['a.avsc', 'contract/unresolved-reference'],
      ['common/Money.avsc', 'contract/invalid-json'],
    ]);
    expect(set.diagnostics[0]!.message).toContain(
      'common/Money.avsc, which may define it, could not be parsed',
    );
  });

  it('names a three-file cycle from each file, and still loads the files outside it', () => {
    const set = loadContracts(
      [
        file('a.avsc', record('A', 'x', [{ name: 'b', type: 'x.B' }])),
        file('b.avsc', record('B', 'x', [{ name: 'c', type: 'x.C' }])),
        file('c.avsc', record('C', 'x', [{ name: 'a', type: ['null', 'x.A'] }])),
        file('d.avsc', record('D', 'x', [{ name: 'n', type: 'int' }])),
      ],
      defaultConfig,
    );
    expect(set.diagnostics.map((d) => `${d.location?.file} ${d.data?.cycle}`)).toEqual([
      'a.avsc a.avsc → b.avsc → c.avsc → a.avsc',
      'b.avsc b.avsc → c.avsc → a.avsc → b.avsc',
      'c.avsc c.avsc → a.avsc → b.avsc → c.avsc',
    ]);
    expect(set.contracts.map((c) => c.file)).toEqual(['d.avsc']);
  });

  it('lets a file refer to its own types recursively without calling it a cycle', () => {
    const set = loadContracts(
      [
        file(
          'tree.avsc',
          record('Node', 'x', [{ name: 'children', type: { type: 'array', items: 'Node' } }]),
        ),
      ],
      defaultConfig,
    );
    expect(set.diagnostics).toEqual([]);
  });

  // Sorting by path must not depend on the order the adapter handed the files over.
  it('gives the same result whatever the input order', () => {
    const files = [
      file('c.avsc', record('C', 'x', [{ name: 'b', type: 'x.B' }])),
      file('a.avsc', record('A', 'x', [{ name: 'n', type: 'int' }])),
      file('b.avsc', record('B', 'x', [{ name: 'a', type: 'x.A' }])),
    ];
    const forward = loadContracts(files, defaultConfig).contracts.map((c) => c.file);
    const backward = loadContracts([...files].reverse(), defaultConfig).contracts.map((c) => c.file);
    expect(forward).toEqual(['a.avsc', 'b.avsc', 'c.avsc']);
    expect(backward).toEqual(forward);
  });
});

describe('loadContracts settings', () => {
  const files = [
    file('a.avsc', record('Deposited', 'com.acme', [{ name: 'id', type: 'string' }])),
    file('b.avsc', record('Withdrawn', 'com.acme', [{ name: 'id', type: 'string' }])),
    file('c.avsc', record('Closed', 'com.acme', [{ name: 'id', type: 'string' }])),
    file('d.avsc', record('Opened', 'com.acme', [{ name: 'id', type: 'string' }])),
  ];
  const configText = JSON.stringify(
    {
      defaults: { compatibility: 'FULL', owner: 'accounts-team' },
      contracts: {
        'com.acme.Deposited': { topic: 'accounts', key: 'id' },
        'com.acme.Withdrawn': {
          topic: 'accounts',
          subjectNameStrategy: 'TopicRecordName',
          versionField: 'schemaVersion',
        },
        'com.acme.Closed': {
          topic: 'accounts',
          subjectNameStrategy: 'RecordName',
          compatibility: 'NONE',
          retired: true,
        },
        'com.acme.Missing': { topic: 'nowhere' },
      },
    },
    null,
    2,
  );

  it('merges defaults with each contract entry and derives the subject from the strategy', () => {
    const { config, diagnostics } = parseConfig(file('kontract.config.json', configText));
    expect(diagnostics).toEqual([]);
    const set = loadContracts(files, config);
    const settings = Object.fromEntries(set.contracts.map((c) => [c.fullName, c.settings]));
    expect(settings).toEqual({
      'com.acme.Deposited': {
        topic: 'accounts',
        subject: 'accounts-value',
        subjectNameStrategy: 'TopicName',
        keyField: 'id',
        compatibility: 'FULL',
        owner: 'accounts-team',
        versionField: 'version',
        retired: false,
      },
      'com.acme.Withdrawn': {
        topic: 'accounts',
        subject: 'accounts-com.acme.Withdrawn',
        subjectNameStrategy: 'TopicRecordName',
        compatibility: 'FULL',
        owner: 'accounts-team',
        versionField: 'schemaVersion',
        retired: false,
      },
      'com.acme.Closed': {
        topic: 'accounts',
        subject: 'com.acme.Closed',
        subjectNameStrategy: 'RecordName',
        compatibility: 'NONE',
        owner: 'accounts-team',
        versionField: 'version',
        retired: true,
      },
      // TopicName without a topic falls back to the record name.
      'com.acme.Opened': {
        subject: 'com.acme.Opened',
        subjectNameStrategy: 'TopicName',
        compatibility: 'FULL',
        owner: 'accounts-team',
        versionField: 'version',
        retired: false,
      },
    });
  });

  it('reports a contracts entry for a full name that no file defines, at its key in the config', () => {
    const { config } = parseConfig(file('kontract.config.json', configText));
    const set = loadContracts(files, config);
    expect(
      set.diagnostics.map((d) => [d.ruleId, d.location?.file, d.location?.line, d.location?.column]),
    ).toEqual([['config/unknown-contract', 'kontract.config.json', 22, 5]]);
    expect(set.diagnostics[0]!.message).toContain('com.acme.Missing');
  });

  it('says when a contracts entry names a nested type rather than a contract', () => {
    const { config } = parseConfig(file('kontract.config.json', '{"contracts": {"com.acme.Inner": {}}}'));
    const set = loadContracts(
      [file('a.avsc', record('Outer', 'com.acme', [{ name: 'i', type: record('Inner', undefined, []) }]))],
      config,
    );
    expect(set.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('nested in a.avsc, not a contract'),
    ]);
  });
});

describe('loadContracts on extreme inputs', () => {
  // Avro parsers recurse; 10,000 levels must be a located diagnostic, not a RangeError.
  it('reports a 10,000-level schema read from disk as too deep, at the bracket that crosses the limit', async () => {
    const levels = 10_000;
    let text = '"string"';
    for (let level = levels; level > 0; level--) {
      text = `{"type": "record", "name": "R${level}", "fields": [{"name": "f", "type": ${text}}]}`;
    }
    const lines = `{\n  "type": "record", "name": "Top", "fields": [{"name": "deep", "type":\n${text}}]}\n`;
    const dir = await mkdtemp(path.join(tmpdir(), 'kontract-deep-'));
    try {
      await writeFile(path.join(dir, 'deep.avsc'), lines);
      const workspace = await readWorkspace({ cwd: dir, paths: ['deep.avsc'] });
      const set = loadContracts(workspace.files, defaultConfig);
      // Top already opens 3 levels on line 1 ({, [, {); the rest are on line 3, one { or [ each.
      let depth = 3;
      let column = 0;
      const line3 = lines.split('\n')[2]!;
      for (let i = 0; i < line3.length; i++) {
        if (line3[i] === '{' || line3[i] === '[') depth++;
        if (depth > maxJsonDepth) {
          column = i + 1;
          break;
        }
      }
      expect(summary(set)).toEqual([`deep.avsc:3:${column} contract/too-deep`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads a 5 MB schema, with positions', () => {
    const fields: Json[] = [];
    for (let i = 0; fields.length * 600 < 5 * 1024 * 1024; i++) {
      fields.push({
        name: `f${i}`,
        doc: `Field number ${i} of a very large event.`,
        type: record(`Nested${i}`, undefined, [
          { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
          { name: 'note', type: ['null', 'string'], default: null },
          { name: 'kind', type: { type: 'enum', name: `Kind${i}`, symbols: ['A', 'B', 'C'] } },
        ]),
      });
    }
    const big = file('big.avsc', record('Big', 'com.acme', fields));
    expect(big.bytes.length).toBeGreaterThan(5 * 1024 * 1024);
    const set = loadContracts([big], defaultConfig);
    expect(set.diagnostics).toEqual([]);
    expect(set.contracts[0]!.defines).toHaveLength(1 + 2 * fields.length);
    const last = fields.length - 1;
    const location = set.contracts[0]!.positions.locate(`/fields/${last}/type/fields/2/type/symbols/2`);
    expect(location.pointer).toBe(`/fields/${last}/type/fields/2/type/symbols/2`);
    expect(location.line).toBeGreaterThan(100_000);
  });
});
