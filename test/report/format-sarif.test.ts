/**
 * SARIF output: valid against the SARIF 2.1.0 JSON Schema (shipped in `test/fixtures`, the schema
 * GitHub code scanning validates against), for the sample, for a real run on the lint fixtures and
 * for any finding the Diagnostic type allows; plus GitHub's own ingestion rule that every result has
 * a location, and a snapshot of the whole log.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintWorkspace } from '../../src/commands/lint.ts';
import { listRules } from '../../src/commands/rules.ts';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { fileUri, fingerprintKey, ruleAnchor } from '../../src/report/format-sarif.ts';
import { type FormatOptions, render, summarize } from '../../src/report/render.ts';
import type { RuleMeta } from '../../src/report/rule.ts';
import { propertyRuns } from '../support/property.ts';
import { sampleDiagnostics, sampleSummary, sampleTool } from './sample-diagnostics.ts';

const schema = JSON.parse(
  readFileSync(new URL('../fixtures/sarif-2.1.0.schema.json', import.meta.url), 'utf8'),
) as object;
// Both are CommonJS modules whose default export is the `default` property of module.exports.
// The schema's `language` pattern is not valid with the `u` flag, which ajv sets by default.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(schema);

const tool = { ...sampleTool, readmeUrl: 'https://github.com/acme/kontract/blob/main/README.md' };
const options: FormatOptions = { color: false, quiet: false, tool, rules: listRules() };

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri?: string; shortDescription?: { text: string } }[] } };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { message: { text: string } }[];
    }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations?: {
        physicalLocation: { artifactLocation: { uri: string }; region?: Record<string, number> };
      }[];
      relatedLocations?: unknown[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; status: string; justification: string }[];
    }[];
  }[];
}

function sarifOf(diagnostics: readonly Diagnostic[], formatOptions: FormatOptions = options): SarifLog {
  const summary = summarize(diagnostics, { contracts: 3, failOn: 'error' });
  const text = render('sarif', diagnostics, summary, formatOptions);
  const log = JSON.parse(text) as SarifLog;
  expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
  return log;
}

describe('sarif', () => {
  // The schema check must be able to fail, or every other test here proves nothing.
  it('has a validator that rejects a log the schema forbids', () => {
    const log = JSON.parse(render('sarif', sampleDiagnostics, sampleSummary, options)) as SarifLog;
    expect(validateSarif(log)).toBe(true);
    const result = log.runs[0]?.results[0] as unknown as Record<string, unknown>;
    result.level = 'fatal';
    expect(validateSarif(log)).toBe(false);
  });

  it('renders the sample as a valid log (snapshot)', async () => {
    // A fixed catalogue, so that the snapshot changes with the formatter, not with rule docs.
    const rules: RuleMeta[] = [
      {
        id: 'contract/money-not-float',
        kind: 'lint',
        defaultSeverity: 'error',
        docs: {
          description: 'Money is never float or double.',
          rationale: 'Binary floating point cannot represent decimal amounts exactly.',
          help: 'Use a decimal or minor units.',
        },
        messages: { float: 'Field {field} is a {type}.' },
      },
      {
        id: 'compat/reader-field-missing-default',
        kind: 'compat',
        defaultSeverity: 'error',
        docs: {
          description: 'A reader field the writer lacks has a default.',
          rationale: 'Old records lack it.',
        },
        messages: { missingDefault: 'Field {field} has no default.' },
      },
    ];
    const text = render('sarif', sampleDiagnostics, sampleSummary, {
      ...options,
      rules,
      anchorFile: 'kontract.config.json',
    });
    expect(validateSarif(JSON.parse(text)), JSON.stringify(validateSarif.errors)).toBe(true);
    await expect(text).toMatchFileSnapshot('__snapshots__/sample.sarif.json.txt');
  });

  it('describes each rule that occurs, with its catalogue text and a help link into the README', () => {
    const log = sarifOf(sampleDiagnostics);
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((rule) => rule.id)).toEqual([
      'compat/reader-field-missing-default',
      'config/waiver-unused',
      'contract/docs-required',
      'contract/money-not-float',
      'contract/naming-style',
      'replay/not-idempotent',
    ]);
    expect(rules[1]).toMatchObject({
      helpUri: 'https://github.com/acme/kontract/blob/main/README.md#output-formats-and-exit-codes',
    });
    // Every result's ruleIndex points at its own rule.
    for (const result of log.runs[0]?.results ?? []) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
  });

  it('takes a catalogued rule description, rationale and anchor from the rule registry', () => {
    const finding: Diagnostic = {
      ruleId: 'contract/version-field',
      messageId: 'missing',
      severity: 'error',
      message: 'Event `A` has no `version` field.',
      location: { file: 'contracts/A.avsc', line: 2, column: 3 },
      fingerprint: '0000000000000001',
    };
    const [rule] = sarifOf([finding]).runs[0]?.tool.driver.rules ?? [];
    const meta = listRules().find((r) => r.id === 'contract/version-field');
    expect(rule).toMatchObject({
      id: 'contract/version-field',
      shortDescription: { text: meta?.docs.description },
      fullDescription: { text: meta?.docs.rationale },
      helpUri: 'https://github.com/acme/kontract/blob/main/README.md#rule-contract-version-field',
      defaultConfiguration: { level: 'error' },
    });
  });

  // GitHub rejects the whole upload when one result lacks a location, so file-less findings never become bare results.
  it('anchors file-less findings at the config file, or makes them notifications without one', () => {
    const replay = sampleDiagnostics.filter((d) => d.location === undefined);
    expect(replay).toHaveLength(1);
    const anchored = sarifOf(replay, { ...options, anchorFile: 'kontract.config.json' });
    expect(anchored.runs[0]?.results[0]?.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe(
      'kontract.config.json',
    );
    const unanchored = sarifOf(replay);
    expect(unanchored.runs[0]?.results).toEqual([]);
    expect(unanchored.runs[0]?.invocations[0]?.toolExecutionNotifications?.[0]?.message.text).toContain(
      'Redelivering `MoneyDeposited`',
    );
  });

  it('suppresses waived findings with the waiver as justification, and keeps the fingerprint', () => {
    const log = sarifOf(sampleDiagnostics);
    const waived = log.runs[0]?.results.find((r) => r.ruleId === 'contract/docs-required');
    expect(waived?.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Legacy field, documented in the wiki (ACME-12, expires 2031-01-31)',
      },
    ]);
    expect(waived?.partialFingerprints).toEqual({ [fingerprintKey]: '00000000000000a2' });
  });

  it('says the run did not succeed when the input could not be checked', () => {
    const broken: Diagnostic = {
      ruleId: 'contract/invalid-json',
      messageId: 'syntax',
      severity: 'error',
      message: 'Expected a comma.',
      location: { file: 'contracts/Broken.avsc', line: 3, column: 9 },
      fingerprint: '0000000000000001',
    };
    expect(sarifOf([broken]).runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
    expect(sarifOf([]).runs[0]?.invocations[0]?.executionSuccessful).toBe(true);
  });

  // A real run: the lint fixtures hold one invalid contract per rule, so every lint rule shows up.
  it('renders a real lint run over the fixtures as a valid log with a region on every result', async () => {
    const root = fileURLToPath(new URL('../../fixtures/contracts', import.meta.url));
    const result = await lintWorkspace({ cwd: root, today: '2030-01-01' });
    expect(result.diagnostics.length).toBeGreaterThan(10);
    const log = sarifOf(result.diagnostics);
    for (const entry of log.runs[0]?.results ?? []) {
      expect(entry.locations?.[0]?.physicalLocation.region?.startLine).toBeGreaterThan(0);
    }
  });

  it('keeps every result valid and located whatever the finding', () => {
    const location = fc.record(
      {
        file: fc.string({ minLength: 1 }),
        line: fc.nat({ max: 1000 }),
        column: fc.nat({ max: 200 }),
        endLine: fc.nat({ max: 1000 }),
        endColumn: fc.nat({ max: 200 }),
        pointer: fc.string(),
      },
      { requiredKeys: ['file', 'line', 'column'] },
    );
    const finding: fc.Arbitrary<Diagnostic> = fc.record(
      {
        ruleId: fc.stringMatching(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/),
        messageId: fc.string(),
        severity: fc.constantFrom('error', 'warning', 'info'),
        message: fc.string(),
        location,
        previousLocation: location,
        related: fc.array(
          fc.tuple(location, fc.string()).map(([l, message]) => ({ ...l, message })),
          {
            maxLength: 2,
          },
        ),
        help: fc.string(),
        fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/),
        waived: fc.record({ reason: fc.string(), ticket: fc.string() }, { requiredKeys: ['reason'] }),
      },
      { requiredKeys: ['ruleId', 'messageId', 'severity', 'message', 'fingerprint'] },
    );
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 6 }), (findings) => {
        const log = sarifOf(findings, { ...options, anchorFile: 'kontract.config.json' });
        expect(log.runs[0]?.results).toHaveLength(findings.length);
        for (const entry of log.runs[0]?.results ?? []) expect(entry.locations).toHaveLength(1);
      }),
      propertyRuns(100),
    );
  });
});

describe('fileUri and ruleAnchor', () => {
  it('percent-encodes each path segment and keeps the slashes', () => {
    expect(fileUri('contracts/a b/#1.avsc')).toBe('contracts/a%20b/%231.avsc');
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => !s.includes('/')),
          { minLength: 1 },
        ),
        (parts) => {
          const uri = fileUri(parts.join('/'));
          expect(uri.split('/').map(decodeURIComponent)).toEqual(parts);
        },
      ),
      propertyRuns(200),
    );
  });

  it('derives a GitHub-style anchor from the rule id alone', () => {
    expect(ruleAnchor('contract/version-field')).toBe('rule-contract-version-field');
    expect(ruleAnchor('compat/reader-field-missing-default')).toBe(
      'rule-compat-reader-field-missing-default',
    );
  });
});
