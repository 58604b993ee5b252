/**
 * Markdown output: a snapshot of the sample (with links, as the job summary makes them), grouping and
 * collapsing, the size budget, and escaping that keeps code spans but lets no text become markup.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import {
  capabilityOf,
  codeSpan,
  countByCapability,
  escapeMarkdown,
  markdownFindingsBudget,
} from '../../src/report/format-markdown.ts';
import { type FormatOptions, render, summarize } from '../../src/report/render.ts';
import { propertyRuns } from '../support/property.ts';
import { sampleDiagnostics, sampleSummary, sampleTool } from './sample-diagnostics.ts';

const plain: FormatOptions = { color: false, quiet: false, tool: sampleTool };
const linked: FormatOptions = {
  ...plain,
  linkTo: (location, version) =>
    `https://github.com/acme/shop/blob/${version === 'previous' ? 'base123' : 'head456'}/${location.file}#L${location.line}`,
};

describe('markdown', () => {
  it('renders the sample as a PR comment: verdict, counts per capability, grouped findings (snapshot)', async () => {
    await expect(render('markdown', sampleDiagnostics, sampleSummary, linked)).toMatchFileSnapshot(
      '__snapshots__/sample.md.txt',
    );
  });

  it('is one line for a clean run', () => {
    expect(render('markdown', [], summarize([], { contracts: 3, failOn: 'error' }), plain)).toBe(
      '### ✔ kontract: 3 contracts, no findings\n',
    );
  });

  it('opens the groups that have errors and collapses the others and the waived findings', () => {
    const text = render('markdown', sampleDiagnostics, sampleSummary, plain);
    expect(text.match(/<details( open)?>\n<summary>[^<\n]*(<strong>[^<]+<\/strong>)?[^\n]*/g)).toEqual([
      '<details open>\n<summary><strong>Contract lint</strong>: 1 error, 1 info</summary>',
      '<details open>\n<summary><strong>Schema evolution</strong>: 1 error</summary>',
      '<details open>\n<summary><strong>Replay</strong>: 1 error</summary>',
      '<details>\n<summary><strong>Config and input</strong>: 1 warning</summary>',
      '<details>\n<summary>Waived: 1</summary>',
    ]);
  });

  // GitHub caps a comment at 65,536 characters: a huge run must still fit, and say what it left out.
  it('stays within its budget on a huge run and counts what it left out', () => {
    const many: Diagnostic[] = Array.from({ length: 2000 }, (_, i) => ({
      ruleId: 'contract/naming-style',
      messageId: 'm',
      severity: 'warning',
      message: `Field \`field_${i}\` of \`OrderPlaced\` is not camelCase; ${'x'.repeat(100)}.`,
      location: { file: `contracts/orders/Order${i}.avsc`, line: 3, column: 5 },
      fingerprint: String(i).padStart(16, '0'),
    }));
    const text = render('markdown', many, summarize(many, { contracts: 2000, failOn: 'error' }), linked);
    expect(text.length).toBeLessThan(65_536);
    expect(text.length).toBeGreaterThan(markdownFindingsBudget / 2);
    const listed = text.match(/^- ⚠/gm)?.length ?? 0;
    expect(text).toContain(`…and ${2000 - listed} more findings not listed here: see the full report.`);
  });

  it('groups rule ids by capability', () => {
    expect(
      ['contract/a', 'compat/b', 'code/c', 'replay/d', 'config/e', 'workspace/f', 'internal/g'].map(
        capabilityOf,
      ),
    ).toEqual(['lint', 'compat', 'code', 'replay', 'input', 'input', 'input']);
    expect(
      countByCapability(sampleDiagnostics).map((c) => [c.title, c.errors, c.warnings, c.infos, c.waived]),
    ).toEqual([
      ['Contract lint', 1, 0, 1, 1],
      ['Schema evolution', 1, 0, 0, 0],
      ['Replay', 1, 0, 0, 0],
      ['Config and input', 0, 1, 0, 0],
    ]);
  });
});

/** Undoes {@link escapeMarkdown} outside code spans (backslash escapes and `<br>`). */
function unescapePlain(text: string): string {
  return text.replaceAll('<br>', '\n').replace(/\\([\\*_[\]<>|~&`])/g, '$1');
}

describe('escapeMarkdown', () => {
  it('keeps code spans and escapes markup around them', () => {
    expect(escapeMarkdown('Field `a_b` <script> *x* [l](u) | `open')).toBe(
      'Field `a_b` \\<script\\> \\*x\\* \\[l\\](u) \\| \\`open',
    );
  });

  it('reads back the same text when it has no backticks, and never leaves a tag, link or emphasis open', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('`')),
        (text) => {
          const escaped = escapeMarkdown(text);
          expect(unescapePlain(escaped)).toBe(text.replace(/\r\n/g, '\n'));
          // Every special character is preceded by a backslash (an escaped backslash counts as one pair).
          expect(escaped.replace(/\\[\\*_[\]<>|~&]/g, '').replace(/<br>/g, '')).not.toMatch(/[\\*_[\]<>|~&]/);
        },
      ),
      propertyRuns(300),
    );
  });

  it('wraps any text in a code span that reads back the same', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/[\r\n]/.test(s)),
        (text) => {
          const span = codeSpan(text);
          const fence = /^`+/.exec(span)?.[0] ?? '';
          const inner = span.slice(fence.length, span.length - fence.length);
          // CommonMark strips one space on each side when both are present and the content is not all spaces.
          const stripped =
            inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '' ? inner.slice(1, -1) : inner;
          expect(stripped).toBe(text);
          expect(inner.includes(fence)).toBe(false);
        },
      ),
      propertyRuns(300),
    );
  });
});
