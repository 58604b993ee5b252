/**
 * The pure comparison: current contracts (loaded by the real loader) against earlier versions handed
 * over as bytes, as the git and registry adapters do. Asserts exact findings: rule, direction, the
 * line in the new file and the line in the old one, the version named in the message, the fix advice.
 */
import { describe, expect, it } from 'vitest';
import { definitionsOf, lazyPositions, readVersionSource } from '../../src/compat/base-versions.ts';
import {
  type BaseContract,
  type CompareContractsInput,
  compareContracts,
  type SchemaVersion,
} from '../../src/compat/compare-contracts.ts';
import type { CompatibilityMode } from '../../src/contracts/config-types.ts';
import { parseConfig } from '../../src/contracts/load-config.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { Json } from '../../src/contracts/model.ts';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { isInputError } from '../../src/report/render.ts';
import { applyWaivers } from '../../src/report/waivers.ts';
import { contractFile, lineOfField } from './support.ts';

const encoder = new TextEncoder();
const name = 'com.acme.Deposited';
const path = 'contracts/Deposited.avsc';

function configOf(json: Record<string, unknown> = {}) {
  const { config, diagnostics } = parseConfig({
    path: 'kontract.config.json',
    bytes: encoder.encode(JSON.stringify({ include: ['contracts/**/*.avsc'], ...json }, null, 2)),
  });
  expect(diagnostics).toEqual([]);
  return config;
}

/** An earlier version of a file, read as the git adapter reads it. */
function versionOf(
  file: string,
  text: string,
  label: string,
  external?: ReadonlyMap<string, Json>,
): SchemaVersion {
  const source = readVersionSource({ path: file, bytes: encoder.encode(text) });
  const version: SchemaVersion = { fullName: source.fullName ?? name, label, file };
  if (source.json !== undefined) {
    version.schema = source.json;
    version.external = external ?? definitionsOf([source.json]);
  }
  if (source.text !== undefined) version.positions = lazyPositions(file, source.text);
  if (source.problem !== undefined) version.problem = source.problem;
  return version;
}

interface Setup {
  current: Record<string, string>;
  /** Earlier versions by full name, oldest first: [path, text, label]. */
  base: Record<string, [string, string, string][]>;
  config?: Record<string, unknown>;
  reportRemoved?: boolean;
  extra?: Partial<CompareContractsInput>;
}

function compare(setup: Setup) {
  const config = configOf(setup.config);
  const set = loadContracts(
    Object.entries(setup.current).map(([file, text]) => ({ path: file, bytes: encoder.encode(text) })),
    config,
  );
  expect(set.diagnostics).toEqual([]);
  const contracts = new Map<string, BaseContract>();
  for (const [fullName, versions] of Object.entries(setup.base)) {
    contracts.set(fullName, {
      fullName,
      versions: versions.map(([file, text, label]) => versionOf(file, text, label)),
    });
  }
  return compareContracts({
    contracts: set.contracts,
    definitions: definitionsOf(set.contracts.map((contract) => contract.schema)),
    base: { description: 'the base (abc1234)', contracts },
    config,
    reportRemoved: setup.reportRemoved ?? true,
    ...setup.extra,
  });
}

/** `rule direction? line→previousLine` of each finding, the compact form the tables compare. */
function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map((d) => {
      const direction = d.data?.direction === undefined ? '' : ` ${String(d.data.direction)}`;
      const previous = d.previousLocation === undefined ? '' : `→${d.previousLocation.line}`;
      return `${d.ruleId}${direction} ${d.location?.line ?? '-'}${previous}`;
    })
    .sort();
}

const id = { name: 'id', type: 'string' };
const amount = { name: 'amount', type: 'long' };
const currency = { name: 'currency', type: 'string' };
const label = (commit: string) => `${path} at ${commit}`;

