/** Snapshot canonicalisation and diffs: equal JSON compares equal whatever the key order; non-JSON is refused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalizeSnapshot,
  diffSnapshots,
  formatSnapshotDiff,
  UnserialisableSnapshotError,
} from '../../src/replay/engine/snapshot.ts';
import { propertyRuns } from '../support/property.ts';

/** Reverses key order at every level, to prove order does not matter. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reorder(v)]),
    );
  }
  return value;
}

describe('canonicalizeSnapshot', () => {
  it('gives the same text for the same JSON in any key order, and round-trips', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const a = canonicalizeSnapshot(value);
        const b = canonicalizeSnapshot(reorder(value));
        expect(b.text).toBe(a.text);
        expect(canonicalizeSnapshot(a.value).text).toBe(a.text);
      }),
      propertyRuns(300),
    );
  });

  it.each([
    ['a Map', { balances: new Map([['a', 1]]) }, 'Map', 'balances'],
    ['a Set', { ids: new Set([1]) }, 'Set', 'ids'],
    ['a Date', { at: new Date(0) }, 'Date', 'at'],
    ['a function', { f: () => 1 }, 'function', 'f'],
    ['NaN', { rate: [1, Number.NaN] }, 'NaN', 'rate[1]'],
    ['a bigint', { n: 1n }, 'bigint', 'n'],
  ])('refuses %s, naming its path', (_name, value, found, path) => {
    try {
      canonicalizeSnapshot(value);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnserialisableSnapshotError);
      expect((error as UnserialisableSnapshotError).found).toBe(found);
      expect((error as UnserialisableSnapshotError).path).toBe(path);
    }
  });

  it('refuses a cycle', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalizeSnapshot(cyclic)).toThrow(/cycle at self/);
  });

  // A value that appears twice (not a cycle) is fine: JSON just repeats it.
  it('accepts a shared, acyclic value', () => {
    const shared = { x: 1 };
    expect(canonicalizeSnapshot({ a: shared, b: shared }).text).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe('diffSnapshots', () => {
  it('lists changed, missing and unexpected paths', () => {
    const changes = diffSnapshots({ a: { b: 1, c: 2 }, list: [1, 2] }, { a: { b: 2, d: 3 }, list: [1] });
    expect(formatSnapshotDiff(changes)).toEqual([
      'a.b: expected 1, actual 2',
      'a.c: expected 2, missing',
      'a.d: not expected, actual 3',
      'list[1]: expected 2, missing',
    ]);
  });

  it('finds no difference exactly when the canonical texts are equal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const equal = canonicalizeSnapshot(a).text === canonicalizeSnapshot(b).text;
        const ca = canonicalizeSnapshot(a).value;
        const cb = canonicalizeSnapshot(b).value;
        expect(diffSnapshots(ca, cb, 1).length === 0).toBe(equal);
      }),
      propertyRuns(300),
    );
  });
});
