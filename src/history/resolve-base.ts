/**
 * What to compare against: an explicit ref, or the merge base of HEAD with the base branch, with the
 * shallow clones of CI handled (a clear error, or fetching what is missing when allowed).
 */
import { openRepository, type RepositoryFacts, resolveCommit, runGit } from './git.ts';
import { HistoryError } from './history-error.ts';
import {
  defaultRemote,
  fetchFromRemote,
  isShallowRepository,
  listRemotes,
  missingRefError,
  remoteBranchRefspec,
  requireCommit,
  shapeOfRef,
} from './refs.ts';

/** The commit the current contracts are compared against, and how it was chosen. */
export interface BaseRef {
  /** Full sha of the base commit. */
  sha: string;
  /** The ref as given (`against`) or as chosen (`origin/main`). */
  ref: string;
  /** One phrase for reports: `merge base of HEAD and origin/main (abc1234)`. */
  description: string;
  /** `explicit`: the commit `against` names; `merge-base`: where HEAD left the base branch. */
  kind: 'explicit' | 'merge-base';
  /** The `git fetch` commands kontract ran to bring missing history (`fetchMissing`), in order; empty when none. */
  fetched: string[];
}

/** What {@link resolveBase} looks at. */
export interface ResolveBaseOptions {
  /** The project directory, inside a git work tree (a detached HEAD is fine). */
  cwd: string;
  /**
   * What to compare against: a branch, tag, sha or revision (`HEAD~1`), used as it is. A trailing
   * `...` (`main...`, as in `git diff main...`) means the merge base of HEAD and that ref instead.
   */
  against?: string;
  /** Environment to read `GITHUB_BASE_REF` and `GITHUB_ACTIONS` from; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Fetch a missing base branch, and deepen a shallow clone until the merge base appears (bounded),
   * instead of failing with the command to run. What was run is listed in `BaseRef.fetched`.
   */
  fetchMissing?: boolean;
  /** The remote that holds the base branch; `origin` by default. */
  remote?: string;
  /** Commits per fetch of a shallow clone: the first fetch's depth and the first deepening step (doubled each round). Default 50. */
  fetchDepth?: number;
}

/** Branches tried, in order, when neither `against` nor `GITHUB_BASE_REF` says what the base is. */
function defaultCandidates(remote: string): string[] {
  return [`${remote}/main`, 'main', `${remote}/master`, 'master'];
}

/** Deepening rounds before giving up: 50 + 50 + 100 + ... + 3200 commits at the default depth. */
const maxDeepenRounds = 7;

interface Session {
  repository: RepositoryFacts;
  remote: string;
  fetchMissing: boolean;
  fetchDepth: number;
  fetched: string[];
  env: Record<string, string | undefined>;
}

const short = (sha: string): string => sha.slice(0, 7);

/**
 * Resolves what to compare against: explicit `against` (branch, tag, sha, `HEAD~1`), else in GitHub
 * Actions (`GITHUB_BASE_REF` set, i.e. a pull request) the merge base of HEAD and
 * `origin/$GITHUB_BASE_REF`, else the merge base of HEAD and the first of `origin/main`, `main`,
 * `origin/master`, `master` that exists.
 *
 * @throws {HistoryError} `not-a-repository`, `git-not-found`, `no-commits`; `ref-not-found` naming
 * the ref and the fetch that brings it; `no-default-base`; `shallow-clone` when a shallow clone cuts
 * the history before the merge base (with the fix); `unrelated-histories`; `fetch-failed`.
 */
export async function resolveBase(options: ResolveBaseOptions): Promise<BaseRef> {
  const repository = await openRepository(options.cwd);
  const session: Session = {
    repository,
    remote: options.remote ?? defaultRemote,
    fetchMissing: options.fetchMissing ?? false,
    fetchDepth: Math.max(1, Math.floor(options.fetchDepth ?? 50)),
    fetched: [],
    env: options.env ?? process.env,
  };
  await requireCommit(repository, 'HEAD');

  const against = options.against?.trim();
  if (against) {
    if (against.endsWith('...') && against.length > 3) return mergeBaseWith(session, against.slice(0, -3));
    return explicitBase(session, against);
  }

  const baseBranch = session.env.GITHUB_BASE_REF?.trim();
  if (baseBranch) return mergeBaseWith(session, `${session.remote}/${baseBranch}`);

  const candidates = defaultCandidates(session.remote);
  for (const candidate of candidates) {
    if ((await resolveCommit(repository.cwd, candidate)) !== undefined)
      return mergeBaseWith(session, candidate);
  }
  if (session.fetchMissing && (await listRemotes(repository.cwd)).includes(session.remote)) {
    for (const branch of ['main', 'master']) {
      const ref = `${session.remote}/${branch}`;
      if (await fetchRemoteBranch(session, branch)) return mergeBaseWith(session, ref);
    }
  }
  throw new HistoryError(
    'no-default-base',
    `No base to compare against: none of ${candidates.join(', ')} exists, and GITHUB_BASE_REF is not set.`,
    `Pass the base explicitly (--against <branch|tag|sha>), or fetch the default branch: git fetch ${session.remote} main:refs/remotes/${session.remote}/main.`,
  );
}

