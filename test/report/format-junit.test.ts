/**
 * JUnit XML output: a snapshot of the sample, how each kind of finding maps to JUnit outcomes, the
 * counts on every suite, and escaping that keeps any text well-formed XML.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { escapeXmlAttribute, escapeXmlText } from '../../src/report/format-junit.ts';
import { render, summarize } from '../../src/report/render.ts';
import { propertyRuns } from '../support/property.ts';
import { sampleDiagnostics, sampleSummary, sampleTool } from './sample-diagnostics.ts';

const plain = { color: false, quiet: false, tool: sampleTool };

/** Reverses the entity and character references the escapers write. */
function unescapeXml(text: string): string {
  return text.replace(/&(#\d+|amp|lt|gt|quot|apos);/g, (_, name: string) =>
    name.startsWith('#')
      ? String.fromCharCode(Number(name.slice(1)))
      : (({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name] ?? ''),
  );
}

describe('junit', () => {
  it('renders the sample as one suite per file (snapshot)', async () => {
    await expect(render('junit', sampleDiagnostics, sampleSummary, plain)).toMatchFileSnapshot(
      '__snapshots__/sample.junit.xml',
    );
  });

  it('maps failing findings to failures, input errors to errors, waived to skipped, the rest to passes', () => {
    const finding = (ruleId: string, severity: Diagnostic['severity'], waived = false): Diagnostic => ({
      ruleId,
      messageId: 'm',
      severity,
      message: `${ruleId} ${severity}`,
      location: { file: 'contracts/A.avsc', line: 1, column: 1 },
      fingerprint: ruleId,
      ...(waived ? { waived: { reason: 'accepted' } } : {}),
    });
    const findings = [
      finding('contract/a', 'error'),
      finding('contract/invalid-json', 'error'),
      finding('contract/b', 'warning', true),
      finding('contract/c', 'warning'),
      finding('contract/d', 'info'),
    ];
    const xml = render('junit', findings, summarize(findings, { contracts: 1, failOn: 'error' }), plain);
    expect(xml).toContain(
      '<testsuites name="kontract 0.0.0-test" tests="5" failures="1" errors="1" skipped="1">',
    );
    expect(xml).toContain('<failure type="contract/a" message="contract/a error">');
    expect(xml).toContain('<error type="contract/invalid-json"');
    expect(xml).toContain('<skipped message="waived: accepted"/>');
    expect(xml.match(/<failure|<error|<skipped/g)).toHaveLength(3);
  });

  // An empty report reads as "no tests ran" in most CI systems; a clean run is one passing case instead.
  it('writes one passing test case for a clean run', () => {
    const xml = render('junit', [], summarize([], { contracts: 4, failOn: 'error' }), plain);
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="kontract 0.0.0-test" tests="1" failures="0" errors="0" skipped="0">',
        '  <testsuite name="kontract" tests="1" failures="0" errors="0" skipped="0">',
        '    <testcase classname="kontract" name="4 contracts, no findings"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('escapes any text so that it reads back the same and cannot open markup', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const expected = text.replace(
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML forbids, as the formatter replaces them.
          /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
          '\uFFFD',
        );
        const attribute = escapeXmlAttribute(text);
        expect(attribute).not.toMatch(/[<>"\n\r\t]|&(?!(#\d+|amp|lt|gt|quot|apos);)/);
        expect(unescapeXml(attribute)).toBe(expected);
        const content = escapeXmlText(text);
        expect(content).not.toMatch(/[<>]|&(?!(amp|lt|gt);)/);
        expect(unescapeXml(content)).toBe(expected);
      }),
      propertyRuns(300),
    );
  });
});
