/**
 * kontract's git adapter: the contract files as they were at the base commit, and every earlier
 * version of them, for schema-evolution checks.
 *
 * - {@link resolveBase} chooses the base: an explicit ref, else the merge base of HEAD with the pull
 *   request's base branch (`GITHUB_BASE_REF`) or with `origin/main`, `main`, `origin/master`, `master`.
 *   Shallow clones (the actions/checkout default) get a clear error with the fix, or, with
 *   `fetchMissing`, a bounded fetch of just the history needed.
 * - {@link readFilesAtCommit} reads the contract files at one commit (two git processes).
 * - {@link readHistory} reads every distinct earlier version, following renames and moves, for the
 *   transitive modes (two git processes for any length of history).
 * - {@link groupVersions} chains versions into contracts by a key the caller parses (the full name).
 *
 * It must never: run git through a shell, prompt for credentials, write to the work tree or the
 * index, fetch unless `fetchMissing` says so, or let a git failure escape as anything but a
 * {@link HistoryError} with a code, a message naming the thing concerned and a hint that fixes it.
 * Paths in and out are relative to the project root (`cwd`), which may be a subdirectory of the
 * repository; contents are bytes, parsed by the pure core.
 */
export { groupVersions, type VersionGroups } from './group-versions.ts';
export {
  HistoryError,
  type HistoryErrorCode,
  type HistoryErrorDetails,
  isHistoryError,
} from './history-error.ts';
export { type ReadFilesAtCommitOptions, readFilesAtCommit } from './read-files-at-commit.ts';
export {
  type CommitInfo,
  type FileLineage,
  type HistoricalVersion,
  type ReadHistoryOptions,
  readHistory,
} from './read-history.ts';
export { type BaseRef, type ResolveBaseOptions, resolveBase } from './resolve-base.ts';