async function explicitBase(session: Session, against: string): Promise<BaseRef> {
  const { sha, ref } = await resolveOrFetch(session, against);
  const via = ref === against ? '' : `, as ${ref}`;
  return finish(session, {
    sha,
    ref: against,
    kind: 'explicit',
    description: `${against} (${short(sha)}${via})`,
  });
}

async function mergeBaseWith(session: Session, baseRef: string): Promise<BaseRef> {
  const { cwd } = session.repository;
  const { sha: baseSha, ref } = await resolveOrFetch(session, baseRef);
  let mergeBase = await findMergeBase(cwd, baseSha);
  if (mergeBase === undefined && (await isShallowRepository(cwd))) {
    const canFetch = session.fetchMissing && (await listRemotes(cwd)).includes(session.remote);
    if (!canFetch) throw shallowCloneError(session, ref);
    mergeBase = await deepenUntilMergeBase(session, ref);
  }
  if (mergeBase === undefined) {
    throw new HistoryError(
      'unrelated-histories',
      `HEAD and ${ref} have no common ancestor (unrelated histories), so there is no merge base to compare against.`,
      `Compare against an explicit commit instead (--against <ref>), or check that ${ref} is the right base branch.`,
      { ref },
    );
  }
  const atHead = (await resolveCommit(cwd, 'HEAD')) === mergeBase ? ', which is HEAD itself' : '';
  return finish(session, {
    sha: mergeBase,
    ref,
    kind: 'merge-base',
    description: `merge base of HEAD and ${ref} (${short(mergeBase)}${atHead})`,
  });
}

function finish(session: Session, base: Omit<BaseRef, 'fetched'>): BaseRef {
  if (session.fetched.length === 0) return { ...base, fetched: [] };
  const times = session.fetched.length === 1 ? 'once' : `${session.fetched.length} times`;
  return {
    ...base,
    description: `${base.description}, after fetching from ${session.remote} ${times}`,
    fetched: [...session.fetched],
  };
}

async function findMergeBase(cwd: string, baseSha: string): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(cwd, ['merge-base', 'HEAD', baseSha], { acceptExitCodes: [1] });
  const sha = stdout.toString('utf8').trim();
  return exitCode === 0 && sha !== '' ? sha : undefined;
}

/** Resolves `ref`; with `fetchMissing`, fetches it when missing. Returns the ref that finally resolved. */
async function resolveOrFetch(session: Session, ref: string): Promise<{ sha: string; ref: string }> {
  const { cwd } = session.repository;
  const sha = await resolveCommit(cwd, ref);
  if (sha !== undefined) return { sha, ref };
  if (session.fetchMissing && (await listRemotes(cwd)).includes(session.remote)) {
    const fetched = await fetchMissingRef(session, ref);
    if (fetched !== undefined) return fetched;
  }
  throw await missingRefError(session.repository, ref, {
    remote: session.remote,
    ...(session.fetchMissing && session.fetched.length > 0 ? { why: `not on ${session.remote} either` } : {}),
  });
}

