/**
 * Compatibility modes: which earlier versions a candidate is checked against and in which direction,
 * for all seven modes; and the backward ↔ forward symmetry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CompatSchema, toCompatSchema } from '../../src/compat/compat-schema.ts';
import { checkMode, type ModeFinding } from '../../src/compat/modes.ts';
import { AmbiguousFieldError } from '../../src/compat/resolve-compatibility.ts';
import type { CompatibilityMode } from '../../src/contracts/config-types.ts';
import type { Json } from '../../src/contracts/model.ts';
import { propertyRuns } from '../support/property.ts';
import { schemaCaseArbitrary } from './avro-schema-generator.ts';

const account = (fields: Json[]): CompatSchema =>
  toCompatSchema({ type: 'record', name: 'AccountOpened', namespace: 'com.acme.accounts', fields });

// A history in which every version differs from the candidate in its own way, so that each finding
// says which version and which direction it came from:
// v0 lacks `currency` (the candidate's new field has no default → backward finding vs v0),
// v1 has `owner` without default that the candidate dropped (→ forward finding vs v1 and v0),
// v2 (latest) has `region` as int where the candidate has long (→ forward finding vs v2: int ← long).
const v0 = account([
  { name: 'id', type: 'string' },
  { name: 'owner', type: 'string' },
]);
const v1 = account([
  { name: 'id', type: 'string' },
  { name: 'owner', type: 'string' },
  { name: 'currency', type: 'string' },
]);
const v2 = account([
  { name: 'id', type: 'string' },
  { name: 'currency', type: 'string' },
  { name: 'region', type: 'int', default: 0 },
]);
const candidate = account([
  { name: 'id', type: 'string' },
  { name: 'currency', type: 'string' },
  { name: 'region', type: 'long', default: 0 },
]);
const history = [v0, v1, v2];

function summary(findings: ModeFinding[]): string[] {
  return findings.map(
    (f) => `v${f.previousIndex} ${f.direction} ${f.incompatibility.kind} ${f.incompatibility.readerPointer}`,
  );
}

describe('checkMode', () => {
  it.each<[CompatibilityMode, string[]]>([
    ['NONE', []],
    // Latest only, candidate reads v2: `region` int → long is a promotion, nothing to report.
    ['BACKWARD', []],
    ['BACKWARD_TRANSITIVE', ['v0 backward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1']],
    // v2 reads the candidate: long cannot be read as int.
    ['FORWARD', ['v2 forward TYPE_MISMATCH /fields/2/type']],
    [
      'FORWARD_TRANSITIVE',
      [
        'v2 forward TYPE_MISMATCH /fields/2/type',
        'v1 forward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1',
        'v0 forward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1',
      ],
    ],
    ['FULL', ['v2 forward TYPE_MISMATCH /fields/2/type']],
    [
      'FULL_TRANSITIVE',
      [
        'v2 forward TYPE_MISMATCH /fields/2/type',
        'v1 forward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1',
        'v0 backward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1',
        'v0 forward READER_FIELD_MISSING_DEFAULT_VALUE /fields/1',
      ],
    ],
  ])('%s checks the versions and directions the registry checks', (mode, expected) => {
    expect(summary(checkMode(mode, candidate, history))).toEqual(expected);
  });

  // A first version has nothing to be compatible with, whatever the mode.
  it('finds nothing without previous versions', () => {
    for (const mode of ['BACKWARD', 'FORWARD_TRANSITIVE', 'FULL'] as const) {
      expect(checkMode(mode, candidate, [])).toEqual([]);
    }
  });

  // Each finding keeps the full incompatibility, so the CLI can render it without re-checking.
  it('carries the incompatibility with its message', () => {
    const [finding] = checkMode('FORWARD', candidate, history);
    expect(finding?.incompatibility.message).toBe(
      'field `region` of `com.acme.accounts.AccountOpened` is int in the reader but long in the writer, which Avro cannot convert',
    );
  });
});

/** Parses a generated pair, or returns undefined when Avro Java would refuse one of the schemas. */
function parsedPair(reader: Json, writer: Json): [CompatSchema, CompatSchema] | undefined {
  try {
    return [toCompatSchema(reader), toCompatSchema(writer)];
  } catch {
    return undefined;
  }
}

function withoutDirection(findings: ModeFinding[]) {
  return findings.map((f) => ({ previousIndex: f.previousIndex, incompatibility: f.incompatibility }));
}

function flipped(findings: ModeFinding[]) {
  return findings.map((f) => ({ ...f, direction: f.direction === 'backward' ? 'forward' : 'backward' }));
}

describe('backward ↔ forward symmetry', () => {
  // BACKWARD(b, [a]) and FORWARD(a, [b]) both ask whether b reads a; no exception has been needed
  // (a reader field matching two writer fields throws in both, which the property allows).
  it('BACKWARD(b, [a]) equals FORWARD(a, [b]) up to direction, and FULL is symmetric', () => {
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base, evolved }) => {
        const pair = parsedPair(evolved, base);
        if (pair === undefined) return;
        const [b, a] = pair;
        let backward: ModeFinding[];
        try {
          backward = checkMode('BACKWARD', b, [a]);
        } catch (error) {
          expect(error).toBeInstanceOf(AmbiguousFieldError);
          expect(() => checkMode('FORWARD', a, [b])).toThrow(AmbiguousFieldError);
          return;
        }
        expect(withoutDirection(checkMode('FORWARD', a, [b]))).toEqual(withoutDirection(backward));
        expect(backward.every((f) => f.direction === 'backward')).toBe(true);
        let full: ModeFinding[];
        try {
          full = checkMode('FULL', a, [b]);
        } catch (error) {
          expect(error).toBeInstanceOf(AmbiguousFieldError);
          return;
        }
        const swapped = checkMode('FULL', b, [a]);
        expect(flipped(full).sort((x, y) => x.direction.localeCompare(y.direction))).toEqual(
          [...swapped].sort((x, y) => x.direction.localeCompare(y.direction)),
        );
      }),
      propertyRuns(300),
    );
  });

  // Every schema reads its own data (Avro Java agrees; only an ambiguous field alias throws).
  it('every schema is FULL_TRANSITIVE-compatible with copies of itself', () => {
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base }) => {
        const pair = parsedPair(base, base);
        if (pair === undefined) return;
        try {
          expect(checkMode('FULL_TRANSITIVE', pair[0], [pair[1], pair[1]])).toEqual([]);
        } catch (error) {
          expect(error).toBeInstanceOf(AmbiguousFieldError);
        }
      }),
      propertyRuns(300),
    );
  });
});
