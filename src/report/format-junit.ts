/**
 * JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, GitHub test
 * reporter actions): one `<testsuite>` per file, one `<testcase>` per finding. A finding that fails
 * the run is a `<failure>`; one that means the input could not be checked (a contract that does not
 * load, a config error) is an `<error>`, as test runners separate broken tests from failing ones; a
 * waived finding is `<skipped>` with the waiver's reason; a finding below `--fail-on` passes, with
 * its text in `<system-out>`. A run without findings is one passing test case, never an empty report.
 * No timestamps or durations, so the same input gives the same bytes. Pure.
 */
import type { Diagnostic } from './diagnostic.ts';
import { formatPosition } from './format-pretty.ts';
import { summaryText } from './format-summary.ts';
import { type FormatOptions, failsRun, isInputError, type RunSummary } from './render.ts';

/** Suite name of findings that concern no single file (a replay property, an empty selection). */
const noFileSuite = '(no file)';

/**
 * Characters XML 1.0 cannot carry at all, even escaped: C0 controls except tab, LF and CR, lone
 * surrogates, U+FFFE and U+FFFF. They are replaced by U+FFFD so that the document stays well-formed.
 */
const invalidXmlCharacters =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters XML forbids is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const xmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for XML element content: `&`, `<` and `>` become entities, forbidden characters U+FFFD. */
export function escapeXmlText(text: string): string {
  return text.replace(invalidXmlCharacters, '\uFFFD').replace(/[&<>]/g, (c) => xmlEntities[c] ?? c);
}

/**
 * Escapes text for a double-quoted XML attribute value: quotes as well, and line breaks and tabs as
 * character references, because XML parsers normalise literal ones in attributes to spaces.
 */
export function escapeXmlAttribute(text: string): string {
  return text
    .replace(invalidXmlCharacters, '\uFFFD')
    .replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c)
    .replaceAll('\r', '&#13;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\t', '&#9;');
}

type Outcome = 'failure' | 'error' | 'skipped' | 'passed';

function outcomeOf(diagnostic: Diagnostic, summary: RunSummary): Outcome {
  if (diagnostic.waived) return 'skipped';
  if (isInputError(diagnostic)) return 'error';
  return failsRun(diagnostic, summary.failOn) ? 'failure' : 'passed';
}

/** The full text of a finding: message, fix advice, previous and related places. */
function detailText(diagnostic: Diagnostic): string {
  const lines = [`${diagnostic.severity}: ${diagnostic.message}`];
  if (diagnostic.location) lines.push(`at ${formatPosition(diagnostic.location)}`);
  if (diagnostic.help) lines.push(`help: ${diagnostic.help}`);
  if (diagnostic.previousLocation) lines.push(`previously: ${formatPosition(diagnostic.previousLocation)}`);
  for (const related of diagnostic.related ?? []) {
    lines.push(`related: ${formatPosition(related)}  ${related.message}`);
  }
  return lines.join('\n');
}

function testCase(diagnostic: Diagnostic, suite: string, summary: RunSummary): string {
  const location = diagnostic.location;
  const at = location && location.line > 0 ? ` at ${location.line}:${location.column}` : '';
  const attributes = [
    `classname="${escapeXmlAttribute(suite)}"`,
    `name="${escapeXmlAttribute(`${diagnostic.ruleId}${at}`)}"`,
  ];
  if (location) attributes.push(`file="${escapeXmlAttribute(location.file)}"`);
  if (location && location.line > 0) attributes.push(`line="${location.line}"`);
  const open = `    <testcase ${attributes.join(' ')}>`;
  const outcome = outcomeOf(diagnostic, summary);
  const body = escapeXmlText(detailText(diagnostic));
  switch (outcome) {
    case 'failure':
    case 'error':
      return `${open}\n      <${outcome} type="${escapeXmlAttribute(diagnostic.ruleId)}" message="${escapeXmlAttribute(diagnostic.message)}">${body}</${outcome}>\n    </testcase>`;
    case 'skipped': {
      const reason = diagnostic.waived?.reason ?? '';
      return `${open}\n      <skipped message="${escapeXmlAttribute(`waived: ${reason}`)}"/>\n      <system-out>${body}</system-out>\n    </testcase>`;
    }
    case 'passed':
      return `${open}\n      <system-out>${body}</system-out>\n    </testcase>`;
  }
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countsAttributes(counts: Counts): string {
  return `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
}

/** Renders the report as a JUnit XML document (`<testsuites>` with one suite per file). */
export function formatJunit(
  diagnostics: readonly Diagnostic[],
  summary: RunSummary,
  options: FormatOptions,
): string {
  const suites = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const name = diagnostic.location?.file ?? noFileSuite;
    const suite = suites.get(name);
    if (suite) suite.push(diagnostic);
    else suites.set(name, [diagnostic]);
  }

  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const blocks: string[] = [];
  for (const [name, findings] of suites) {
    const counts: Counts = { tests: findings.length, failures: 0, errors: 0, skipped: 0 };
    for (const finding of findings) {
      const outcome = outcomeOf(finding, summary);
      if (outcome === 'failure') counts.failures++;
      else if (outcome === 'error') counts.errors++;
      else if (outcome === 'skipped') counts.skipped++;
    }
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
    blocks.push(
      `  <testsuite name="${escapeXmlAttribute(name)}" ${countsAttributes(counts)}>\n${findings
        .map((finding) => testCase(finding, name, summary))
        .join('\n')}\n  </testsuite>`,
    );
  }
  if (blocks.length === 0) {
    total.tests = 1;
    blocks.push(
      `  <testsuite name="${escapeXmlAttribute(options.tool.name)}" ${countsAttributes(total)}>\n    <testcase classname="${escapeXmlAttribute(options.tool.name)}" name="${escapeXmlAttribute(summaryText(summary))}"/>\n  </testsuite>`,
    );
  }

  const name = escapeXmlAttribute(`${options.tool.name} ${options.tool.version}`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${name}" ${countsAttributes(total)}>\n${blocks.join('\n')}\n</testsuites>\n`;
}