describe('the compatibility modes', () => {
  // A field added without a default breaks old data for new readers (backward); a field removed
  // without a default breaks new data for old readers (forward).
  const added = {
    current: contractFile('Deposited', [id, amount, currency]),
    previous: contractFile('Deposited', [id, amount]),
  };
  const removed = {
    current: contractFile('Deposited', [id]),
    previous: contractFile('Deposited', [id, amount]),
  };
  const table: [CompatibilityMode, string[], string[]][] = [
    ['BACKWARD', [`compat/reader-field-missing-default backward ${lineOfField(2)}→3`], []],
    ['BACKWARD_TRANSITIVE', [`compat/reader-field-missing-default backward ${lineOfField(2)}→3`], []],
    ['FORWARD', [], [`compat/reader-field-missing-default forward 3→${lineOfField(1)}`]],
    ['FORWARD_TRANSITIVE', [], [`compat/reader-field-missing-default forward 3→${lineOfField(1)}`]],
    [
      'FULL',
      [`compat/reader-field-missing-default backward ${lineOfField(2)}→3`],
      [`compat/reader-field-missing-default forward 3→${lineOfField(1)}`],
    ],
    [
      'FULL_TRANSITIVE',
      [`compat/reader-field-missing-default backward ${lineOfField(2)}→3`],
      [`compat/reader-field-missing-default forward 3→${lineOfField(1)}`],
    ],
    ['NONE', [], []],
  ];
  it.each(table)('%s: an added field, a removed field', (mode, whenAdded, whenRemoved) => {
    for (const [change, expected] of [
      [added, whenAdded],
      [removed, whenRemoved],
    ] as const) {
      const result = compare({
        current: { [path]: change.current },
        base: { [name]: [[path, change.previous, label('abc1234')]] },
        config: { defaults: { compatibility: mode } },
      });
      expect(brief(result.diagnostics)).toEqual(expected);
    }
  });

  // Transitive modes check every earlier version; the others only the newest.
  it('checks every earlier version in the transitive modes, and names the one that breaks', () => {
    const v1 = contractFile('Deposited', [id]);
    const v2 = contractFile('Deposited', [id, { name: 'note', type: 'string', default: '' }]);
    const current = contractFile('Deposited', [id, { name: 'note', type: 'string' }]);
    const setup = (mode: CompatibilityMode) =>
      compare({
        current: { [path]: current },
        base: {
          [name]: [
            [path, v1, label('1111111')],
            [path, v2, label('2222222')],
          ],
        },
        config: { defaults: { compatibility: mode } },
      });
    expect(setup('BACKWARD').diagnostics).toEqual([]);
    const transitive = setup('BACKWARD_TRANSITIVE').diagnostics;
    expect(brief(transitive)).toEqual([`compat/reader-field-missing-default backward ${lineOfField(1)}→3`]);
    expect(transitive[0]?.message).toContain(
      'breaks BACKWARD_TRANSITIVE compatibility with contracts/Deposited.avsc at 1111111:',
    );
  });

  it('reports a break once, naming the newest version it breaks and how many more', () => {
    const v = (n: number) => contractFile('Deposited', [id, { name: 'rev', type: 'int', default: n }]);
    const current = contractFile('Deposited', [id, currency]);
    const result = compare({
      current: { [path]: current },
      base: {
        [name]: [
          [path, v(1), label('1111111')],
          [path, v(2), label('2222222')],
          [path, v(3), label('3333333')],
        ],
      },
      config: { defaults: { compatibility: 'BACKWARD_TRANSITIVE' } },
    });
    expect(brief(result.diagnostics)).toEqual([
      `compat/reader-field-missing-default backward ${lineOfField(1)}→3`,
    ]);
    expect(result.diagnostics[0]?.message).toContain(
      'with contracts/Deposited.avsc at 3333333 and 2 earlier versions:',
    );
  });
});

