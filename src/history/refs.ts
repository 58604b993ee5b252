/**
 * Naming commits: resolving a ref to a sha, and when it does not resolve, saying which `git fetch`
 * brings it. Also the fetches themselves, for `fetchMissing`.
 * @internal
 */
import { formatCommand, type RepositoryFacts, resolveCommit, runGit } from './git.ts';
import { HistoryError, isHistoryError } from './history-error.ts';

/** A fetch that takes longer than this is stuck (network, a credential prompt that cannot be answered). */
const fetchTimeoutMs = 5 * 60_000;

/** The remote kontract fetches from and names in its hints unless told otherwise. @internal */
export const defaultRemote = 'origin';

const fullSha = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const abbreviatedSha = /^[0-9a-f]{7,64}$/i;
const revisionOperators = /[~^:@]|\.\./;

/** How a ref that is missing locally could be fetched. @internal */
export type RefShape =
  /** `origin/main`: a branch of the remote, fetched into `refs/remotes/<remote>/<branch>`. */
  | { kind: 'remote-branch'; branch: string }
  /** `0a1b2c...` (40 or 64 hex digits): fetched by id. */
  | { kind: 'sha' }
  /** `abc1234`: an abbreviated id, which servers do not resolve. */
  | { kind: 'short-sha' }
  /** `HEAD~3`, `main^2`, `v1@{1}`: reachable only by fetching more history. */
  | { kind: 'expression' }
  /** `main`, `release/1.2`, `v1.2.0`: a local branch or a tag. */
  | { kind: 'name' };

/** Classifies a ref the way the fetch hints need it. @internal */
export function shapeOfRef(ref: string, remote: string): RefShape {
  if (ref.startsWith(`${remote}/`) && !revisionOperators.test(ref)) {
    return { kind: 'remote-branch', branch: ref.slice(remote.length + 1) };
  }
  if (fullSha.test(ref)) return { kind: 'sha' };
  if (abbreviatedSha.test(ref)) return { kind: 'short-sha' };
  if (revisionOperators.test(ref)) return { kind: 'expression' };
  return { kind: 'name' };
}

/** The refspec that fetches `branch` of `remote` into its remote-tracking ref. @internal */
export function remoteBranchRefspec(remote: string, branch: string): string {
  return `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`;
}

const deepenAdvice =
  'git fetch --deepen=50 (repeat as needed) or git fetch --unshallow; in GitHub Actions set `fetch-depth: 0` on actions/checkout';

/** The sentence that tells a user how to get `ref` into the repository. @internal */
export function fetchHint(
  ref: string,
  options: { remote: string; hasRemote: boolean; shallow: boolean },
): string {
  const { remote } = options;
  const noRemote = options.hasRemote
    ? ''
    : ` (this repository has no remote named "${remote}": add it with git remote add ${remote} <url>)`;
  const shape = shapeOfRef(ref, remote);
  switch (shape.kind) {
    case 'remote-branch':
      return `Fetch it: git fetch ${remote} ${shape.branch}:refs/remotes/${remote}/${shape.branch}${noRemote}.`;
    case 'sha':
      return options.shallow
        ? `This is a shallow clone; fetch the commit with git fetch ${remote} ${ref}, or fetch more history: ${deepenAdvice}${noRemote}.`
        : `Fetch the commit: git fetch ${remote} ${ref}${noRemote}.`;
    case 'short-sha':
      return options.shallow
        ? `This is a shallow clone that may not reach that commit: ${deepenAdvice}; or pass the full 40-character sha.`
        : 'Check the sha (git log --oneline), or pass the full 40-character sha so that it can be fetched.';
    case 'expression':
      return options.shallow
        ? `This is a shallow clone, so "${ref}" may lie before its first commit: ${deepenAdvice}.`
        : `Check the revision with git rev-parse --verify '${ref}^{commit}'.`;
    case 'name':
      return `If it is a branch: git fetch ${remote} ${ref}:refs/remotes/${remote}/${ref} and compare against ${remote}/${ref}; if it is a tag: git fetch ${remote} tag ${ref} --no-tags${noRemote}.`;
  }
}

