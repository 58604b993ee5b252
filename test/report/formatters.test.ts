import { stripVTControlCharacters } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { escapeCommandData, escapeCommandProperty, githubCommand } from '../../src/report/format-github.ts';
import { type FormatName, formatNames, render, summarize } from '../../src/report/render.ts';
import { propertyRuns } from '../support/property.ts';
import { sampleDiagnostics, sampleSummary, sampleTool } from './sample-diagnostics.ts';

const plain = { color: false, quiet: false, tool: sampleTool };

/** Reverses the escaping GitHub's runner applies to workflow command values. */
function unescapeCommandValue(text: string): string {
  return text
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3A', ':')
    .replaceAll('%2C', ',')
    .replaceAll('%25', '%');
}

const arbitraryDiagnostic: fc.Arbitrary<Diagnostic> = fc.record(
  {
    ruleId: fc.constantFrom('contract/a', 'contract/b', 'compat/c', 'config/waiver-unused'),
    messageId: fc.constantFrom('m1', 'm2'),
    // Few distinct values everywhere below, so that ties in the sort order are common.
    severity: fc.constantFrom('error', 'warning', 'info'),
    message: fc.constantFrom('', 'a', 'b'),
    location: fc.record(
      {
        file: fc.constantFrom('a.avsc', 'b.avsc', 'c/d.avsc'),
        line: fc.integer({ min: 1, max: 3 }),
        column: fc.integer({ min: 1, max: 2 }),
        endLine: fc.integer({ min: 1, max: 60 }),
      },
      { requiredKeys: ['file', 'line', 'column'] },
    ),
    help: fc.string(),
    data: fc.dictionary(fc.constantFrom('field', 'type', 'name'), fc.oneof(fc.string(), fc.integer())),
    fingerprint: fc.constantFrom('00000000000000a1', '00000000000000a2'),
    waived: fc.record({ reason: fc.string({ minLength: 1 }) }),
  },
  { requiredKeys: ['ruleId', 'messageId', 'severity', 'message', 'fingerprint'] },
);

