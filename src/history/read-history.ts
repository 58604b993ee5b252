/**
 * Every earlier version of the contract files: one `git log --raw` over the history (which names
 * each version's blob) and one `git cat-file --batch` for all the blobs. No process per commit, so a
 * thousand commits cost two processes.
 */
import { readFile } from 'node:fs/promises';
import type { SourceFile } from '../contracts/model.ts';
import { openRepository, type RepositoryFacts, readObjects, runGit } from './git.ts';
import { HistoryError } from './history-error.ts';
import { createPathFilter, rootPathspecs } from './path-filter.ts';
import { defaultRemote, fetchFromRemote, isShallowRepository, listRemotes, requireCommit } from './refs.ts';

/** The commit a version comes from. */
export interface CommitInfo {
  /** Full sha. */
  sha: string;
  /** Committer date, strict ISO 8601 with the committer's offset (`2024-03-01T10:15:00+01:00`). */
  date: string;
  /** First line of the commit message. */
  subject: string;
}

/**
 * One file followed through history, across renames and moves (git's rename detection, `-M`).
 * Shared by all the versions of that file, so the caller can chain them.
 */
export interface FileLineage {
  /**
   * `<sha>:<path>` of the commit that added the file (or first showed it under the include
   * patterns): a stable identity, and a revision `git show` accepts.
   */
  id: string;
  /** Every path the file had, oldest first; more than one when it was renamed or moved. */
  paths: string[];
  /** The path at `until`, or `undefined` when the file was deleted (or moved out of the include patterns) before. */
  pathAtUntil?: string;
  /** The commit that deleted the file or moved it out of the include patterns, if one did. */
  deletedIn?: CommitInfo;
}

/** One distinct content of one file in history. `path`/`bytes` make it a `SourceFile` for the parser. */
export interface HistoricalVersion extends SourceFile {
  /** Path relative to the project root in the commit that introduced this content. */
  path: string;
  /** The content; versions with the same `blob` share one array, so do not mutate it. */
  bytes: Uint8Array;
  /** Git blob id of the content. */
  blob: string;
  /** The commit that introduced this content at `path`. */
  commit: CommitInfo;
  /** What that commit did to the file: `renamed` when it moved and changed in the same commit. */
  change: 'added' | 'modified' | 'renamed' | 'copied';
  /** The path before, when `change` is `renamed` or `copied` (possibly outside the include patterns). */
  previousPath?: string;
  lineage: FileLineage;
}

/** What {@link readHistory} reads. */
export interface ReadHistoryOptions {
  /** The project root (where the config lives); may be a subdirectory of the repository. */
  cwd: string;
  /** The newest commit to include (usually `BaseRef.sha`); its own versions are part of the result. */
  until: string;
  /** Patterns relative to `cwd` that select contract files, as in the config's `include`. */
  include: readonly string[];
  /** Patterns relative to `cwd` that remove files from the selection. */
  exclude?: readonly string[];
  /** Keep only the newest N distinct versions of each file (older ones are dropped). Unlimited by default. */
  maxVersionsPerFile?: number;
  /**
   * Walk only the first-parent chain of `until` (the default): the states the main line really had,
   * with each merge seen as one change. `false` walks every commit, including work-in-progress
   * commits of merged branches that were never deployed.
   */
  firstParent?: boolean;
  /**
   * In a shallow clone whose history is cut off, return the versions that are there instead of
   * failing with `shallow-clone`. Versions older than the cut are then missing.
   */
  allowShallow?: boolean;
  /** In a shallow clone, fetch the rest of the history (`git fetch --unshallow`) instead of failing. */
  fetchMissing?: boolean;
  /** The remote to fetch from with `fetchMissing`; `origin` by default. */
  remote?: string;
  /** Told each `git fetch` command run for `fetchMissing`, so the caller can report it. */
  onFetch?: (command: string) => void;
}

/** One line of `git log --raw`: how a commit changed one path. @internal */
export interface RawChange {
  /** `A`dded, `M`odified, `D`eleted, `R`enamed, `C`opied, `T`ype changed, ... */
  status: string;
  oldMode: string;
  newMode: string;
  newBlob: string;
  /** Path from the repository top, after the change. */
  path: string;
  /** Path before the change, for `R` and `C`. */
  oldPath?: string;
}

/** One commit of the walk, with its changes to the paths under the pathspecs. @internal */
export interface LogCommit extends CommitInfo {
  changes: RawChange[];
}

/** The `git log` pretty format {@link parseLog} reads: record separator, then fields separated by 0x1f. @internal */
export const logFormat = '%x1e%H%x1f%cI%x1f%s';

/**
 * Parses `git log -z --raw --no-abbrev --format=<logFormat>`. Paths are taken positionally after
 * each `:`-line, so no character a path may contain can confuse it.
 * @internal
 */