describe('findings', () => {
  it('point at the new line, the old line, the version, and say how to fix it', () => {
    const result = compare({
      current: { [path]: contractFile('Deposited', [id, amount, currency]) },
      base: { [name]: [[path, contractFile('Deposited', [id, amount]), label('abc1234')]] },
    });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'compat/reader-field-missing-default',
        messageId: 'noDefault',
        severity: 'error',
        message:
          'Reader field `currency` of `com.acme.Deposited` has no default and the writer schema has no such field; this breaks BACKWARD compatibility with contracts/Deposited.avsc at abc1234: consumers on this version cannot read the records written with it.',
        help: 'Give `currency` a default (e.g. `"default": ""`), or make it optional: `"type": ["null", "string"], "default": null`.',
        contract: name,
        fieldPath: 'currency',
        location: expect.objectContaining({ file: path, line: lineOfField(2), pointer: '/fields/2/name' }),
        previousLocation: expect.objectContaining({ file: path, line: 3 }),
        related: [
          expect.objectContaining({ file: path, line: 3, message: `the same place in ${label('abc1234')}` }),
        ],
      }),
    ]);
  });

  // The fingerprint ignores lines and the base commit, so a waiver or baseline survives both.
  it('keep their fingerprint when lines move and the base changes', () => {
    const run = (fields: Json[], commit: string) =>
      compare({
        current: { [path]: contractFile('Deposited', fields) },
        base: { [name]: [[path, contractFile('Deposited', [id]), label(commit)]] },
      }).diagnostics[0]?.fingerprint;
    expect(run([id, currency], 'aaaaaaa')).toBe(run([currency, id], 'bbbbbbb'));
  });

  it('suggest the alias when a field looks renamed', () => {
    const result = compare({
      current: { [path]: contractFile('Deposited', [id, { name: 'total', type: 'long' }]) },
      base: { [name]: [[path, contractFile('Deposited', [id, amount]), label('abc1234')]] },
    });
    expect(result.diagnostics.map((d) => d.help)).toEqual([
      'If `total` is `amount` renamed, add `"aliases": ["amount"]` to `total`; otherwise give `total` a default (e.g. `"default": 0`), or make it optional: `"type": ["null", "long"], "default": null`.',
    ]);
  });

  it('tell forward users to keep writing a removed field, at the record that lost it', () => {
    const result = compare({
      current: { [path]: contractFile('Deposited', [id]) },
      base: { [name]: [[path, contractFile('Deposited', [id, amount]), label('abc1234')]] },
      config: { defaults: { compatibility: 'FORWARD' } },
    });
    const [finding] = result.diagnostics;
    expect(finding?.location?.line).toBe(3);
    expect(finding?.help).toBe(
      'Keep writing `amount` in `com.acme.Deposited`: consumers on contracts/Deposited.avsc at abc1234 need it, as it has no default there. A field can be dropped only once every consumer runs a version that gives it a default.',
    );
    expect(finding?.related?.map((r) => `${r.file}:${r.line} ${r.message}`)).toEqual([
      `${path}:${lineOfField(1)} the same place in ${label('abc1234')}`,
    ]);
  });
});