describe('pretty', () => {
  it('groups by file, puts help and related places under the finding and ends with the verdict', () => {
    expect(render('pretty', sampleDiagnostics, sampleSummary, plain)).toMatchInlineSnapshot(`
      "(no file)  error    Redelivering \`MoneyDeposited\` at offset 3 changed the balance snapshot.  replay/not-idempotent
                          help: Deduplicate by \`eventId\` before applying the deposit.

      contracts/accounts/MoneyDeposited.avsc:14:7  error    Field \`amount\` of \`MoneyDeposited\` is a double; money must be exact.  contract/money-not-float
                                                            help: Use \`long\` minor units plus a currency, or \`bytes\` with the \`decimal\` logical type.
      contracts/accounts/MoneyDeposited.avsc:20:7  warning  Field \`currency\` has no doc.  contract/docs-required  (waived: Legacy field, documented in the wiki; ACME-12, expires 2031-01-31)

      contracts/orders/OrderPlaced.avsc:9:5   info     Field \`order_total\` is not camelCase, % and: commas, here.  contract/naming-style
      contracts/orders/OrderPlaced.avsc:31:5  error    Field \`channel\` was added without a default: readers cannot decode records written before it.  compat/reader-field-missing-default
                                                       previously: contracts/orders/OrderPlaced.avsc:28:3
                                                       related: src/projections/orders.ts:42:11  reads \`channel\`

      kontract.config.json:40:5  warning  The waiver for \`contract/event-id\` on \`com.acme.orders.OrderShipped\` matched no finding.  config/waiver-unused

      ✖ 3 errors, 1 warning, 1 info (1 waived) in 12 contracts
      "
    `);
  });

  // --quiet exists for long CI logs: only errors are listed, but the verdict still counts everything.
  it('lists only unwaived errors with --quiet and keeps the full counts', () => {
    expect(
      render('pretty', sampleDiagnostics, sampleSummary, { ...plain, quiet: true }),
    ).toMatchInlineSnapshot(`
      "(no file)  error    Redelivering \`MoneyDeposited\` at offset 3 changed the balance snapshot.  replay/not-idempotent
                          help: Deduplicate by \`eventId\` before applying the deposit.

      contracts/accounts/MoneyDeposited.avsc:14:7  error    Field \`amount\` of \`MoneyDeposited\` is a double; money must be exact.  contract/money-not-float
                                                            help: Use \`long\` minor units plus a currency, or \`bytes\` with the \`decimal\` logical type.

      contracts/orders/OrderPlaced.avsc:31:5  error    Field \`channel\` was added without a default: readers cannot decode records written before it.  compat/reader-field-missing-default
                                                       previously: contracts/orders/OrderPlaced.avsc:28:3
                                                       related: src/projections/orders.ts:42:11  reads \`channel\`

      ✖ 3 errors, 1 warning, 1 info (1 waived) in 12 contracts
      "
    `);
  });

  it('says so when there is nothing to report', () => {
    const summary = summarize([], { contracts: 10, failOn: 'error' });
    expect(render('pretty', [], summary, plain)).toBe('✔ 10 contracts, no findings\n');
  });

  // A run whose only findings were accepted passes, and the verdict still admits the waivers.
  it('passes with only waived findings and counts them', () => {
    const waivedOnly = sampleDiagnostics.filter((d) => d.waived);
    const summary = summarize(waivedOnly, { contracts: 1, failOn: 'warning' });
    expect(render('pretty', waivedOnly, summary, { ...plain, quiet: true })).toBe(
      '✔ 1 contract, no findings (1 waived)\n',
    );
  });

  it('warns without failing when findings stay below --fail-on', () => {
    const warnings = sampleDiagnostics.filter((d) => d.severity === 'warning' && !d.waived);
    const summary = summarize(warnings, { contracts: 3, failOn: 'error' });
    expect(summary.exitCode).toBe(0);
    expect(render('pretty', warnings, summary, plain).split('\n').at(-2)).toBe('⚠ 1 warning in 3 contracts');
  });

  it('says the check is incomplete when the input could not be read', () => {
    const broken: Diagnostic = {
      ruleId: 'contract/invalid-json',
      messageId: 'syntax',
      severity: 'error',
      message: 'Expected a comma or closing brace.',
      location: { file: 'contracts/Broken.avsc', line: 3, column: 9 },
      fingerprint: '0000000000000001',
    };
    const summary = summarize([broken], { contracts: 2, failOn: 'error' });
    expect(render('pretty', [broken], summary, plain)).toMatchInlineSnapshot(`
      "contracts/Broken.avsc:3:9  error    Expected a comma or closing brace.  contract/invalid-json

      ✖ 1 error in 2 contracts — 1 input error, the check is incomplete
      "
    `);
  });

  it('colours only when asked to', () => {
    const coloured = render('pretty', sampleDiagnostics, sampleSummary, { ...plain, color: true });
    expect(coloured).toContain('\u001b[31merror');
    expect(render('pretty', sampleDiagnostics, sampleSummary, plain)).not.toContain('\u001b[');
    // Stripping the escapes must give back exactly the plain text: colour never changes content.
    expect(stripVTControlCharacters(coloured)).toBe(
      render('pretty', sampleDiagnostics, sampleSummary, plain),
    );
  });
});

