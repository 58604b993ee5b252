/**
 * The one error type of the git adapter. Every failure a user can fix (no git, not a repository, a
 * missing ref, a shallow clone, unrelated histories) becomes a `HistoryError` with a stable code, a
 * one-sentence message naming the thing concerned, and a hint with the command that fixes it. The
 * CLI prints message and hint and exits 2; it never shows a stack trace for these.
 */

/**
 * Why a history operation failed:
 * - `git-not-found`: no `git` executable on the PATH.
 * - `not-a-repository`: the directory does not exist or is not inside a git work tree.
 * - `unsafe-repository`: git refuses the repository because another user owns it (`safe.directory`).
 * - `no-commits`: the repository has no commit yet, so there is nothing to compare against.
 * - `ref-not-found`: a branch, tag, sha or revision expression that does not resolve to a commit.
 * - `no-default-base`: no `against` given and none of the default base branches exists.
 * - `shallow-clone`: the history needed (a merge base, or a file's earlier versions) is cut off by a shallow clone.
 * - `unrelated-histories`: HEAD and the base share no commit, so there is no merge base.
 * - `fetch-failed`: kontract tried to fetch missing history (`fetchMissing`) and git could not.
 * - `object-missing`: a blob listed in a tree is absent from the object database.
 * - `git-failed`: any other git failure; the message carries git's own words.
 */
export type HistoryErrorCode =
  | 'git-not-found'
  | 'not-a-repository'
  | 'unsafe-repository'
  | 'no-commits'
  | 'ref-not-found'
  | 'no-default-base'
  | 'shallow-clone'
  | 'unrelated-histories'
  | 'fetch-failed'
  | 'object-missing'
  | 'git-failed';

/** Context that helps a user (or a bug report) see what was run and what git said. */
export interface HistoryErrorDetails {
  /** The git command line that failed, as a user could type it. */
  command?: string;
  /** The first lines of git's standard error. */
  stderr?: string;
  /** The ref concerned, as the user gave it or as kontract chose it. */
  ref?: string;
}

/** A git history failure that a user can act on: the CLI turns it into exit code 2. */
export class HistoryError extends Error {
  /** Stable machine-readable reason; see {@link HistoryErrorCode}. */
  readonly code: HistoryErrorCode;
  /** What to do about it, concretely (usually a command to run). */
  readonly hint: string;
  readonly details: HistoryErrorDetails;

  constructor(code: HistoryErrorCode, message: string, hint: string, details: HistoryErrorDetails = {}) {
    super(message);
    this.name = 'HistoryError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }
}

/** True when `error` is a {@link HistoryError}, optionally with the given code. */
export function isHistoryError(error: unknown, code?: HistoryErrorCode): error is HistoryError {
  return error instanceof HistoryError && (code === undefined || error.code === code);
}