export function parseLog(output: string): LogCommit[] {
  const tokens = output.split('\0');
  const commits: LogCommit[] = [];
  let current: LogCommit | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!.replace(/^\n/, '');
    if (token === '') continue;
    if (token.startsWith('\x1e')) {
      const [sha = '', date = '', ...subject] = token.slice(1).split('\x1f');
      current = { sha, date, subject: subject.join('\x1f'), changes: [] };
      commits.push(current);
      continue;
    }
    if (!token.startsWith(':') || current === undefined) {
      throw new Error(`unexpected git log token "${token.slice(0, 80)}"`);
    }
    const [oldMode = '', newMode = '', , newBlob = '', status = ''] = token.slice(1).split(' ');
    const letter = status.charAt(0);
    const twoPaths = letter === 'R' || letter === 'C';
    const first = tokens[++index];
    const second = twoPaths ? tokens[++index] : undefined;
    if (first === undefined || (twoPaths && second === undefined))
      throw new Error('git log output ends inside a change');
    current.changes.push(
      twoPaths
        ? { status: letter, oldMode, newMode, newBlob, path: second!, oldPath: first }
        : { status: letter, oldMode, newMode, newBlob, path: first },
    );
  }
  return commits;
}

/** A version before its bytes are read. @internal */
export type PendingVersion = Omit<HistoricalVersion, 'bytes'>;

const regularFile = /^100(?:644|755)$/;

/**
 * Follows files through the commits (oldest first) and returns the first occurrence of each
 * distinct content of each file. `toProjectPath` maps a repository path to a project path when it is
 * a contract file, else `undefined`. Pure: this is the engine `readHistory` feeds.
 * @internal
 */
export function collectVersions(
  commits: readonly LogCommit[],
  toProjectPath: (repositoryPath: string) => string | undefined,
): PendingVersion[] {
  const versions: PendingVersion[] = [];
  const live = new Map<string, { lineage: FileLineage; blobs: Set<string> }>();
  const fileAt = (path: string, mode: string) => (regularFile.test(mode) ? toProjectPath(path) : undefined);
  for (const commit of commits) {
    const info: CommitInfo = { sha: commit.sha, date: commit.date, subject: commit.subject };
    // Sources first: a commit may swap two files (a→b, b→a), and each rename must take the lineage it had before.
    const departed = new Map<string, { lineage: FileLineage; blobs: Set<string> }>();
    for (const change of commit.changes) {
      const source = change.status === 'R' ? change.oldPath : change.status === 'D' ? change.path : undefined;
      if (source === undefined) continue;
      const state = live.get(source);
      if (state === undefined) continue;
      live.delete(source);
      departed.set(source, state);
    }
    for (const change of commit.changes) {
      const path = fileAt(change.path, change.newMode);
      if (change.status === 'D') continue;
      if (change.status === 'R' && change.oldPath !== undefined) {
        const state = departed.get(change.oldPath);
        if (path === undefined) continue;
        if (state !== undefined) {
          departed.delete(change.oldPath);
          state.lineage.paths.push(path);
          live.set(change.path, state);
          if (!state.blobs.has(change.newBlob)) {
            state.blobs.add(change.newBlob);
            versions.push({
              path,
              blob: change.newBlob,
              commit: info,
              change: 'renamed',
              previousPath: projectOrRepositoryPath(change.oldPath, toProjectPath),
              lineage: state.lineage,
            });
          }
          continue;
        }
      }
      if (path === undefined) {
        // Modified into something that is no longer a contract file (a symlink, a submodule): it ends here.
        const state = live.get(change.path);
        if (state !== undefined) {
          live.delete(change.path);
          state.lineage.deletedIn = info;
        }
        continue;
      }
      const existing = change.status === 'M' || change.status === 'T' ? live.get(change.path) : undefined;
      if (existing !== undefined) {
        if (!existing.blobs.has(change.newBlob)) {
          existing.blobs.add(change.newBlob);
          versions.push({
            path,
            blob: change.newBlob,
            commit: info,
            change: 'modified',
            lineage: existing.lineage,
          });
        }
        continue;
      }
      const lineage: FileLineage = { id: `${commit.sha}:${change.path}`, paths: [path] };
      live.set(change.path, { lineage, blobs: new Set([change.newBlob]) });
      const copied = (change.status === 'C' || change.status === 'R') && change.oldPath !== undefined;
      versions.push({
        path,
        blob: change.newBlob,
        commit: info,
        change: change.status === 'C' ? 'copied' : copied ? 'renamed' : 'added',
        ...(copied ? { previousPath: projectOrRepositoryPath(change.oldPath!, toProjectPath) } : {}),
        lineage,
      });
    }
    for (const state of departed.values()) state.lineage.deletedIn = info;
  }
  for (const [path, state] of live) state.lineage.pathAtUntil = toProjectPath(path) ?? path;
  return versions;
}

function projectOrRepositoryPath(path: string, toProjectPath: (path: string) => string | undefined): string {
  return toProjectPath(path) ?? path;
}

/** Keeps the newest `limit` versions of each lineage, preserving the overall order. @internal */
export function keepNewestVersions<Version extends { lineage: FileLineage }>(
  versions: readonly Version[],
  limit: number | undefined,
): Version[] {
  if (limit === undefined || !Number.isFinite(limit)) return [...versions];
  const keep = Math.max(0, Math.floor(limit));
  const remaining = new Map<FileLineage, number>();
  for (const version of versions) remaining.set(version.lineage, (remaining.get(version.lineage) ?? 0) + 1);
  return versions.filter((version) => {
    const left = remaining.get(version.lineage)!;
    remaining.set(version.lineage, left - 1);
    return left <= keep;
  });
}

