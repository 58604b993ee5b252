/**
 * A final greedy pass after fast-check's shrinking. fast-check shrinks each choice towards zero but,
 * once it has a shrink context, only tries values next to the last failing one; delivery plans are
 * not monotone (a crash after record 21 may fail while one after record 20 passes and one after
 * record 11 fails again), so its result can stop at a local minimum. This pass tries, for every
 * number in the case, smaller values from zero up, and for every list, dropping each element,
 * keeping any change that still fails, until nothing changes or the try budget is spent.
 * Deterministic, so `--seed S --path P` reproduces the same minimal case.
 */

type Path = (string | number)[];

function isPlain(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function leaves(value: unknown, path: Path, out: { path: Path; value: number | unknown[] }[]): void {
  if (typeof value === 'number' && Number.isInteger(value) && value !== 0) out.push({ path, value });
  else if (Array.isArray(value)) {
    if (value.length > 0) out.push({ path, value });
    for (let i = 0; i < value.length; i++) leaves(value[i], [...path, i], out);
  } else if (isPlain(value)) {
    for (const [key, member] of Object.entries(value)) leaves(member, [...path, key], out);
  }
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = replaceAt(copy[head as number], rest, replacement);
    return copy;
  }
  const record = value as Record<string, unknown>;
  return { ...record, [head as string]: replaceAt(record[head as string], rest, replacement) };
}

function readAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const part of path) current = (current as Record<string | number, unknown>)[part];
  return current;
}

/** Smaller candidates for an integer, closest to zero first: 0, ±1, ... and a spread up to the value. */
function candidatesFor(value: number): number[] {
  const size = Math.abs(value);
  const sign = Math.sign(value);
  const set = new Set<number>();
  for (let i = 0; i < Math.min(size, 48); i++) set.add(i);
  for (let k = 1; k < 16; k++) set.add(Math.floor((size * k) / 16));
  return [...set]
    .filter((n) => n < size)
    .sort((a, b) => a - b)
    .map((n) => n * sign);
}

/** Greedily minimises a failing case; `fails` must be deterministic. Returns the smallest case found. */
export async function minimizeCase<Case>(
  testCase: Case,
  fails: (candidate: Case) => Promise<boolean>,
  options: { maxTries?: number } = {},
): Promise<{ value: Case; tries: number; improvements: number }> {
  const maxTries = options.maxTries ?? 1500;
  let current: unknown = testCase;
  let tries = 0;
  let improvements = 0;
  let changed = true;
  while (changed && tries < maxTries) {
    changed = false;
    const found: { path: Path; value: number | unknown[] }[] = [];
    leaves(current, [], found);
    for (const leaf of found) {
      if (tries >= maxTries) break;
      const now = readAt(current, leaf.path);
      if (Array.isArray(now)) {
        for (let i = 0; i < now.length && tries < maxTries; i++) {
          const shorter = [...now.slice(0, i), ...now.slice(i + 1)];
          const candidate = replaceAt(current, leaf.path, shorter);
          tries++;
          if (await fails(candidate as Case)) {
            current = candidate;
            changed = true;
            improvements++;
            break;
          }
        }
        continue;
      }
      if (typeof now !== 'number') continue;
      for (const smaller of candidatesFor(now)) {
        if (tries >= maxTries) break;
        const candidate = replaceAt(current, leaf.path, smaller);
        tries++;
        if (await fails(candidate as Case)) {
          current = candidate;
          changed = true;
          improvements++;
          break;
        }
      }
    }
  }
  return { value: current as Case, tries, improvements };
}
