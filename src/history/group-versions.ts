/**
 * Chaining versions into contracts. Git follows a file by path (and renames it detects); a contract
 * is followed by what the caller parses out of the bytes, usually the record's full name. This
 * groups versions by that key, so that a contract moved to another file, or split off a copied one,
 * still gets its whole history. Pure.
 */
import type { HistoricalVersion } from './read-history.ts';

/** Versions grouped by the caller's key. */
export interface VersionGroups<Version extends HistoricalVersion = HistoricalVersion> {
  /** Key → that contract's versions, oldest → newest, each content once. Keys in order of first appearance. */
  groups: Map<string, Version[]>;
  /** Versions of files for which `keyOf` gave no key at any point of their history. */
  unkeyed: Version[];
}

/**
 * Groups `versions` (as `readHistory` returns them, oldest → newest) by `keyOf`, e.g. the record
 * full name parsed from `bytes`. A version without a key of its own (a commit where the file did not
 * parse) takes the key of its file's nearest earlier keyed version, else of the nearest later one:
 * it belongs to the same contract, and the caller decides how to report it. Within a group, a
 * content that appeared before (same blob, e.g. a file copied elsewhere) is not repeated.
 */
export function groupVersions<Version extends HistoricalVersion>(
  versions: readonly Version[],
  keyOf: (version: Version) => string | undefined,
): VersionGroups<Version> {
  const ownKeys = versions.map((version) => keyOf(version));
  const keys = [...ownKeys];
  const lastKeyOfLineage = new Map<HistoricalVersion['lineage'], string>();
  versions.forEach((version, index) => {
    const own = ownKeys[index];
    if (own !== undefined) lastKeyOfLineage.set(version.lineage, own);
    else keys[index] = lastKeyOfLineage.get(version.lineage);
  });
  const nextKeyOfLineage = new Map<HistoricalVersion['lineage'], string>();
  for (let index = versions.length - 1; index >= 0; index--) {
    const lineage = versions[index]!.lineage;
    const own = ownKeys[index];
    if (own !== undefined) nextKeyOfLineage.set(lineage, own);
    else if (keys[index] === undefined) keys[index] = nextKeyOfLineage.get(lineage);
  }
  const groups = new Map<string, Version[]>();
  const seen = new Map<string, Set<string>>();
  const unkeyed: Version[] = [];
  versions.forEach((version, index) => {
    const key = keys[index];
    if (key === undefined) {
      unkeyed.push(version);
      return;
    }
    const blobs = seen.get(key) ?? new Set<string>();
    seen.set(key, blobs);
    if (blobs.has(version.blob)) return;
    blobs.add(version.blob);
    const group = groups.get(key);
    if (group) group.push(version);
    else groups.set(key, [version]);
  });
  return { groups, unkeyed };
}