describe('enums and unions', () => {
  const status = (symbols: string[], extra: Record<string, Json> = {}) => ({
    name: 'status',
    type: { type: 'enum', name: 'Status', symbols, ...extra },
  });

  it('a symbol added to an enum without a default breaks old consumers: add the default first', () => {
    const result = compare({
      current: { [path]: contractFile('Deposited', [id, status(['OPEN', 'CLOSED', 'FROZEN'])]) },
      base: {
        [name]: [[path, contractFile('Deposited', [id, status(['OPEN', 'CLOSED'])]), label('abc1234')]],
      },
      config: { defaults: { compatibility: 'FULL' } },
    });
    expect(brief(result.diagnostics)).toEqual([
      `compat/missing-enum-symbols forward ${lineOfField(1)}→${lineOfField(1)}`,
    ]);
    expect(result.diagnostics[0]?.help).toBe(
      'Consumers on contracts/Deposited.avsc at abc1234 cannot read `FROZEN`: their `com.acme.Status` declares no default symbol. Add the enum `"default"` (e.g. `UNKNOWN`) first, let consumers upgrade to it, then add `FROZEN`.',
    );
  });

  it('a symbol removed from an enum with a default is read as the default: a semantic warning', () => {
    const result = compare({
      current: {
        [path]: contractFile('Deposited', [id, status(['OPEN', 'UNKNOWN'], { default: 'UNKNOWN' })]),
      },
      base: {
        [name]: [
          [
            path,
            contractFile('Deposited', [id, status(['OPEN', 'FRAUD', 'UNKNOWN'], { default: 'UNKNOWN' })]),
            label('abc1234'),
          ],
        ],
      },
    });
    expect(brief(result.diagnostics)).toEqual([
      `compat/semantic-enum-symbol-removed ${lineOfField(1)}→${lineOfField(1)}`,
    ]);
    expect(result.diagnostics[0]?.severity).toBe('warning');
  });

  it('a union that loses a branch breaks old records; one that gains a branch breaks old consumers', () => {
    const union = (branches: Json[]) => ({ name: 'ref', type: branches, default: null });
    const lost = compare({
      current: { [path]: contractFile('Deposited', [id, union(['null', 'string'])]) },
      base: {
        [name]: [
          [path, contractFile('Deposited', [id, union(['null', 'string', 'long'])]), label('abc1234')],
        ],
      },
    });
    expect(brief(lost.diagnostics)).toEqual([
      `compat/missing-union-branch backward ${lineOfField(1)}→${lineOfField(1)}`,
    ]);
    expect(lost.diagnostics[0]?.help).toBe(
      'Add a branch for long back to the union at field `ref` of `com.acme.Deposited`: records written with contracts/Deposited.avsc at abc1234 hold it.',
    );
    const gained = compare({
      current: { [path]: contractFile('Deposited', [id, union(['null', 'string', 'long'])]) },
      base: {
        [name]: [[path, contractFile('Deposited', [id, union(['null', 'string'])]), label('abc1234')]],
      },
      config: { defaults: { compatibility: 'FORWARD' } },
    });
    expect(gained.diagnostics.map((d) => [d.ruleId, d.location?.pointer])).toEqual([
      ['compat/missing-union-branch', '/fields/1/type/2'],
    ]);
  });
});

