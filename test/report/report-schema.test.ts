import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { orderedDiagnostic } from '../../src/report/format-json.ts';
import { render, summarize } from '../../src/report/render.ts';
import { propertyRuns } from '../support/property.ts';
import { sampleDiagnostics, sampleSummary, sampleTool } from './sample-diagnostics.ts';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  required?: string[];
  $defs?: Record<string, SchemaNode>;
  enum?: unknown[];
}

const schema = JSON.parse(
  readFileSync(new URL('../../schema/kontract.report.schema.json', import.meta.url), 'utf8'),
) as SchemaNode;
const defs = schema.$defs ?? {};

/** A finding with every optional part set, so every key the formatter can write appears. */
const complete: Diagnostic = {
  ruleId: 'compat/field-removed',
  messageId: 'removed',
  severity: 'error',
  message: 'm',
  location: { file: 'a.avsc', line: 1, column: 2, endLine: 3, endColumn: 4, pointer: '/fields/0' },
  previousLocation: { file: 'a.avsc', line: 1, column: 2, endLine: 3, endColumn: 4, pointer: '/fields/0' },
  related: [{ file: 'b.ts', line: 1, column: 1, endLine: 1, endColumn: 2, pointer: '', message: 'reads it' }],
  help: 'h',
  contract: 'com.acme.A',
  fieldPath: 'x',
  data: { b: 1, a: 'x' },
  fingerprint: '0000000000000000',
  waived: { reason: 'r', ticket: 't', expires: '2030-01-01' },
};

const validate = new Ajv2020({
  strict: true,
  allowUnionTypes: true,
  allErrors: true,
  validateFormats: false,
}).compile(schema);
const plain = { color: false, quiet: false, tool: sampleTool };

const location = fc.record(
  {
    file: fc.string({ minLength: 1 }),
    line: fc.nat(),
    column: fc.nat(),
    endLine: fc.integer({ min: 1 }),
    endColumn: fc.integer({ min: 1 }),
    pointer: fc.string(),
  },
  { requiredKeys: ['file', 'line', 'column'] },
);

/** Any finding the Diagnostic type allows, with rule ids in the documented kebab-case form. */
const arbitraryDiagnostic: fc.Arbitrary<Diagnostic> = fc.record(
  {
    ruleId: fc.stringMatching(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/),
    messageId: fc.string(),
    severity: fc.constantFrom('error', 'warning', 'info'),
    message: fc.string(),
    location,
    previousLocation: location,
    related: fc.array(
      fc.tuple(location, fc.string()).map(([l, message]) => ({ ...l, message })),
      { minLength: 1 },
    ),
    help: fc.string(),
    contract: fc.string(),
    fieldPath: fc.string(),
    data: fc.dictionary(
      fc.string(),
      fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()),
    ),
    fingerprint: fc.string(),
    waived: fc.record(
      { reason: fc.string(), ticket: fc.string(), expires: fc.constant('2030-01-01') },
      { requiredKeys: ['reason'] },
    ),
  },
  { requiredKeys: ['ruleId', 'messageId', 'severity', 'message', 'fingerprint'] },
);

describe('reports validate against the published schema', () => {
  it('accepts the sample report', () => {
    const report = JSON.parse(render('json', sampleDiagnostics, sampleSummary, plain));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts the report of any findings', () => {
    fc.assert(
      fc.property(fc.array(arbitraryDiagnostic, { maxLength: 6 }), fc.boolean(), (diagnostics, quiet) => {
        const summary = summarize(diagnostics, { contracts: diagnostics.length, failOn: 'warning' });
        const report = JSON.parse(render('json', diagnostics, summary, { ...plain, quiet }));
        expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      }),
      propertyRuns(200),
    );
  });

  // A schema that accepts everything would pass the tests above; it must also reject.
  it('rejects a report with an unknown key or a bad severity', () => {
    const report = JSON.parse(render('json', sampleDiagnostics, sampleSummary, plain));
    expect(validate({ ...report, extra: true })).toBe(false);
    report.diagnostics[0].severity = 'fatal';
    expect(validate(report)).toBe(false);
  });
});

// The schema promises that keys appear in the order it lists them; these tests hold the formatter to it.
describe('the published report schema', () => {
  it('lists the envelope and summary keys in the order the formatter writes them', () => {
    const report = JSON.parse(
      render('json', sampleDiagnostics, sampleSummary, { color: false, quiet: false, tool: sampleTool }),
    );
    expect(Object.keys(report)).toEqual(Object.keys(schema.properties ?? {}));
    expect(Object.keys(report.summary)).toEqual(Object.keys(schema.properties?.summary?.properties ?? {}));
    expect(schema.properties?.summary?.required).toEqual(Object.keys(report.summary));
  });

  it('lists every diagnostic key in the order the formatter writes them', () => {
    const written = orderedDiagnostic(complete);
    expect(Object.keys(written)).toEqual(Object.keys(defs.diagnostic?.properties ?? {}));
    expect(Object.keys(written.location as object)).toEqual(Object.keys(defs.location?.properties ?? {}));
    expect(Object.keys(written.waived as object)).toEqual(
      Object.keys(defs.diagnostic?.properties?.waived?.properties ?? {}),
    );
  });

  it('requires exactly the keys a minimal finding has', () => {
    const minimal: Diagnostic = {
      ruleId: 'a/b',
      messageId: 'm',
      severity: 'info',
      message: 'm',
      fingerprint: 'f',
    };
    expect(Object.keys(orderedDiagnostic(minimal))).toEqual(defs.diagnostic?.required);
  });

  it('allows exactly the exit codes and thresholds a summary can have', () => {
    expect(schema.properties?.summary?.properties?.exitCode?.enum).toEqual([0, 1, 2]);
    expect(schema.properties?.summary?.properties?.failOn?.enum).toEqual(['error', 'warning']);
    expect(summarize([], { contracts: 0, failOn: 'warning' }).exitCode).toBe(0);
  });
});
