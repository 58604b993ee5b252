/**
 * Compatibility modes, as the Confluent Schema Registry defines them per subject: which earlier
 * versions a candidate schema is checked against, and in which direction. Pure.
 */
import type { CompatibilityMode } from '../contracts/config-types.ts';
import type { CompatSchema } from './compat-schema.ts';
import { checkReaderWriter, type Incompatibility } from './resolve-compatibility.ts';

/**
 * `backward`: the candidate is the reader of data written with an earlier version (new consumers read
 * old data). `forward`: an earlier version is the reader of data written with the candidate (old
 * consumers read new data).
 */
export type CompatDirection = 'backward' | 'forward';

/** One incompatibility between the candidate and one earlier version. */
export interface ModeFinding {
  /** Index into `previous` (oldest → newest) of the version concerned. */
  previousIndex: number;
  direction: CompatDirection;
  incompatibility: Incompatibility;
}

/** The directions each mode checks, and whether it checks every earlier version or only the latest. */
export const MODE_RULES: Readonly<
  Record<CompatibilityMode, { directions: readonly CompatDirection[]; transitive: boolean }>
> = {
  BACKWARD: { directions: ['backward'], transitive: false },
  BACKWARD_TRANSITIVE: { directions: ['backward'], transitive: true },
  FORWARD: { directions: ['forward'], transitive: false },
  FORWARD_TRANSITIVE: { directions: ['forward'], transitive: true },
  FULL: { directions: ['backward', 'forward'], transitive: false },
  FULL_TRANSITIVE: { directions: ['backward', 'forward'], transitive: true },
  NONE: { directions: [], transitive: false },
};

/**
 * Applies a compatibility mode. BACKWARD(_TRANSITIVE): the candidate reads the latest (every)
 * previous version; FORWARD(_TRANSITIVE): the latest (every) previous version reads the candidate;
 * FULL(_TRANSITIVE): both; NONE: nothing. `previous` is ordered oldest → newest. Findings come newest
 * version first, backward before forward for each version.
 */
export function checkMode(
  mode: CompatibilityMode,
  candidate: CompatSchema,
  previous: readonly CompatSchema[],
): ModeFinding[] {
  const { directions, transitive } = MODE_RULES[mode];
  const findings: ModeFinding[] = [];
  if (directions.length === 0 || previous.length === 0) return findings;
  const oldest = transitive ? 0 : previous.length - 1;
  for (let previousIndex = previous.length - 1; previousIndex >= oldest; previousIndex--) {
    const version = previous[previousIndex] as CompatSchema;
    for (const direction of directions) {
      const incompatibilities =
        direction === 'backward'
          ? checkReaderWriter(candidate, version)
          : checkReaderWriter(version, candidate);
      for (const incompatibility of incompatibilities)
        findings.push({ previousIndex, direction, incompatibility });
    }
  }
  return findings;
}