describe('contracts that come and go', () => {
  it('notes a new contract, at its name', () => {
    const result = compare({ current: { [path]: contractFile('Deposited', [id]) }, base: {} });
    expect(brief(result.diagnostics)).toEqual(['compat/contract-added 3']);
    expect(result.diagnostics[0]?.severity).toBe('info');
    expect(result.outcomes).toEqual([{ contract: name, status: 'added', file: path }]);
  });

  it('fails a deleted contract, unless the config marks it retired (at its entry there)', () => {
    const other = 'contracts/Other.avsc';
    const setup = (config: Record<string, unknown>) =>
      compare({
        current: { [other]: contractFile('Other', [id]) },
        base: {
          'com.acme.Other': [[other, contractFile('Other', [id]), `${other} at abc1234`]],
          [name]: [[path, contractFile('Deposited', [id]), label('abc1234')]],
        },
        config,
      });
    const deleted = setup({}).diagnostics;
    expect(deleted.map((d) => [d.ruleId, d.severity, d.location?.file, d.previousLocation?.line])).toEqual([
      ['compat/contract-removed', 'error', undefined, 3],
    ]);
    expect(deleted[0]?.message).toBe(
      '`com.acme.Deposited` (contracts/Deposited.avsc at the base (abc1234)) was deleted, but the config does not mark it retired: consumers of its topic may still read it.',
    );
    const retired = setup({ contracts: { [name]: { topic: 'accounts', retired: true } } }).diagnostics;
    expect(
      retired.map((d) => [d.ruleId, d.messageId, d.severity, d.location?.file, d.location?.line]),
    ).toEqual([['compat/contract-removed', 'retired', 'info', 'kontract.config.json', 6]]);
  });

  // With only some files selected, a contract missing from the selection is not a deletion.
  it('does not report deletions when told not to', () => {
    const result = compare({
      current: {},
      base: { [name]: [[path, contractFile('Deposited', [id]), label('abc1234')]] },
      reportRemoved: false,
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('matches a moved file by full name: unchanged means no finding', () => {
    const text = contractFile('Deposited', [id, amount]);
    const result = compare({
      current: { 'contracts/accounts/Deposited.avsc': text },
      base: { [name]: [[path, text, label('abc1234')]] },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.outcomes).toEqual([
      { contract: name, status: 'unchanged', file: 'contracts/accounts/Deposited.avsc' },
    ]);
  });

  it('follows a record renamed with its old name as an alias', () => {
    const result = compare({
      current: {
        'contracts/Credited.avsc': contractFile('Credited', [id, amount], { aliases: ['Deposited'] }),
      },
      base: { [name]: [[path, contractFile('Deposited', [id, amount]), label('abc1234')]] },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.outcomes).toEqual([
      { contract: 'com.acme.Credited', status: 'renamed', file: 'contracts/Credited.avsc' },
    ]);
  });

  it('ignores docs and formatting: the contract is unchanged', () => {
    const result = compare({
      current: { [path]: contractFile('Deposited', [id, amount]).replaceAll('  ', '\t') },
      base: { [name]: [[path, contractFile('Deposited', [id, amount]), label('abc1234')]] },
    });
    expect(result.outcomes.map((o) => o.status)).toEqual(['unchanged']);
  });
});

describe('earlier versions that cannot be read as they are', () => {
  it('fails closed when the version at the base does not parse, naming file and commit', () => {
    const result = compare({
      current: {
        [path]: contractFile('Deposited', [id]),
        'contracts/Other.avsc': contractFile('Other', [id, amount]),
      },
      base: {
        [name]: [[path, '{ "type": "record", "name": "Deposited", ', label('abc1234')]],
        'com.acme.Other': [
          ['contracts/Other.avsc', contractFile('Other', [id]), 'contracts/Other.avsc at abc1234'],
        ],
      },
    });
    // The other contract is still compared.
    expect(brief(result.diagnostics)).toEqual([
      `compat/reader-field-missing-default backward ${lineOfField(1)}→3`,
      'workspace/base-unparseable 3→1',
    ]);
    const failure = result.diagnostics.find((d) => d.ruleId === 'workspace/base-unparseable');
    expect(failure?.message).toMatch(
      /^`com\.acme\.Deposited` could not be compared with contracts\/Deposited\.avsc at abc1234: that version does not parse \(Invalid JSON: /,
    );
    expect(failure && isInputError(failure)).toBe(true);
  });

  // JSON that Avro Java refuses (a duplicate field) is located where Avro Java points.
  it('locates what Avro refuses in a base version', () => {
    const broken = contractFile('Deposited', [id, id]);
    const result = compare({
      current: { [path]: contractFile('Deposited', [id]) },
      base: { [name]: [[path, broken, label('abc1234')]] },
    });
    expect(brief(result.diagnostics)).toEqual([`workspace/base-unparseable 3→${lineOfField(1)}`]);
    expect(result.diagnostics[0]?.message).toContain('(duplicate field id in record com.acme.Deposited)');
  });

  it('compares a base whose defaults today’s validation rejects, and says so', () => {
    const result = compare({
      current: { [path]: contractFile('Deposited', [id, { name: 'n', type: 'int', default: 1 }, currency]) },
      base: {
        [name]: [
          [
            path,
            contractFile('Deposited', [id, { name: 'n', type: 'int', default: 'one' }]),
            label('abc1234'),
          ],
        ],
      },
    });
    expect(brief(result.diagnostics)).toEqual([
      'compat/base-invalid-default 3',
      `compat/reader-field-missing-default backward ${lineOfField(2)}→3`,
    ]);
    expect(result.diagnostics.find((d) => d.ruleId === 'compat/base-invalid-default')?.message).toBe(
      'contracts/Deposited.avsc at abc1234 has defaults that today’s validation rejects (`n`); it was compared without validating them, as the schema registry does for registered schemas.',
    );
  });

  it('leaves out earlier versions that do not parse from a transitive check, and lists them', () => {
    const result = compare({
      current: { [path]: contractFile('Deposited', [id, amount]) },
      base: {
        [name]: [
          [path, '\u0000\u0001binary', label('1111111')],
          [path, contractFile('Deposited', [id]), label('2222222')],
        ],
      },
      config: { defaults: { compatibility: 'FULL_TRANSITIVE' } },
    });
    expect(brief(result.diagnostics)).toEqual([
      'compat/history-version-skipped 3',
      `compat/reader-field-missing-default backward ${lineOfField(1)}→3`,
    ]);
    expect(result.diagnostics[0]?.message).toContain('contracts/Deposited.avsc at 1111111 (Invalid JSON');
  });
});

describe('the config', () => {
  const setup = (rules: Record<string, unknown>) =>
    compare({
      current: { [path]: contractFile('Deposited', [id, currency]) },
      base: { [name]: [[path, contractFile('Deposited', [id]), label('abc1234')]] },
      config: { rules },
    });

  it('sets each rule’s severity, or turns it off', () => {
    expect(
      setup({ 'compat/reader-field-missing-default': 'warning' }).diagnostics.map((d) => d.severity),
    ).toEqual(['warning']);
    const off = setup({ 'compat/reader-field-missing-default': 'off' });
    expect(off.diagnostics).toEqual([]);
    expect(off.ranRuleIds.has('compat/reader-field-missing-default')).toBe(false);
    expect(off.ranRuleIds.has('compat/type-mismatch')).toBe(true);
  });

  it('reports unusable semantic rule options at their position, and runs with the defaults', () => {
    const result = setup({
      'compat/semantic-version-not-bumped': { options: { declaredBy: 'doc', colour: 1 } },
    });
    expect(
      result.diagnostics.filter((d) => d.ruleId === 'config/invalid-value').map((d) => d.message),
    ).toEqual([
      'Option `colour` of `compat/semantic-version-not-bumped` is not an option of this rule (known options: `declaredBy`, `property`).',
      'Option `declaredBy` of `compat/semantic-version-not-bumped` must be "field-default" or "schema-property", not "doc".',
    ]);
  });

  it('lets a field-scoped waiver accept an intentional break', () => {
    const result = setup({});
    const waived = applyWaivers(
      result.diagnostics,
      [
        {
          rule: 'compat/reader-field-missing-default',
          contract: name,
          field: 'currency',
          reason: 'Consumers upgraded first',
          expires: '2099-01-01',
        },
      ],
      { today: '2030-01-01', ranRuleIds: result.ranRuleIds },
    );
    expect(waived.map((d) => [d.ruleId, d.waived?.reason])).toEqual([
      ['compat/reader-field-missing-default', 'Consumers upgraded first'],
    ]);
  });

  it('runs no Avro check under NONE, but still the semantic rules', () => {
    const result = compare({
      current: {
        [path]: contractFile('Deposited', [
          id,
          { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } },
          currency,
        ]),
      },
      base: {
        [name]: [
          [
            path,
            contractFile('Deposited', [
              id,
              { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
            ]),
            label('abc1234'),
          ],
        ],
      },
      config: { defaults: { compatibility: 'NONE' } },
    });
    expect(brief(result.diagnostics)).toEqual([
      `compat/semantic-logical-type-changed ${lineOfField(1)}→${lineOfField(1)}`,
    ]);
  });
});

describe('what Avro itself refuses', () => {
  it('reports a reader field whose aliases match two writer fields', () => {
    const result = compare({
      current: {
        [path]: contractFile('Deposited', [id, { name: 'total', type: 'long', aliases: ['amount', 'sum'] }]),
      },
      base: {
        [name]: [
          [path, contractFile('Deposited', [id, amount, { name: 'sum', type: 'long' }]), label('abc1234')],
        ],
      },
    });
    expect(brief(result.diagnostics)).toEqual([`compat/ambiguous-field-alias backward ${lineOfField(1)}`]);
  });
});
