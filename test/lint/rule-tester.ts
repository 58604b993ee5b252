/**
 * A table-driven tester for contract lint rules, in the spirit of typescript-eslint's RuleTester:
 * each case is an inline schema (as text, so that lines and columns are exact), optional extra
 * files and config, and, for invalid cases, the exact set of findings (message id, line, column).
 * Only the rule under test runs, so each table says precisely what its rule reports.
 */
import { describe, expect, it } from 'vitest';
import type { ContractConfig, KontractConfig, RuleConfig } from '../../src/contracts/config-types.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { ContractSet, SourceFile } from '../../src/contracts/model.ts';
import { lintRuleIds } from '../../src/lint/rule-options.ts';
import { runLint } from '../../src/lint/run-lint.ts';
import type { Diagnostic } from '../../src/report/diagnostic.ts';

/** The path every case's main schema is loaded from. */
export const mainFile = 'contracts/Main.avsc';

/** One valid case: the rule must report nothing. */
export interface ValidCase {
  /** What the case is about (the test title); say why when it is not obvious. */
  name: string;
  /** The main schema's text, exactly as a file would hold it. */
  schema: string;
  /** Other files, by path, e.g. shared types the main schema references. */
  files?: Record<string, string>;
  /** Settings applied to every contract (`key`, `versionField`...). */
  settings?: ContractConfig;
  /** The rule's options. */
  options?: Record<string, unknown>;
}

/** One expected finding. */
export interface ExpectedFinding {
  messageId: string;
  line: number;
  column: number;
  /** Defaults to {@link mainFile}. */
  file?: string;
  fieldPath?: string;
}

/** One invalid case: the rule must report exactly `errors`. */
export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Builds a config that runs only `ruleId` (at error severity, with `options`). */
export function configFor(
  ruleId: string | undefined,
  options: Record<string, unknown> | undefined,
  settings: ContractConfig = {},
): KontractConfig {
  const rules: Record<string, RuleConfig> = {};
  for (const id of lintRuleIds) rules[id] = 'off';
  if (ruleId !== undefined) rules[ruleId] = options ? { severity: 'error', options } : 'error';
  return {
    include: ['contracts/**/*.avsc'],
    exclude: [],
    defaults: settings,
    contracts: {},
    rules,
    waivers: [],
    failOn: 'error',
  };
}

/** Loads the case's files; fails the test when the loader rejects them (a case must be valid Avro). */
export function loadCase(testCase: ValidCase, config: KontractConfig): ContractSet {
  const files: SourceFile[] = [{ path: mainFile, bytes: encode(testCase.schema) }];
  for (const [path, text] of Object.entries(testCase.files ?? {})) files.push({ path, bytes: encode(text) });
  const set = loadContracts(files, config);
  expect(set.diagnostics.map((d) => `${d.location?.file}:${d.location?.line} ${d.message}`)).toEqual([]);
  return set;
}

function summarize(diagnostic: Diagnostic): ExpectedFinding {
  const summary: ExpectedFinding = {
    messageId: diagnostic.messageId,
    line: diagnostic.location?.line ?? 0,
    column: diagnostic.location?.column ?? 0,
    file: diagnostic.location?.file ?? '',
  };
  if (diagnostic.fieldPath !== undefined) summary.fieldPath = diagnostic.fieldPath;
  return summary;
}

function expectedOf(finding: ExpectedFinding): ExpectedFinding {
  const expected: ExpectedFinding = {
    messageId: finding.messageId,
    line: finding.line,
    column: finding.column,
    file: finding.file ?? mainFile,
  };
  if (finding.fieldPath !== undefined) expected.fieldPath = finding.fieldPath;
  return expected;
}

/** Runs the one rule on a case and returns its findings (other diagnostics fail the test). */
export function lintCase(ruleId: string, testCase: ValidCase): Diagnostic[] {
  const config = configFor(ruleId, testCase.options, testCase.settings);
  const set = loadCase(testCase, config);
  const findings = runLint(set, config);
  for (const finding of findings) {
    expect(finding.ruleId).toBe(ruleId);
    // Every placeholder of the template was filled from the report's data.
    expect(finding.message).not.toMatch(/\{\w+\}/);
    expect(finding.contract).toBeDefined();
  }
  return findings;
}

/** Declares one vitest suite for a rule from its valid and invalid tables. */
export function testRule(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    describe('valid', () => {
      it.each(cases.valid.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
        expect(lintCase(ruleId, testCase).map(summarize)).toEqual([]);
      });
    });
    describe('invalid', () => {
      it.each(cases.invalid.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
        const actual = lintCase(ruleId, testCase).map(summarize);
        // Compare fieldPath only where the case states it.
        const expected = testCase.errors.map(expectedOf);
        const comparable = actual.map((finding, i) => {
          if (expected[i]?.fieldPath !== undefined) return finding;
          const { fieldPath: _ignored, ...rest } = finding;
          return rest;
        });
        expect(comparable).toEqual(expected);
      });
    });
  });
}

/** Builds a record schema's text with one field per line (line 7 is the first field), for exact positions. */
export function recordText(
  name: string,
  fields: readonly string[],
  extra: { namespace?: string; doc?: string } = {},
): string {
  const namespace = extra.namespace ?? 'com.acme.test';
  const doc = extra.doc ?? 'A test event.';
  return [
    '{',
    '  "type": "record",',
    `  "name": ${JSON.stringify(name)},`,
    `  "namespace": ${JSON.stringify(namespace)},`,
    `  "doc": ${JSON.stringify(doc)},`,
    '  "fields": [',
    ...fields.map((field, i) => `    ${field}${i < fields.length - 1 ? ',' : ''}`),
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** The three fields every well-formed event starts with (event id, version, occurrence time). */
export const envelopeFields = [
  '{ "name": "eventId", "type": { "type": "string", "logicalType": "uuid" }, "doc": "Event id." }',
  '{ "name": "version", "type": "int", "doc": "Schema version." }',
  '{ "name": "occurredAt", "type": { "type": "long", "logicalType": "timestamp-millis" }, "doc": "When it happened." }',
];

/** Line and column (1-based) of the `occurrence`-th appearance of `needle` in `text`. */
export function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let offset = -1;
  for (let n = 0; n < occurrence; n++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