/** The names of the repository's remotes. @internal */
export async function listRemotes(cwd: string): Promise<string[]> {
  const { stdout } = await runGit(cwd, ['remote']);
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((name) => name !== '');
}

/** Re-reads whether the repository is shallow (a fetch may have changed it). @internal */
export async function isShallowRepository(cwd: string): Promise<boolean> {
  const { stdout } = await runGit(cwd, ['rev-parse', '--is-shallow-repository']);
  return stdout.toString('utf8').trim() === 'true';
}

/** The `ref-not-found` error for `ref`, with the fetch that brings it. @internal */
export async function missingRefError(
  repository: RepositoryFacts,
  ref: string,
  options: { remote?: string; why?: string } = {},
): Promise<HistoryError> {
  const remote = options.remote ?? defaultRemote;
  const message = `The ref "${ref}" does not exist in this repository${options.why ? ` (${options.why})` : ''}.`;
  // `git switch release` finds origin/release on its own; kontract names it rather than guess.
  if (shapeOfRef(ref, remote).kind === 'name' && (await resolveCommit(repository.cwd, `${remote}/${ref}`))) {
    return new HistoryError(
      'ref-not-found',
      message,
      `Did you mean ${remote}/${ref}? Pass --against ${remote}/${ref}.`,
      {
        ref,
      },
    );
  }
  const remotes = await listRemotes(repository.cwd);
  const shallow = await isShallowRepository(repository.cwd);
  return new HistoryError(
    'ref-not-found',
    message,
    fetchHint(ref, { remote, hasRemote: remotes.includes(remote), shallow }),
    { ref },
  );
}

/** The sha of the commit `revision` names; throws `ref-not-found` with a fetch hint when it names none. @internal */
export async function requireCommit(repository: RepositoryFacts, revision: string): Promise<string> {
  const sha = await resolveCommit(repository.cwd, revision);
  if (sha !== undefined) return sha;
  if (revision === 'HEAD') throw await noCommitsError(repository);
  throw await missingRefError(repository, revision);
}

/** The error for a repository without commits, or `ref-not-found` for a HEAD that names nothing. @internal */
async function noCommitsError(repository: RepositoryFacts): Promise<HistoryError> {
  const { stdout } = await runGit(repository.cwd, ['rev-list', '-n', '1', '--all']);
  if (stdout.toString('utf8').trim() === '') {
    return new HistoryError(
      'no-commits',
      'The repository has no commits yet, so there is no earlier version to compare against.',
      'Commit the contracts first (git add contracts && git commit), or run `kontract lint` only.',
    );
  }
  return new HistoryError(
    'ref-not-found',
    'HEAD does not name a commit (the current branch has no commits yet).',
    'Check out a branch that has commits: git switch <branch>.',
    { ref: 'HEAD' },
  );
}

/**
 * Runs one `git fetch` for `fetchMissing` and records it in `log`. Returns false when the remote
 * does not have what was asked for; throws `fetch-failed` for every other failure (network,
 * authentication, missing remote).
 * @internal
 */
export async function fetchFromRemote(cwd: string, args: readonly string[], log: string[]): Promise<boolean> {
  const fetchArgs = ['fetch', '--no-tags', '--quiet', ...args];
  const command = formatCommand(fetchArgs);
  log.push(command);
  try {
    await runGit(cwd, fetchArgs, { timeoutMs: fetchTimeoutMs });
    return true;
  } catch (error) {
    const stderr = isHistoryError(error) ? (error.details.stderr ?? '') : String(error);
    if (/couldn't find remote ref|not our ref|no such remote ref|unadvertised object/i.test(stderr))
      return false;
    if (isHistoryError(error) && error.code !== 'git-failed') throw error;
    throw new HistoryError(
      'fetch-failed',
      `kontract could not fetch the missing history: \`${command}\` failed: ${stderr ? stderr.split('\n')[0] : error instanceof Error ? error.message : String(error)}`,
      'Check the remote and your credentials (git fetch must work in this shell), or fetch the history before running kontract.',
      { command, stderr },
    );
  }
}
