/**
 * Suggestions for mistyped command names, options and option values ("did you mean `--format`?").
 */

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two adjacent letters
 * (optimal string alignment), so that `lnit` is one edit from `lint`, as a person would count it.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  // Rows i-2, i-1 and i of the dynamic-programming table.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Length of a word without the dashes of an option. */
function letters(word: string): number {
  return word.replace(/^-+/, '').length;
}

/**
 * The candidate closest to `input`, if it is close enough to be a plausible typo: a case-insensitive
 * match, or at most a third of the longer word away (leading dashes do not count, so `-x` is not a
 * typo of `-q`), or the start of a candidate at least three letters long. Ties go to the earlier
 * candidate, so callers list candidates in order of preference.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lowered = input.toLowerCase();
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lowered) return candidate;
    const distance = editDistance(lowered, candidate.toLowerCase());
    const limit = Math.floor(Math.max(letters(input), letters(candidate)) / 3);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  if (letters(lowered) >= 3) {
    return candidates.find((candidate) => candidate.toLowerCase().startsWith(lowered));
  }
  return undefined;
}

/** ` Did you mean '<x>'?`, or an empty string when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? '' : ` Did you mean '${match}'?`;
}