async function fetchMissingRef(
  session: Session,
  ref: string,
): Promise<{ sha: string; ref: string } | undefined> {
  const { cwd } = session.repository;
  const { remote } = session;
  const shape = shapeOfRef(ref, remote);
  const resolved = async (name: string) => {
    const sha = await resolveCommit(cwd, name);
    return sha === undefined ? undefined : { sha, ref: name };
  };
  switch (shape.kind) {
    case 'remote-branch':
      return (await fetchRemoteBranch(session, shape.branch)) ? resolved(ref) : undefined;
    case 'sha': {
      const depth = (await isShallowRepository(cwd)) ? [`--depth=${session.fetchDepth}`] : [];
      return (await fetchFromRemote(cwd, [...depth, remote, ref], session.fetched))
        ? resolved(ref)
        : undefined;
    }
    case 'short-sha':
    case 'expression': {
      // Only more history can make an abbreviated sha or `HEAD~3` resolve, and only in a shallow clone.
      let step = session.fetchDepth;
      for (let round = 0; round < maxDeepenRounds && (await isShallowRepository(cwd)); round++) {
        await fetchFromRemote(cwd, [`--deepen=${step}`, remote], session.fetched);
        const found = await resolved(ref);
        if (found) return found;
        step *= 2;
      }
      return undefined;
    }
    case 'name': {
      const trackingRef = `${remote}/${ref}`;
      const tracked = await resolved(trackingRef);
      if (tracked) return tracked;
      if (await fetchRemoteBranch(session, ref)) return resolved(trackingRef);
      const depth = (await isShallowRepository(cwd)) ? [`--depth=${session.fetchDepth}`] : [];
      const tagFetched = await fetchFromRemote(
        cwd,
        [...depth, remote, `+refs/tags/${ref}:refs/tags/${ref}`],
        session.fetched,
      );
      return tagFetched ? resolved(ref) : undefined;
    }
  }
}

/** Fetches one branch of the remote into its remote-tracking ref; in a shallow clone, only `fetchDepth` commits of it. */
async function fetchRemoteBranch(session: Session, branch: string): Promise<boolean> {
  const { cwd } = session.repository;
  const depth = (await isShallowRepository(cwd)) ? [`--depth=${session.fetchDepth}`] : [];
  return fetchFromRemote(
    cwd,
    [...depth, session.remote, remoteBranchRefspec(session.remote, branch)],
    session.fetched,
  );
}

/**
 * Deepens a shallow clone (HEAD's history and the base branch's together: `--deepen` extends every
 * shallow boundary) in doubling steps until the merge base appears or the clone is complete.
 */
async function deepenUntilMergeBase(session: Session, baseRef: string): Promise<string | undefined> {
  const { cwd } = session.repository;
  const shape = shapeOfRef(baseRef, session.remote);
  const refspecs = shape.kind === 'remote-branch' ? [remoteBranchRefspec(session.remote, shape.branch)] : [];
  let step = session.fetchDepth;
  for (let round = 0; round < maxDeepenRounds; round++) {
    await fetchFromRemote(cwd, [`--deepen=${step}`, session.remote, ...refspecs], session.fetched);
    const baseSha = await resolveCommit(cwd, baseRef);
    const mergeBase = baseSha === undefined ? undefined : await findMergeBase(cwd, baseSha);
    if (mergeBase !== undefined || !(await isShallowRepository(cwd))) return mergeBase;
    step *= 2;
  }
  const fetchedCommits = session.fetchDepth * 2 ** maxDeepenRounds;
  throw new HistoryError(
    'shallow-clone',
    `Cannot find the merge base of HEAD and ${baseRef}: it lies more than ${fetchedCommits} commits back, beyond what kontract fetches into a shallow clone.`,
    'Fetch the whole history: git fetch --unshallow; in GitHub Actions set `fetch-depth: 0` on actions/checkout.',
    { ref: baseRef },
  );
}

function shallowCloneError(session: Session, baseRef: string): HistoryError {
  const shape = shapeOfRef(baseRef, session.remote);
  const branchArgs = shape.kind === 'remote-branch' ? ` ${session.remote} ${shape.branch}` : '';
  const inActions = session.env.GITHUB_ACTIONS === 'true';
  const actions = 'set `fetch-depth: 0` on actions/checkout';
  return new HistoryError(
    'shallow-clone',
    `Cannot find the merge base of HEAD and ${baseRef}: this is a shallow clone, and its history stops before the two meet.`,
    inActions
      ? `In this workflow, ${actions} (or fetch more history: git fetch --deepen=50${branchArgs}, repeated, or git fetch --unshallow); or let kontract fetch what it needs (fetchMissing).`
      : `Fetch more history: git fetch --deepen=50${branchArgs} (repeat until found) or git fetch --unshallow; in GitHub Actions ${actions}; or let kontract fetch what it needs (fetchMissing).`,
    { ref: baseRef },
  );
}
