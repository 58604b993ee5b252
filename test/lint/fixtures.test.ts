/**
 * The rule fixtures under `fixtures/contracts/<rule>/{valid,invalid}` and the `db-row-dump`
 * anti-pattern, linted together with their config exactly as `kontract lint fixtures/contracts`
 * does: every file must produce exactly the findings listed here, at the exact positions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/contracts/load-config.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { SourceFile } from '../../src/contracts/model.ts';
import { lintRuleIds } from '../../src/lint/rule-options.ts';
import { runLint } from '../../src/lint/run-lint.ts';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { positionOf } from './rule-tester.ts';

const root = join(import.meta.dirname, '..', '..');
const fixturesDir = 'fixtures/contracts';
const configPath = `${fixturesDir}/kontract.config.json`;

/** Where a finding is expected: a text whose first (or n-th) occurrence in the file it points at. */
type Expected = [ruleId: string, messageId: string, at: string, occurrence?: number];

const expectations: Record<string, Expected[]> = {
  'db-column-leaked/invalid/OrderPlaced.avsc': [
    ['contract/db-column-leaked', 'deniedName', '"createdAt"'],
    ['contract/db-column-leaked', 'deniedName', '"updatedAt"'],
    ['contract/db-column-leaked', 'deniedName', '"optlock"'],
    ['contract/db-column-leaked', 'deniedName', '"deleted"'],
  ],
  'doc-required/invalid/OrderPlaced.avsc': [
    ['contract/doc-required', 'typeMissingDoc', '"OrderPlaced"'],
    ['contract/doc-required', 'fieldMissingDoc', '"orderId"'],
    ['contract/doc-required', 'typeMissingDoc', '"OrderStatus"'],
  ],
  'enum-default/invalid/OrderPlaced.avsc': [['contract/enum-default', 'missing', '"SalesChannel"']],
  'event-id-field/invalid/OrderPlaced.avsc': [['contract/event-id-field', 'missing', '"fields"']],
  'event-id-field/invalid/OrderShipped.avsc': [['contract/event-id-field', 'nullable', '["null", {']],
  'event-name-past-tense/invalid/CreateOrder.avsc': [
    ['contract/event-name-past-tense', 'imperativeVerb', '"CreateOrder"'],
  ],
  'event-name-past-tense/invalid/OrderDto.avsc': [
    ['contract/event-name-past-tense', 'forbiddenSuffix', '"OrderDto"'],
  ],
  'event-name-past-tense/invalid/OrderStatus.avsc': [
    ['contract/event-name-past-tense', 'notPastTense', '"OrderStatus"'],
  ],
  'key-field/invalid/OrderPlaced.avsc': [['contract/key-field', 'nullable', '"orderId"']],
  'key-field/invalid/OrderShipped.avsc': [['contract/key-field', 'missing', '"fields"']],
  'money-floating-point/invalid/PaymentApproved.avsc': [
    ['contract/money-floating-point', 'floatingPointMoney', '"double"'],
  ],
  'naming-style/invalid/OrderPlaced.avsc': [
    ['contract/naming-style', 'namespace', '"Fixtures.NamingStyle.Invalid"'],
    ['contract/naming-style', 'fieldName', '"ItemCount"'],
    ['contract/naming-style', 'typeName', '"priority_level"'],
    ['contract/naming-style', 'enumSymbol', '"high"'],
  ],
  'occurrence-time-field/invalid/OrderPlaced.avsc': [
    ['contract/occurrence-time-field', 'plainLong', '"long"'],
  ],
  'occurrence-time-field/invalid/OrderShipped.avsc': [
    ['contract/occurrence-time-field', 'stringDate', '"string", "doc": "When'],
  ],
  'optional-field-canonical/invalid/OrderPlaced.avsc': [
    ['contract/optional-field-canonical', 'nullNotFirst', '["string", "null"]'],
    ['contract/optional-field-canonical', 'missingDefault', '"giftMessage"'],
  ],
  'state-dump-smell/invalid/OrderChanged.avsc': [['contract/state-dump-smell', 'tooManyFields', '"fields"']],
  'state-dump-smell/invalid/OrderUpdated.avsc': [['contract/state-dump-smell', 'mostlyNullable', '"fields"']],
  'version-field/invalid/OrderPlaced.avsc': [['contract/version-field', 'missing', '"fields"']],
  'version-field/invalid/OrderShipped.avsc': [['contract/version-field', 'nullable', '["null", "int"]']],
  // The anti-pattern: a table row published as an event. It breaks most rules at once.
  'db-row-dump/Order.avsc': [
    ['contract/event-name-past-tense', 'notPastTense', '"Order"'],
    ['contract/doc-required', 'typeMissingDoc', '"Order"'],
    ['contract/version-field', 'missing', '"fields"'],
    ['contract/event-id-field', 'missing', '"fields"'],
    ['contract/occurrence-time-field', 'missing', '"fields"'],
    ['contract/state-dump-smell', 'mostlyNullable', '"fields"'],
    ['contract/naming-style', 'fieldName', '"order_id"'],
    ['contract/doc-required', 'fieldMissingDoc', '"order_id"'],
    ['contract/doc-required', 'fieldMissingDoc', '"status"'],
    ['contract/db-column-leaked', 'deniedName', '"created_at"'],
    ['contract/naming-style', 'fieldName', '"created_at"'],
    ['contract/doc-required', 'fieldMissingDoc', '"created_at"'],
    ['contract/db-column-leaked', 'deniedName', '"updated_at"'],
    ['contract/naming-style', 'fieldName', '"updated_at"'],
    ['contract/doc-required', 'fieldMissingDoc', '"updated_at"'],
    ['contract/db-column-leaked', 'deniedName', '"deleted"'],
    ['contract/doc-required', 'fieldMissingDoc', '"deleted"'],
    ['contract/db-column-leaked', 'deniedName', '"jpa_version"'],
    ['contract/naming-style', 'fieldName', '"jpa_version"'],
    ['contract/doc-required', 'fieldMissingDoc', '"jpa_version"'],
  ],
};

