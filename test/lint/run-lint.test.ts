import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/contracts/load-config.ts';
import type { Contract, ContractSet } from '../../src/contracts/model.ts';
import {
  configureLintRules,
  enabledLintRuleIds,
  lintRuleIds,
  validateRuleOptions,
} from '../../src/lint/rule-options.ts';
import { runLint } from '../../src/lint/run-lint.ts';
import { configFor, envelopeFields, loadCase, mainFile, recordText } from './rule-tester.ts';

const undocumented = recordText('OrderPlaced', [
  ...envelopeFields,
  '{ "name": "orderId", "type": "string" }',
]);

function lint(schema: string, rules: Parameters<typeof runLint>[1]['rules']) {
  const config = { ...configFor(undefined, undefined), rules };
  return runLint(loadCase({ name: '', schema }, config), config);
}

describe('runLint', () => {
  it('runs every rule by default at its default severity', () => {
    const findings = lint(undocumented, {});
    expect(findings.map((d) => [d.ruleId, d.severity, d.location?.line])).toEqual([
      ['contract/doc-required', 'warning', 10],
    ]);
  });

  it('applies a severity from the config, and `off`', () => {
    expect(lint(undocumented, { 'contract/doc-required': 'error' }).map((d) => d.severity)).toEqual([
      'error',
    ]);
    expect(
      lint(undocumented, { 'contract/doc-required': { severity: 'info' } }).map((d) => d.severity),
    ).toEqual(['info']);
    expect(lint(undocumented, { 'contract/doc-required': 'off' })).toEqual([]);
  });

  it('fills contract, field path, data, help, pointer and a fingerprint', () => {
    const [finding] = lint(undocumented, {});
    expect(finding).toMatchObject({
      ruleId: 'contract/doc-required',
      messageId: 'fieldMissingDoc',
      message: 'Field `orderId` of `OrderPlaced` has no `doc`.',
      contract: 'com.acme.test.OrderPlaced',
      fieldPath: 'orderId',
      data: { field: 'orderId', record: 'OrderPlaced' },
      location: { file: mainFile, line: 10, column: 15, pointer: '/fields/3/name' },
    });
    expect(finding?.help).toMatch(/doc/);
    expect(finding?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  // Fingerprints key waivers and baselines, so they must not change when lines move.
  it('keeps fingerprints when the finding moves to another line', () => {
    const moved = undocumented.replace('"fields": [', '"fields": [\n\n');
    const before = lint(undocumented, {});
    const after = lint(moved, {});
    expect(after[0]?.location?.line).toBe((before[0]?.location?.line ?? 0) + 2);
    expect(after.map((d) => d.fingerprint)).toEqual(before.map((d) => d.fingerprint));
  });

  it('reports an unknown or ill-typed option and runs the rule with its defaults', () => {
    const findings = lint(undocumented, {
      'contract/doc-required': { options: { scope: 'types', colour: 'red' } },
      'contract/state-dump-smell': { options: { maxFields: '20' } },
    });
    expect(findings.map((d) => [d.ruleId, d.data?.option])).toEqual([
      ['config/invalid-value', 'colour'],
      ['config/invalid-value', 'maxFields'],
    ]);
    expect(findings[0]?.message).toContain('`scope`');
  });

  it('locates an option problem in the config file it was read from', () => {
    const configText = [
      '{',
      '  "rules": {',
      '    "contract/doc-required": {',
      '      "options": { "scope": "types" },',
      '      "severity": "warning"',
      '    },',
      '    "contract/naming-style": { "options": {',
      '      "fieldCase": "camelCase", "colour": "red" } }',
      '  }',
      '}',
    ].join('\n');
    const { config, diagnostics } = parseConfig({
      path: 'kontract.config.json',
      bytes: new TextEncoder().encode(configText),
    });
    expect(diagnostics).toEqual([]);
    const set = loadCase({ name: '', schema: undocumented }, config);
    const problems = runLint(set, config).filter((d) => d.ruleId === 'config/invalid-value');
    expect(problems.map((d) => [d.location?.file, d.location?.line, d.location?.column])).toEqual([
      ['kontract.config.json', 8, 33],
    ]);
  });

  it('sorts findings by file, line and column', () => {
    const schema = recordText('CreateOrder', [
      '{ "name": "order_id", "type": "string" }',
      '{ "name": "amount", "type": "double", "doc": "a" }',
    ]);
    const findings = lint(schema, {});
    const keys = findings.map((d) => [d.location?.line ?? 0, d.location?.column ?? 0]);
    const sorted = [...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    expect(keys).toEqual(sorted);
    expect(new Set(findings.map((d) => d.ruleId)).size).toBeGreaterThan(4);
  });

  // A rule bug must cost one finding, never the run: here a programmatic contract lacks its settings.
  it('turns a rule that throws into one internal/rule-crashed finding per contract', () => {
    const config = configFor('contract/version-field', undefined);
    const set = loadCase({ name: '', schema: recordText('OrderPlaced', envelopeFields) }, config);
    const broken = { ...set.contracts[0]!, settings: undefined } as unknown as Contract;
    const brokenSet: ContractSet = { ...set, contracts: [broken] };
    const findings = runLint(brokenSet, config);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'internal/rule-crashed',
      severity: 'error',
      contract: 'com.acme.test.OrderPlaced',
      location: { file: mainFile, line: 1, column: 1 },
    });
    expect(findings[0]?.message).toContain('contract/version-field');
  });

  // Even a position map that throws (a programmatic contract gone wrong) yields a located crash finding.
  it('reports a crash at the top of the file when the positions themselves fail', () => {
    const config = configFor('contract/doc-required', undefined);
    const set = loadCase({ name: '', schema: undocumented }, config);
    const failing = () => {
      throw new Error('no positions');
    };
    const broken: Contract = { ...set.contracts[0]!, positions: { locate: failing, locateKey: failing } };
    const findings = runLint({ ...set, contracts: [broken] }, config);
    expect(findings.map((d) => [d.ruleId, d.location?.line, d.data?.reason])).toEqual([
      ['internal/rule-crashed', 1, 'no positions'],
    ]);
  });
});

describe('rule options', () => {
  it('lists every lint rule id, sorted', () => {
    expect(lintRuleIds).toHaveLength(12);
    expect([...lintRuleIds]).toEqual([...lintRuleIds].sort());
  });

  it('accepts known options of the right type', () => {
    expect(
      validateRuleOptions('contract/db-column-leaked', {
        deny: ['x'],
        allow: [],
        snakeCaseInCamelCase: false,
      }),
    ).toEqual([]);
    expect(validateRuleOptions('contract/state-dump-smell', { maxNullableRatio: 0.75 })).toEqual([]);
  });

  it('names the unknown option and the known ones', () => {
    const [problem] = validateRuleOptions('contract/version-field', { alowLong: true });
    expect(problem).toEqual({ option: 'alowLong', message: expect.stringContaining('`allowLong`') });
  });

  it('checks JSON types, allowed values, ranges and regular expressions', () => {
    expect(validateRuleOptions('contract/db-column-leaked', { deny: 'created_at' })[0]?.option).toBe('deny');
    expect(validateRuleOptions('contract/db-column-leaked', { deny: [1] })[0]?.option).toBe('deny');
    expect(
      validateRuleOptions('contract/db-column-leaked', { patterns: ['(unclosed'] })[0]?.message,
    ).toContain('not a valid regular expression');
    expect(validateRuleOptions('contract/naming-style', { fieldCase: 'kebab-case' })[0]?.option).toBe(
      'fieldCase',
    );
    expect(validateRuleOptions('contract/doc-required', { scope: 'fields' })[0]?.option).toBe('scope');
    expect(validateRuleOptions('contract/state-dump-smell', { maxNullableRatio: 2 })[0]?.option).toBe(
      'maxNullableRatio',
    );
    expect(validateRuleOptions('contract/key-field', { required: 'yes' })[0]?.option).toBe('required');
    expect(validateRuleOptions('contract/enum-default', { anything: 1 })[0]?.message).toContain(
      'has no options',
    );
    expect(validateRuleOptions('contract/enum-default', ['not', 'an', 'object'])[0]?.option).toBe('options');
  });

  it('leaves ids that are not lint rules to the config validator', () => {
    expect(validateRuleOptions('compat/type-mismatch', { anything: 1 })).toEqual([]);
  });

  it('falls back to the default for a value the rule cannot use', () => {
    const [configured] = configureLintRules({
      rules: { 'contract/naming-style': { options: { fieldCase: 'kebab' } } },
    }).filter((c) => c.rule.id === 'contract/naming-style');
    expect(configured?.options).toEqual({ fieldCase: 'camelCase' });
    expect(configured?.problems).toHaveLength(1);
  });

  it('knows which rules run under a config', () => {
    const enabled = enabledLintRuleIds({ rules: { 'contract/doc-required': 'off', 'compat/x': 'error' } });
    expect(enabled.has('contract/doc-required')).toBe(false);
    expect(enabled.has('contract/version-field')).toBe(true);
    expect(enabled.size).toBe(11);
  });
});
