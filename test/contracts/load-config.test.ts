import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/contracts/config-shape.ts';
import { defaultConfig, parseConfig } from '../../src/contracts/load-config.ts';
import type { SourceFile } from '../../src/contracts/model.ts';

const root = path.resolve(import.meta.dirname, '../..');
const configFile = (text: string): SourceFile => ({
  path: 'kontract.config.json',
  bytes: new TextEncoder().encode(text),
});
const knownRuleIds = ['contract/version-field', 'contract/event-id-field', 'contract/doc-required'];

function findings(text: string, options: { knownRuleIds?: readonly string[] } = {}): string[] {
  return parseConfig(configFile(text), options).diagnostics.map(
    (d) => `${d.location?.line}:${d.location?.column} ${d.ruleId} ${d.message}`,
  );
}

describe('parseConfig', () => {
  it('returns every default for zero config', () => {
    const { config, diagnostics } = parseConfig(undefined);
    expect(diagnostics).toEqual([]);
    expect(config).toEqual({ ...defaultConfig });
    expect(config.include).toEqual(['contracts/**/*.avsc']);
    expect(config.failOn).toBe('error');
  });

  it('reads the repository config without findings and keeps its source for positions', () => {
    const text = readFileSync(path.join(root, 'kontract.config.json'), 'utf8');
    const { config, diagnostics } = parseConfig(configFile(text), {
      knownRuleIds: ['contract/event-id-field'],
    });
    expect(diagnostics).toEqual([]);
    expect(config).not.toHaveProperty('$schema');
    expect(config.source?.file).toBe('kontract.config.json');
    expect(config.source?.positions.locate('/failOn').line).toBeGreaterThan(1);
  });

  const cases: { name: string; text: string; expected: string[] }[] = [
    {
      name: 'an unknown top-level key, with the closest known key',
      text: '{\n  "incldue": ["x/*.avsc"]\n}',
      expected: ['2:3 config/unknown-key Unknown key "incldue" in the config; did you mean "include"?'],
    },
    {
      name: 'an unknown key nested in defaults',
      text: '{\n  "defaults": {\n    "topc": "accounts"\n  }\n}',
      expected: ['3:5 config/unknown-key Unknown key "topc" in "defaults"; did you mean "topic"?'],
    },
    {
      name: 'a key too far from any known key, listing the known ones',
      text: '{"zzzzzz": 1}',
      expected: [
        expect.stringMatching(
          /^1:2 config\/unknown-key Unknown key "zzzzzz" in the config; known keys are "\$schema", "include"/,
        ),
      ],
    },
    {
      name: 'an enum value with a near miss',
      text: '{\n  "failOn": "eror"\n}',
      expected: [
        '2:13 config/invalid-value "failOn" must be one of "error", "warning", "info", not "eror" (did you mean "error"?).',
      ],
    },
    {
      name: 'a compatibility mode in the wrong case',
      text: '{"defaults": {"compatibility": "backward"}}',
      expected: [
        expect.stringContaining('1:32 config/invalid-value "compatibility" must be one of "BACKWARD"'),
      ],
    },
    {
      name: 'a string where an array is expected',
      text: '{"include": "contracts/**/*.avsc"}',
      expected: [
        '1:13 config/invalid-value "include" must be an array, not the string "contracts/**/*.avsc".',
      ],
    },
    {
      name: 'an empty glob',
      text: '{"exclude": ["a", " "]}',
      expected: ['1:19 config/invalid-value Item 1 of "exclude" must not be empty.'],
    },
    {
      name: 'a contracts key that is not a full name',
      text: '{"contracts": {"money deposited": {}}}',
      expected: [
        expect.stringContaining('1:16 config/invalid-value "money deposited" is not an Avro full name'),
      ],
    },
    {
      name: 'a boolean setting given as a string',
      text: '{"contracts": {"com.acme.A": {"retired": "yes"}}}',
      expected: ['1:42 config/invalid-value "retired" must be true or false, not the string "yes".'],
    },
    {
      name: 'a rule severity that does not exist',
      text: '{"rules": {"contract/version-field": "fatal"}}',
      expected: [
        expect.stringContaining(
          '1:38 config/invalid-value "contract/version-field" must be one of "off", "info", "warning", "error"',
        ),
      ],
    },
    {
      name: 'a rule setting of the wrong type',
      text: '{"rules": {"contract/version-field": 2}}',
      expected: [
        '1:38 config/invalid-value "contract/version-field" must be a string or an object, not the number 2.',
      ],
    },
    {
      name: 'an unknown key in a rule object',
      text: '{"rules": {"contract/version-field": {"level": "warning"}}}',
      expected: [
        '1:39 config/unknown-key Unknown key "level" in "contract/version-field"; known keys are "severity", "options".',
      ],
    },
    {
      name: 'a waiver without a reason',
      text: '{\n  "waivers": [\n    { "rule": "contract/version-field", "contract": "com.acme.A" }\n  ]\n}',
      expected: [
        '3:5 config/invalid-value Item 0 of "waivers" has no "reason"; every waiver must say why the finding is accepted.',
      ],
    },
    {
      name: 'a waiver with a blank reason',
      text: '{"waivers": [{"rule": "contract/version-field", "contract": "com.acme.A", "reason": " "}]}',
      expected: ['1:85 config/invalid-value "reason" must not be empty.'],
    },
    {
      name: 'a waiver with a malformed expiry date',
      text: '{"waivers": [{"rule": "r", "contract": "com.acme.A", "reason": "legacy", "expires": "31/12/2025"}]}',
      expected: ['1:85 config/invalid-value "expires" must be a date written YYYY-MM-DD, not "31/12/2025".'],
    },
    {
      name: 'a waiver for a contract name that is not a full name',
      text: '{"waivers": [{"rule": "r", "contract": "A B", "reason": "legacy"}]}',
      expected: ['1:40 config/invalid-value "contract" "A B" is not a valid Avro full name.'],
    },
    {
      name: 'a top level that is not an object',
      text: '[]',
      expected: ['1:1 config/invalid-value The config must be an object, not an array.'],
    },
  ];
  for (const testCase of cases) {
    it(`reports ${testCase.name}`, () => {
      expect(findings(testCase.text)).toEqual(testCase.expected);
    });
  }

  // A waiver whose date exists only on paper would otherwise never expire.
  it('rejects an expiry date that does not exist and drops the whole waiver', () => {
    const { config, diagnostics } = parseConfig(
      configFile(
        '{"waivers": [{"rule": "r", "contract": "com.acme.A", "reason": "x", "expires": "2025-02-30"}]}',
      ),
    );
    expect(diagnostics.map((d) => d.message)).toEqual(['"expires" "2025-02-30" is not a date that exists.']);
    expect(config.waivers).toEqual([]);
  });

  it('reports unknown rule ids in rules and waivers (with a suggestion when one is close) when the known ids are given', () => {
    const text =
      '{\n  "rules": { "contract/version-feild": "off" },\n  "waivers": [{ "rule": "contract/doc", "contract": "com.acme.A", "reason": "x" }]\n}';
    expect(findings(text, { knownRuleIds })).toEqual([
      '2:14 config/unknown-rule Unknown rule "contract/version-feild"; did you mean "contract/version-field"?',
      '3:25 config/unknown-rule Unknown rule "contract/doc".',
    ]);
    expect(findings(text)).toEqual([]);
  });

  it('keeps the valid parts and falls back to defaults for the invalid ones', () => {
    const { config, diagnostics } = parseConfig(
      configFile(
        JSON.stringify({
          include: ['schemas/**/*.avsc'],
          failOn: 'loud',
          defaults: { compatibility: 'FULL', versionField: 3 },
          rules: { 'contract/version-field': { severity: 'warning', options: { name: 'v' } } },
          waivers: [
            {
              rule: 'contract/version-field',
              contract: 'com.acme.A',
              reason: 'legacy',
              expires: '2030-01-01',
            },
            { rule: 'contract/version-field', contract: 'com.acme.B' },
          ],
        }),
      ),
    );
    expect(diagnostics).toHaveLength(3);
    expect(config.include).toEqual(['schemas/**/*.avsc']);
    expect(config.failOn).toBe('error');
    expect(config.defaults).toEqual({ compatibility: 'FULL' });
    expect(config.rules).toEqual({
      'contract/version-field': { severity: 'warning', options: { name: 'v' } },
    });
    expect(config.waivers).toEqual([
      { rule: 'contract/version-field', contract: 'com.acme.A', reason: 'legacy', expires: '2030-01-01' },
    ]);
  });

  it('reports malformed JSON and non-UTF-8 bytes under config rule ids', () => {
    expect(findings('{"failOn": "error",}')).toEqual([
      '1:19 config/invalid-json Invalid JSON: trailing comma before the closing brace.',
    ]);
    const latin1 = parseConfig({ path: 'kontract.config.json', bytes: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(latin1.diagnostics.map((d) => d.ruleId)).toEqual(['config/invalid-json']);
    expect(latin1.config.include).toEqual(defaultConfig.include);
  });
});

describe('the published config JSON Schema', () => {
  const published = JSON.parse(readFileSync(path.join(root, 'schema/kontract.config.schema.json'), 'utf8'));

  // The file is generated from the same shape as the validator; a stale file would mislead editors.
  it('is exactly the schema derived from the validator shape', () => {
    expect(published).toEqual(configJsonSchema());
  });

  const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
  const validate = ajv.compile(published);
  const table: { config: unknown; valid: boolean }[] = [
    { config: {}, valid: true },
    { config: JSON.parse(readFileSync(path.join(root, 'kontract.config.json'), 'utf8')), valid: true },
    {
      config: { $schema: './schema.json', include: ['a/**/*.avsc'], exclude: ['a/old/**'], failOn: 'info' },
      valid: true,
    },
    { config: { rules: { a: 'off', b: { severity: 'warning', options: { x: [1] } }, c: {} } }, valid: true },
    {
      config: {
        defaults: {
          topic: 't',
          subjectNameStrategy: 'TopicRecordName',
          compatibility: 'NONE',
          retired: false,
        },
        contracts: { 'com.acme.A': { key: 'id', owner: 'team', versionField: 'v', subject: 's' }, _B: {} },
      },
      valid: true,
    },
    {
      config: {
        waivers: [
          {
            rule: 'r',
            contract: 'com.acme.A',
            field: 'a.b',
            reason: 'x',
            expires: '2026-01-31',
            ticket: 'T-1',
          },
        ],
      },
      valid: true,
    },
    {
      config: {
        code: {
          tsconfigs: ['tsconfig.json', 'packages/a/tsconfig.json'],
          wrappers: [{ name: 'publish', topic: 0, key: '1.id', payload: 1 }],
          entityTypes: ['OrderRow'],
          discriminators: ['eventType'],
          consumerFactories: ['defineConsumer'],
          wrapperDepth: 2,
          helperDepth: 0,
          codegen: {
            output: 'src/generated/contracts.ts',
            timestamps: 'Date',
            decimal: 'Big',
            decimalImport: 'big.js',
          },
        },
      },
      valid: true,
    },
    {
      config: {
        replay: {
          consumers: ['src/consumers/*.ts'],
          logs: ['fixtures/logs/a.ndjson', 'fixtures/logs/b.jsonl'],
          runs: 50,
          commit: 'interval:5000',
          properties: ['replay/not-idempotent', 'replay/race'],
          producerDuplicates: false,
          budget: 30,
          maxRecords: 1000,
        },
      },
      valid: true,
    },
    {
      config: {
        registry: { url: 'http://127.0.0.1:18081/apis/ccompat/v7', timeoutMs: 5000, crossCheck: true },
        kafka: { brokers: ['127.0.0.1:19092', 'kafka-1.internal:9092', '[::1]:9093'] },
      },
      valid: true,
    },
    { config: { registry: { url: 'https://registry.example.com' } }, valid: true },
    { config: { registry: { url: 'https://alice:secret@registry.example.com' } }, valid: false },
    { config: { registry: { url: 'https://alice@registry.example.com/x' } }, valid: false },
    { config: { registry: { url: 'ftp://registry.example.com' } }, valid: false },
    { config: { registry: { url: 'http://' } }, valid: false },
    { config: { registry: { password: 'secret' } }, valid: false },
    { config: { registry: { token: 'secret' } }, valid: false },
    { config: { registry: { username: 'alice' } }, valid: false },
    { config: { registry: { timeoutMs: 0 } }, valid: false },
    { config: { registry: { crossCheck: 'yes' } }, valid: false },
    { config: { kafka: { brokers: ['localhost'] } }, valid: false },
    { config: { kafka: { brokers: '127.0.0.1:9092' } }, valid: false },
    { config: { kafka: { broker: ['127.0.0.1:9092'] } }, valid: false },
    { config: { replay: { commit: 'batch:0' } }, valid: false },
    { config: { replay: { commit: 'per-batch' } }, valid: false },
    { config: { replay: { properties: ['not-idempotent'] } }, valid: false },
    { config: { replay: { runs: 0 } }, valid: false },
    { config: { replay: { log: ['a.ndjson'] } }, valid: false },
    { config: { code: { wrapperDepth: -1 } }, valid: false },
    { config: { code: { wrapperDepth: 1.5 } }, valid: false },
    { config: { code: { wrappers: [{ name: 'publish' }] } }, valid: false },
    { config: { code: { wrappers: [{ name: 'publish', payload: 'body' }] } }, valid: false },
    { config: { code: { codegen: { timestamps: 'date' } } }, valid: false },
    { config: { code: { tsconfig: ['x'] } }, valid: false },
    { config: [], valid: false },
    { config: { incldue: [] }, valid: false },
    { config: { include: 'a' }, valid: false },
    { config: { include: [''] }, valid: false },
    { config: { failOn: 'fatal' }, valid: false },
    { config: { defaults: { compatibility: 'backward' } }, valid: false },
    { config: { defaults: { topc: 'x' } }, valid: false },
    { config: { defaults: { retired: 'yes' } }, valid: false },
    { config: { contracts: { 'not a name': {} } }, valid: false },
    { config: { contracts: { 'com.acme.A': { key: '' } } }, valid: false },
    { config: { rules: { a: 'fatal' } }, valid: false },
    { config: { rules: { a: 1 } }, valid: false },
    { config: { rules: { a: { level: 'warning' } } }, valid: false },
    { config: { rules: { a: { options: [] } } }, valid: false },
    { config: { waivers: {} }, valid: false },
    { config: { waivers: [{ rule: 'r', contract: 'com.acme.A' }] }, valid: false },
    { config: { waivers: [{ rule: 'r', contract: 'com.acme.A', reason: '  ' }] }, valid: false },
    {
      config: { waivers: [{ rule: 'r', contract: 'com.acme.A', reason: 'x', expires: '2026-1-31' }] },
      valid: false,
    },
    { config: { waivers: [{ rule: 'r', contract: 'com acme', reason: 'x' }] }, valid: false },
    { config: { waivers: [{ rule: 'r', contract: 'com.acme.A', reason: 'x', note: 'n' }] }, valid: false },
  ];
  for (const [index, { config, valid }] of table.entries()) {
    it(`agrees with the validator on config ${index} (${valid ? 'valid' : 'invalid'}): ${JSON.stringify(config).slice(0, 70)}`, () => {
      const diagnostics = parseConfig(configFile(JSON.stringify(config))).diagnostics;
      expect(diagnostics.length === 0).toBe(valid);
      expect(validate(config)).toBe(valid);
    });
  }
});