/** Every `.avsc` fixture of this task, relative to `fixtures/contracts` (bad-input belongs to the loader). */
function fixtureFiles(): string[] {
  return (readdirSync(join(root, fixturesDir), { recursive: true }) as string[])
    .map((path) => path.split('\\').join('/'))
    .filter((path) => path.endsWith('.avsc') && !path.startsWith('bad-input/'))
    .sort();
}

function readSource(path: string): SourceFile {
  return { path, bytes: readFileSync(join(root, path)) };
}

function describeFinding(
  d: Diagnostic | { ruleId: string; messageId: string; line: number; column: number },
): string {
  const line = 'location' in d ? d.location?.line : 'line' in d ? d.line : undefined;
  const column = 'location' in d ? d.location?.column : 'column' in d ? d.column : undefined;
  return `${line}:${column} ${d.ruleId} ${d.messageId}`;
}

let findingsByFile: Map<string, Diagnostic[]>;
let files: string[];

beforeAll(() => {
  files = fixtureFiles();
  const { config, diagnostics: configDiagnostics } = parseConfig(readSource(configPath), {
    knownRuleIds: lintRuleIds,
  });
  expect(configDiagnostics).toEqual([]);
  const set = loadContracts(
    files.map((file) => readSource(`${fixturesDir}/${file}`)),
    config,
  );
  expect(set.diagnostics).toEqual([]);
  findingsByFile = new Map();
  for (const finding of runLint(set, config)) {
    const file = finding.location?.file ?? '';
    findingsByFile.set(file, [...(findingsByFile.get(file) ?? []), finding]);
  }
});

describe('rule fixtures', () => {
  it('lists an expectation for every invalid fixture and every expectation has a file', () => {
    const invalid = files.filter((file) => !file.includes('/valid/'));
    expect(invalid.sort()).toEqual(Object.keys(expectations).sort());
  });

  // One test per fixture folder: its invalid files report exactly what is listed, its valid files nothing.
  const folders = [...new Set(fixtureFiles().map((file) => file.split('/')[0]!))];
  it.each(folders)('%s', (folder) => {
    for (const file of files.filter((f) => f.startsWith(`${folder}/`))) {
      const path = `${fixturesDir}/${file}`;
      const text = readFileSync(join(root, path), 'utf8');
      const expected = (expectations[file] ?? []).map(([ruleId, messageId, at, occurrence]) =>
        describeFinding({ ruleId, messageId, ...positionOf(text, at, occurrence) }),
      );
      const actual = (findingsByFile.get(path) ?? []).map(describeFinding);
      expect({ file, findings: actual.sort() }).toEqual({ file, findings: expected.sort() });
    }
  });
});