describe('json', () => {
  it('writes the documented shape with keys in a fixed order', () => {
    expect(render('json', sampleDiagnostics, sampleSummary, plain)).toMatchInlineSnapshot(`
      "{
        "version": 1,
        "tool": {
          "name": "kontract",
          "version": "0.0.0-test"
        },
        "summary": {
          "contracts": 12,
          "errors": 3,
          "warnings": 1,
          "infos": 1,
          "waived": 1,
          "inputErrors": 0,
          "failOn": "error",
          "exitCode": 1
        },
        "diagnostics": [
          {
            "ruleId": "replay/not-idempotent",
            "messageId": "redelivery",
            "severity": "error",
            "message": "Redelivering \`MoneyDeposited\` at offset 3 changed the balance snapshot.",
            "help": "Deduplicate by \`eventId\` before applying the deposit.",
            "fingerprint": "00000000000000c1"
          },
          {
            "ruleId": "contract/money-not-float",
            "messageId": "float",
            "severity": "error",
            "message": "Field \`amount\` of \`MoneyDeposited\` is a double; money must be exact.",
            "location": {
              "file": "contracts/accounts/MoneyDeposited.avsc",
              "line": 14,
              "column": 7,
              "endLine": 14,
              "endColumn": 23,
              "pointer": "/fields/3"
            },
            "help": "Use \`long\` minor units plus a currency, or \`bytes\` with the \`decimal\` logical type.",
            "contract": "com.acme.accounts.MoneyDeposited",
            "fieldPath": "amount",
            "data": {
              "field": "amount",
              "type": "double"
            },
            "fingerprint": "00000000000000a1"
          },
          {
            "ruleId": "contract/docs-required",
            "messageId": "fieldDoc",
            "severity": "warning",
            "message": "Field \`currency\` has no doc.",
            "location": {
              "file": "contracts/accounts/MoneyDeposited.avsc",
              "line": 20,
              "column": 7,
              "pointer": "/fields/4"
            },
            "contract": "com.acme.accounts.MoneyDeposited",
            "fieldPath": "currency",
            "fingerprint": "00000000000000a2",
            "waived": {
              "reason": "Legacy field, documented in the wiki",
              "ticket": "ACME-12",
              "expires": "2031-01-31"
            }
          },
          {
            "ruleId": "contract/naming-style",
            "messageId": "fieldCase",
            "severity": "info",
            "message": "Field \`order_total\` is not camelCase, % and: commas, here.",
            "location": {
              "file": "contracts/orders/OrderPlaced.avsc",
              "line": 9,
              "column": 5,
              "pointer": "/fields/2"
            },
            "contract": "com.acme.orders.OrderPlaced",
            "fieldPath": "order_total",
            "fingerprint": "00000000000000b2"
          },
          {
            "ruleId": "compat/reader-field-missing-default",
            "messageId": "missingDefault",
            "severity": "error",
            "message": "Field \`channel\` was added without a default: readers cannot decode records written before it.",
            "location": {
              "file": "contracts/orders/OrderPlaced.avsc",
              "line": 31,
              "column": 5,
              "pointer": "/fields/6"
            },
            "previousLocation": {
              "file": "contracts/orders/OrderPlaced.avsc",
              "line": 28,
              "column": 3
            },
            "related": [
              {
                "file": "src/projections/orders.ts",
                "line": 42,
                "column": 11,
                "message": "reads \`channel\`"
              }
            ],
            "contract": "com.acme.orders.OrderPlaced",
            "fieldPath": "channel",
            "fingerprint": "00000000000000b1"
          },
          {
            "ruleId": "config/waiver-unused",
            "messageId": "unused",
            "severity": "warning",
            "message": "The waiver for \`contract/event-id\` on \`com.acme.orders.OrderShipped\` matched no finding.",
            "location": {
              "file": "kontract.config.json",
              "line": 40,
              "column": 5,
              "endLine": 44,
              "endColumn": 6,
              "pointer": "/waivers/1"
            },
            "fingerprint": "00000000000000c2"
          }
        ]
      }
      "
    `);
  });

  it('is byte-identical whatever order the findings arrive in', () => {
    fc.assert(
      fc.property(
        fc
          .array(arbitraryDiagnostic, { maxLength: 12 })
          .chain((list) =>
            fc.tuple(
              fc.constant(list),
              fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
            ),
          ),
        ([diagnostics, shuffled]) => {
          const summary = summarize(diagnostics, { contracts: 5, failOn: 'error' });
          expect(render('json', shuffled, summary, plain)).toBe(render('json', diagnostics, summary, plain));
        },
      ),
      propertyRuns(200),
    );
  });

  it('round-trips every field of a finding', () => {
    fc.assert(
      fc.property(arbitraryDiagnostic, (diagnostic) => {
        const summary = summarize([diagnostic], { contracts: 1, failOn: 'error' });
        const parsed = JSON.parse(render('json', [diagnostic], summary, plain)) as { diagnostics: unknown[] };
        expect(parsed.diagnostics).toEqual([diagnostic]);
      }),
      propertyRuns(200),
    );
  });
});

describe('github', () => {
  it('writes one workflow command per unwaived finding, then the verdict', () => {
    expect(render('github', sampleDiagnostics, sampleSummary, plain)).toMatchInlineSnapshot(`
      "::error title=replay/not-idempotent::Redelivering \`MoneyDeposited\` at offset 3 changed the balance snapshot.%0A%0Ahelp: Deduplicate by \`eventId\` before applying the deposit.
      ::error file=contracts/accounts/MoneyDeposited.avsc,line=14,col=7,endLine=14,endColumn=23,title=contract/money-not-float::Field \`amount\` of \`MoneyDeposited\` is a double; money must be exact.%0A%0Ahelp: Use \`long\` minor units plus a currency, or \`bytes\` with the \`decimal\` logical type.
      ::error file=contracts/orders/OrderPlaced.avsc,line=31,col=5,title=compat/reader-field-missing-default::Field \`channel\` was added without a default: readers cannot decode records written before it.%0Apreviously: contracts/orders/OrderPlaced.avsc:28:3%0Arelated: src/projections/orders.ts:42:11  reads \`channel\`
      ::warning file=kontract.config.json,line=40,col=5,endLine=44,endColumn=6,title=config/waiver-unused::The waiver for \`contract/event-id\` on \`com.acme.orders.OrderShipped\` matched no finding.
      ::notice file=contracts/orders/OrderPlaced.avsc,line=9,col=5,title=contract/naming-style::Field \`order_total\` is not camelCase, %25 and: commas, here.
      ✖ 3 errors, 1 warning, 1 info (1 waived) in 12 contracts
      "
    `);
  });

  it('escapes properties and data the way @actions/core does', () => {
    expect(escapeCommandData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeCommandProperty('C:\\dir,x\n%')).toBe('C%3A\\dir%2Cx%0A%25');
  });

  // The runner splits commands on newlines and properties on `,` and `::`: no input may break out.
  it('never lets a value break the command syntax, and unescapes to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const property = escapeCommandProperty(text);
        expect(property).not.toMatch(/[\r\n:,]/);
        expect(unescapeCommandValue(property)).toBe(text);
        const data = escapeCommandData(text);
        expect(data).not.toMatch(/[\r\n]/);
        expect(unescapeCommandValue(data)).toBe(text);
      }),
      propertyRuns(300),
    );
  });

  it('maps info to notice and omits positions that are unknown', () => {
    const info: Diagnostic = {
      ruleId: 'contract/x',
      messageId: 'm',
      severity: 'info',
      message: 'note',
      location: { file: 'a,b.avsc', line: 2, column: 3 },
      fingerprint: '0000000000000002',
    };
    expect(githubCommand(info)).toBe('::notice file=a%2Cb.avsc,line=2,col=3,title=contract/x::note');
  });
});

