/**
 * Snapshots are compared structurally: a snapshot is canonicalised to stable JSON text (object keys
 * sorted, `undefined` members dropped), so two snapshots are equal exactly when their texts are.
 * Anything JSON cannot carry faithfully (functions, symbols, Maps, Sets, Dates, cycles, NaN,
 * Infinity, bigint) makes the snapshot unserialisable: a finding, not a silent coercion.
 */

/** A snapshot after canonicalisation. */
export interface CanonicalSnapshot {
  /** Stable JSON text: equal snapshots have equal text. */
  text: string;
  /** The plain JSON value the text encodes. */
  value: unknown;
}

/** Thrown when a snapshot holds something that is not plain JSON. */
export class UnserialisableSnapshotError extends Error {
  /** Dotted path of the offending value inside the snapshot (`balances.acc-1`). */
  readonly path: string;
  /** What was found there (`Map`, `function`, `cycle`...). */
  readonly found: string;
  constructor(path: string, found: string) {
    super(`snapshot is not serialisable: ${found} at ${path === '' ? '(root)' : path}`);
    this.name = 'UnserialisableSnapshotError';
    this.path = path;
    this.found = found;
  }
}

/** Canonicalises a snapshot value, or throws `UnserialisableSnapshotError`. */
export function canonicalizeSnapshot(value: unknown): CanonicalSnapshot {
  const seen = new Set<object>();
  const text = stableStringify(value, '', seen);
  return { text, value: text === undefined ? null : JSON.parse(text) };
}

function describeKind(value: unknown): string | undefined {
  if (value === null) return undefined;
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : String(value);
    case 'bigint':
      return 'bigint';
    case 'function':
      return 'function';
    case 'symbol':
      return 'symbol';
    default: {
      if (Array.isArray(value)) return undefined;
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) return undefined;
      return (value as object).constructor?.name ?? 'object with a prototype';
    }
  }
}

function stableStringify(value: unknown, path: string, seen: Set<object>): string {
  const kind = describeKind(value);
  if (kind !== undefined) throw new UnserialisableSnapshotError(path, kind);
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (seen.has(value)) throw new UnserialisableSnapshotError(path, 'cycle');
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((item, i) => stableStringify(item, `${path}[${i}]`, seen)).join(',')}]`;
  } else {
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      parts.push(
        `${JSON.stringify(key)}:${stableStringify(member, path === '' ? key : `${path}.${key}`, seen)}`,
      );
    }
    out = `{${parts.join(',')}}`;
  }
  seen.delete(value);
  return out;
}

/** One difference between an expected and an actual snapshot. */
export interface SnapshotChange {
  /** Dotted path (`balances.acc-1.amountMinor`); empty for the root. */
  path: string;
  kind: 'changed' | 'missing' | 'unexpected';
  expected?: unknown;
  actual?: unknown;
}

/** Structural differences between two canonical JSON values, at most `limit` of them, by path. */
export function diffSnapshots(expected: unknown, actual: unknown, limit = 20): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  walkDiff(expected, actual, '', changes, limit);
  return changes;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function walkDiff(
  expected: unknown,
  actual: unknown,
  path: string,
  out: SnapshotChange[],
  limit: number,
): void {
  if (out.length >= limit) return;
  const join = (key: string | number) =>
    typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      if (!(key in actual)) out.push({ path: join(key), kind: 'missing', expected: expected[key] });
      else if (!(key in expected)) out.push({ path: join(key), kind: 'unexpected', actual: actual[key] });
      else walkDiff(expected[key], actual[key], join(key), out, limit);
      if (out.length >= limit) return;
    }
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const length = Math.max(expected.length, actual.length);
    for (let i = 0; i < length; i++) {
      if (i >= actual.length) out.push({ path: join(i), kind: 'missing', expected: expected[i] });
      else if (i >= expected.length) out.push({ path: join(i), kind: 'unexpected', actual: actual[i] });
      else walkDiff(expected[i], actual[i], join(i), out, limit);
      if (out.length >= limit) return;
    }
    return;
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual))
    out.push({ path, kind: 'changed', expected, actual });
}

/** Renders changes as lines: `- balances.acc-1: expected 100, actual 200`. */
export function formatSnapshotDiff(changes: readonly SnapshotChange[]): string[] {
  const show = (value: unknown) => {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  };
  return changes.map((change) => {
    const where = change.path === '' ? '(root)' : change.path;
    if (change.kind === 'missing') return `${where}: expected ${show(change.expected)}, missing`;
    if (change.kind === 'unexpected') return `${where}: not expected, actual ${show(change.actual)}`;
    return `${where}: expected ${show(change.expected)}, actual ${show(change.actual)}`;
  });
}
