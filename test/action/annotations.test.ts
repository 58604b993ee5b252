/**
 * Annotations: exact properties for GitHub, order by level, waived findings left out, paths re-rooted
 * to the repository top, and findings about something removed placed on the parent record's line in
 * the checked-out file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annotationsOf,
  parentPointer,
  placeRemovedFindings,
  rebaseDiagnostic,
} from '../../src/action/annotations.ts';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { propertyRuns } from '../support/property.ts';

const finding = (overrides: Partial<Diagnostic>): Diagnostic => ({
  ruleId: 'contract/naming-style',
  messageId: 'm',
  severity: 'warning',
  message: 'Field `order_total` is not camelCase.',
  location: { file: 'contracts/OrderPlaced.avsc', line: 9, column: 5, endLine: 9, endColumn: 18 },
  fingerprint: '0000000000000001',
  ...overrides,
});

const everyFileExists = () => true;

describe('annotationsOf', () => {
  it('gives file, lines, columns and the rule id as title, errors first, waived ones left out', () => {
    const annotations = annotationsOf(
      [
        finding({}),
        finding({ ruleId: 'contract/doc-required', severity: 'info', waived: { reason: 'legacy' } }),
        finding({
          ruleId: 'contract/money-floating-point',
          severity: 'error',
          message: 'Money field `amount` is a double.',
          help: 'Use long minor units.',
          location: { file: 'contracts/OrderPlaced.avsc', line: 12, column: 7, endLine: 14, endColumn: 3 },
        }),
        finding({ ruleId: 'contract/state-dump-smell', severity: 'info' }),
      ],
      everyFileExists,
    );
    expect(annotations).toEqual([
      {
        level: 'error',
        message: 'Money field `amount` is a double.\n\nhelp: Use long minor units.',
        // A span over several lines: GitHub takes no columns then.
        properties: {
          title: 'contract/money-floating-point',
          file: 'contracts/OrderPlaced.avsc',
          startLine: 12,
          endLine: 14,
        },
      },
      {
        level: 'warning',
        message: 'Field `order_total` is not camelCase.',
        properties: {
          title: 'contract/naming-style',
          file: 'contracts/OrderPlaced.avsc',
          startLine: 9,
          endLine: 9,
          startColumn: 5,
          endColumn: 18,
        },
      },
      {
        level: 'notice',
        message: 'Field `order_total` is not camelCase.',
        properties: expect.objectContaining({ title: 'contract/state-dump-smell' }),
      },
    ]);
  });

  // GitHub annotates only files in the head commit; a place elsewhere must not produce a dangling annotation.
  it('puts a finding whose file is not in the commit on the run, naming where it was', () => {
    const [annotation] = annotationsOf(
      [finding({ location: { file: 'contracts/Gone.avsc', line: 3, column: 1 } })],
      (file) => file !== 'contracts/Gone.avsc',
    );
    expect(annotation?.properties).toEqual({ title: 'contract/naming-style' });
    expect(annotation?.message).toContain(
      '(reported at contracts/Gone.avsc:3:1, which is not in this commit)',
    );
  });
});

describe('rebaseDiagnostic', () => {
  it('re-roots every place from the project directory to the repository top', () => {
    const rebased = rebaseDiagnostic(
      finding({
        previousLocation: { file: 'contracts/OrderPlaced.avsc', line: 7, column: 5 },
        related: [{ file: '../shared/reader.ts', line: 1, column: 1, message: 'reads it' }],
      }),
      'services/orders',
    );
    expect([rebased.location?.file, rebased.previousLocation?.file, rebased.related?.[0]?.file]).toEqual([
      'services/orders/contracts/OrderPlaced.avsc',
      'services/orders/contracts/OrderPlaced.avsc',
      'services/shared/reader.ts',
    ]);
  });
});

describe('placeRemovedFindings', () => {
  const headText = [
    '{',
    '  "type": "record", "name": "OrderPlaced",',
    '  "fields": [',
    '    { "name": "orderId", "type": "string" },',
    '    { "name": "customer", "type": {',
    '      "type": "record", "name": "Customer",',
    '      "fields": [ { "name": "id", "type": "string" } ]',
    '    } }',
    '  ]',
    '}',
  ].join('\n');
  const removed = (pointer: string): Diagnostic => {
    const { location: _current, ...rest } = finding({
      ruleId: 'compat/field-removed',
      severity: 'error',
      message: 'Field `email` was removed.',
      previousLocation: { file: 'contracts/OrderPlaced.avsc', line: 8, column: 9, pointer },
    });
    return rest;
  };
  const read = (file: string) => (file === 'contracts/OrderPlaced.avsc' ? headText : undefined);

  it('puts a removed top-level field on the record, and a removed nested field on its record', () => {
    const [top, nested] = placeRemovedFindings(
      [removed('/fields/2'), removed('/fields/1/type/fields/1')],
      read,
    );
    expect(top?.location).toMatchObject({
      file: 'contracts/OrderPlaced.avsc',
      line: 1,
      column: 1,
      pointer: '',
    });
    expect(nested?.location).toMatchObject({
      file: 'contracts/OrderPlaced.avsc',
      line: 5,
      pointer: '/fields/1/type',
    });
  });

  it('leaves findings that have a place in the commit, and ones whose file is gone', () => {
    const placed = finding({
      previousLocation: { file: 'contracts/OrderPlaced.avsc', line: 2, column: 1, pointer: '/fields/0' },
    });
    const gone = {
      ...removed('/fields/0'),
      previousLocation: { file: 'contracts/Gone.avsc', line: 2, column: 1, pointer: '/fields/0' },
    };
    expect(placeRemovedFindings([placed, gone], read)).toEqual([placed, gone]);
  });

  it('drops the member part of a pointer, whatever its depth', () => {
    expect(parentPointer('/fields/3')).toBe('');
    expect(parentPointer('/fields/2/type/symbols/4')).toBe('/fields/2/type');
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 5 }), (indexes) => {
        const record = indexes
          .slice(0, -1)
          .map((i) => `/fields/${i}/type`)
          .join('');
        expect(parentPointer(`${record}/fields/${indexes.at(-1)}`)).toBe(record);
      }),
      propertyRuns(100),
    );
  });
});