describe('summarize', () => {
  const finding = (ruleId: string, severity: Diagnostic['severity'], waived = false): Diagnostic => ({
    ruleId,
    messageId: 'm',
    severity,
    message: 'm',
    fingerprint: '0000000000000000',
    ...(waived ? { waived: { reason: 'accepted' } } : {}),
  });

  // One row per exit-code rule of DESIGN.md, including the exceptions written down in render.ts.
  it.each([
    { name: 'clean', findings: [], failOn: 'error', exitCode: 0 },
    { name: 'an error', findings: [finding('contract/a', 'error')], failOn: 'error', exitCode: 1 },
    {
      name: 'a waived error',
      findings: [finding('contract/a', 'error', true)],
      failOn: 'error',
      exitCode: 0,
    },
    {
      name: 'a warning, fail on error',
      findings: [finding('contract/a', 'warning')],
      failOn: 'error',
      exitCode: 0,
    },
    {
      name: 'a warning, fail on warning',
      findings: [finding('contract/a', 'warning')],
      failOn: 'warning',
      exitCode: 1,
    },
    { name: 'info never fails', findings: [finding('contract/a', 'info')], failOn: 'warning', exitCode: 0 },
    {
      name: 'invalid JSON',
      findings: [finding('contract/invalid-json', 'error')],
      failOn: 'error',
      exitCode: 2,
    },
    {
      name: 'reference cycle',
      findings: [finding('contract/reference-cycle', 'error')],
      failOn: 'error',
      exitCode: 2,
    },
    {
      name: 'config error',
      findings: [finding('config/unknown-key', 'error')],
      failOn: 'error',
      exitCode: 2,
    },
    {
      name: 'missing path',
      findings: [finding('workspace/path-not-found', 'error')],
      failOn: 'error',
      exitCode: 2,
    },
    {
      name: 'crashed rule',
      findings: [finding('internal/rule-crashed', 'error')],
      failOn: 'error',
      exitCode: 2,
    },
    {
      name: 'expired waiver',
      findings: [finding('config/waiver-expired', 'error')],
      failOn: 'error',
      exitCode: 1,
    },
    {
      name: 'unused waiver',
      findings: [finding('config/waiver-unused', 'warning')],
      failOn: 'error',
      exitCode: 0,
    },
    {
      name: 'input error wins over findings',
      findings: [finding('contract/a', 'error'), finding('contract/too-deep', 'error')],
      failOn: 'error',
      exitCode: 2,
    },
  ] as const)('$name → exit $exitCode', ({ findings, failOn, exitCode }) => {
    expect(summarize(findings, { contracts: 1, failOn }).exitCode).toBe(exitCode);
  });

  it('counts waived findings apart from the severities', () => {
    expect(sampleSummary).toEqual({
      contracts: 12,
      errors: 3,
      warnings: 1,
      infos: 1,
      waived: 1,
      inputErrors: 0,
      failOn: 'error',
      exitCode: 1,
    });
  });
});

describe('registry', () => {
  it('renders every registered format without throwing on the sample', () => {
    for (const format of formatNames satisfies FormatName[]) {
      expect(render(format, sampleDiagnostics, sampleSummary, plain).endsWith('\n')).toBe(true);
    }
  });
});
