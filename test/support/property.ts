/**
 * Property-test run settings shared by every fast-check test. The default profile pins the seed so a
 * CI failure reproduces locally; `KONTRACT_PROPERTY_PROFILE=deep` explores with a random seed and ten
 * times the runs (fast-check prints the seed and path of any failure).
 */
export function propertyRuns(defaultRuns: number): { seed?: number; numRuns: number } {
  if (process.env.KONTRACT_PROPERTY_PROFILE === 'deep') return { numRuns: defaultRuns * 10 };
  return { seed: 42, numRuns: defaultRuns };
}