/**
 * Every distinct earlier version of the contract files up to and including `until`, oldest →
 * newest (commit order; within a commit, git's path order). Each file is followed across renames and
 * moves; a content a file had before (a revert) is not repeated. Binary and huge blobs are returned
 * as bytes: telling a contract from garbage is the caller's job. Symbolic links are not followed in
 * history.
 *
 * @throws {HistoryError} `not-a-repository`, `git-not-found`, `ref-not-found` for `until`,
 * `shallow-clone` when a shallow clone cuts the history off (unless `allowShallow` or
 * `fetchMissing`), `fetch-failed`, `object-missing`.
 */
export async function readHistory(options: ReadHistoryOptions): Promise<HistoricalVersion[]> {
  const repository = await openRepository(options.cwd);
  const until = await requireCommit(repository, options.until);
  if (options.include.length === 0) return [];
  const firstParent = options.firstParent ?? true;
  if (repository.shallow && !options.allowShallow) {
    await ensureCompleteHistory(repository, until, firstParent, options);
  }
  const filter = createPathFilter(options.include, options.exclude);
  const pathspecs = rootPathspecs(repository.prefix, filter.roots);
  const walk = firstParent ? ['--first-parent', '--diff-merges=first-parent'] : ['--diff-merges=off'];
  const { stdout } = await runGit(repository.cwd, [
    'log',
    ...walk,
    '--reverse',
    '-z',
    '--raw',
    '--no-abbrev',
    '-M',
    '--no-relative',
    '--no-ext-diff',
    '--no-textconv',
    `--format=${logFormat}`,
    until,
    '--',
    ...pathspecs,
  ]);
  const toProjectPath = (path: string): string | undefined => {
    if (!path.startsWith(repository.prefix)) return undefined;
    const projectPath = path.slice(repository.prefix.length);
    return filter.matches(projectPath) ? projectPath : undefined;
  };
  const pending = keepNewestVersions(
    collectVersions(parseLog(stdout.toString('utf8')), toProjectPath),
    options.maxVersionsPerFile,
  );
  const blobs = [...new Set(pending.map((version) => version.blob))];
  const objects = await readObjects(repository.cwd, blobs);
  const contents = new Map<string, Uint8Array>();
  objects.forEach((object, index) => {
    if (object.kind !== 'object' || object.type !== 'blob') {
      const version = pending.find((candidate) => candidate.blob === blobs[index]);
      throw new HistoryError(
        'object-missing',
        `The content of ${version?.path ?? 'a contract file'} at ${version?.commit.sha.slice(0, 7) ?? '?'} is missing from the repository.`,
        'The clone is incomplete (a partial clone without access to its remote?): run `git fetch --refetch` or clone again.',
      );
    }
    contents.set(object.name, object.bytes);
  });
  return pending.map((version) => ({ ...version, bytes: contents.get(version.blob)! }));
}

/**
 * A shallow clone hides the versions before its cut. Fails with `shallow-clone` when the walk from
 * `until` reaches the cut, or with `fetchMissing` fetches the rest of the history.
 */
async function ensureCompleteHistory(
  repository: RepositoryFacts,
  until: string,
  firstParent: boolean,
  options: ReadHistoryOptions,
): Promise<void> {
  const cut = await reachesShallowCut(repository, until, firstParent);
  if (!cut) return;
  const remote = options.remote ?? defaultRemote;
  if (options.fetchMissing && (await listRemotes(repository.cwd)).includes(remote)) {
    const fetched: string[] = [];
    try {
      await fetchFromRemote(repository.cwd, ['--unshallow', remote], fetched);
    } finally {
      for (const command of fetched) options.onFetch?.(command);
    }
    if (
      !(await isShallowRepository(repository.cwd)) ||
      !(await reachesShallowCut(repository, until, firstParent))
    ) {
      return;
    }
  }
  throw new HistoryError(
    'shallow-clone',
    `The history of ${until.slice(0, 7)} is cut off by a shallow clone, so earlier versions of the contracts are missing (transitive compatibility needs all of them).`,
    'Fetch the whole history: git fetch --unshallow; in GitHub Actions set `fetch-depth: 0` on actions/checkout; or let kontract fetch it (fetchMissing).',
    { ref: until },
  );
}

async function reachesShallowCut(
  repository: RepositoryFacts,
  until: string,
  firstParent: boolean,
): Promise<boolean> {
  const shallowCommits = new Set(
    (await readFile(repository.shallowFile, 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line !== ''),
  );
  if (shallowCommits.size === 0) return false;
  const { stdout } = await runGit(repository.cwd, [
    'rev-list',
    ...(firstParent ? ['--first-parent'] : []),
    '--max-parents=0',
    until,
  ]);
  return stdout
    .toString('utf8')
    .split('\n')
    .some((sha) => shallowCommits.has(sha));
}
