import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryError, resolveBase } from '../../src/history/index.ts';
import { cloneRepo, createRepo, removeTestRepos, type TestRepo, tempDirectory } from '../support/git-repo.ts';

afterAll(removeTestRepos);

const deposited = (version: number) =>
  JSON.stringify({
    type: 'record',
    name: 'MoneyDeposited',
    namespace: 'com.acme.accounts',
    version,
    fields: [],
  });

/**
 * main: c1 ─ c2 ─ c3 ─ c4           (main moved on after the branch)
 *                 └ f1 ─ f2          (feature, the pull request)
 */
function pullRequestRepo(): { repo: TestRepo; forkPoint: string; mainTip: string; featureTip: string } {
  const repo = createRepo({ files: { 'contracts/MoneyDeposited.avsc': deposited(1) } });
  repo.commit({ message: 'c2', files: { 'README.md': 'accounts' } });
  const forkPoint = repo.commit({ message: 'c3', files: { 'contracts/MoneyDeposited.avsc': deposited(2) } });
  repo.commit({ message: 'f1', branch: 'feature', files: { 'contracts/MoneyDeposited.avsc': deposited(3) } });
  const featureTip = repo.commit({ message: 'f2', files: { 'docs.md': 'why' } });
  const mainTip = repo.commit({
    message: 'c4',
    branch: 'main',
    files: { 'contracts/Other.avsc': deposited(9) },
  });
  repo.checkout('feature');
  return { repo, forkPoint, mainTip, featureTip };
}

async function historyError(promise: Promise<unknown>): Promise<HistoryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HistoryError);
  return error as HistoryError;
}

describe('resolveBase with an explicit ref', () => {
  it('resolves a branch, a tag, a full sha and a revision expression to that commit itself', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': deposited(1) } });
    const tagged = repo.commit({
      message: 'two',
      files: { 'contracts/A.avsc': deposited(2) },
      tag: 'v1.0.0',
    });
    const head = repo.commit({ message: 'three', files: { 'contracts/A.avsc': deposited(3) } });
    const cases: Array<[string, string]> = [
      ['main', head],
      ['v1.0.0', tagged],
      [tagged, tagged],
      ['HEAD~1', tagged],
    ];
    for (const [against, sha] of cases) {
      const base = await resolveBase({ cwd: repo.dir, against, env: {} });
      expect(base).toEqual({
        sha,
        ref: against,
        kind: 'explicit',
        description: `${against} (${sha.slice(0, 7)})`,
        fetched: [],
      });
    }
  });

  // `main...` is git's own spelling for "from where HEAD left main" (`git diff main...`).
  it('takes the merge base for a ref written with a trailing "..."', async () => {
    const { repo, forkPoint } = pullRequestRepo();
    const base = await resolveBase({ cwd: repo.dir, against: 'main...', env: {} });
    expect(base.sha).toBe(forkPoint);
    expect(base.kind).toBe('merge-base');
    expect(base.description).toBe(`merge base of HEAD and main (${forkPoint.slice(0, 7)})`);
  });

  it('names a missing remote branch and the fetch that brings it', async () => {
    const { repo } = pullRequestRepo();
    const clone = cloneRepo(repo, { branch: 'feature' });
    const error = await historyError(resolveBase({ cwd: clone.dir, against: 'origin/release', env: {} }));
    expect(error.code).toBe('ref-not-found');
    expect(error.message).toBe('The ref "origin/release" does not exist in this repository.');
    expect(error.hint).toBe('Fetch it: git fetch origin release:refs/remotes/origin/release.');
    expect(error.details.ref).toBe('origin/release');
  });

  it('gives branch and tag fetches for a missing plain name, and says when there is no origin', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': deposited(1) } });
    const error = await historyError(resolveBase({ cwd: repo.dir, against: 'release-7', env: {} }));
    expect(error.code).toBe('ref-not-found');
    expect(error.hint).toBe(
      'If it is a branch: git fetch origin release-7:refs/remotes/origin/release-7 and compare against origin/release-7; ' +
        'if it is a tag: git fetch origin tag release-7 --no-tags (this repository has no remote named "origin": add it with git remote add origin <url>).',
    );
  });

  // `git switch release` would quietly pick origin/release; kontract says so instead of guessing.
  it('suggests the remote-tracking ref for a plain name that exists only on origin', async () => {
    const { repo } = pullRequestRepo();
    repo.commit({ message: 'r', branch: 'release', from: 'main', files: { 'r.md': 'r' } });
    const clone = cloneRepo(repo, { branch: 'feature' });
    const error = await historyError(resolveBase({ cwd: clone.dir, against: 'release', env: {} }));
    expect(error.code).toBe('ref-not-found');
    expect(error.hint).toBe('Did you mean origin/release? Pass --against origin/release.');
    const base = await resolveBase({ cwd: clone.dir, against: 'release', env: {}, fetchMissing: true });
    expect(base.sha).toBe(repo.sha('release'));
    expect(base.description).toBe(`release (${base.sha.slice(0, 7)}, as origin/release)`);
    expect(base.fetched).toEqual([]);
  });

  it('says the ref is not on origin either when fetchMissing could not find it', async () => {
    const { repo } = pullRequestRepo();
    const clone = cloneRepo(repo, { branch: 'feature' });
    const error = await historyError(
      resolveBase({ cwd: clone.dir, against: 'origin/nowhere', env: {}, fetchMissing: true }),
    );
    expect(error.code).toBe('ref-not-found');
    expect(error.message).toBe(
      'The ref "origin/nowhere" does not exist in this repository (not on origin either).',
    );
  });

  // With fetchMissing, a base branch that was never fetched (a single-branch clone) is fetched, and the fetch reported.
  it('fetches a missing remote branch with fetchMissing and reports the command', async () => {
    const { repo, mainTip } = pullRequestRepo();
    const clone = cloneRepo(repo, { branch: 'feature', singleBranch: true });
    const base = await resolveBase({ cwd: clone.dir, against: 'origin/main', env: {}, fetchMissing: true });
    expect(base.sha).toBe(mainTip);
    expect(base.fetched).toEqual([
      'git fetch --no-tags --quiet origin +refs/heads/main:refs/remotes/origin/main',
    ]);
    expect(base.description).toBe(`origin/main (${mainTip.slice(0, 7)}), after fetching from origin once`);
  });

  // actions/checkout clones with depth 1, so `--against HEAD~1` (a push workflow) is not there yet.
  it('deepens a depth-1 clone until HEAD~1 exists with fetchMissing, and explains the cut without it', async () => {
    const { repo, featureTip } = pullRequestRepo();
    const clone = cloneRepo(repo, { depth: 1, branch: 'feature', detach: true });
    const error = await historyError(resolveBase({ cwd: clone.dir, against: 'HEAD~1', env: {} }));
    expect(error.code).toBe('ref-not-found');
    expect(error.hint).toContain('This is a shallow clone, so "HEAD~1" may lie before its first commit');
    expect(error.hint).toContain('`fetch-depth: 0`');
    const base = await resolveBase({ cwd: clone.dir, against: 'HEAD~1', env: {}, fetchMissing: true });
    expect(base.sha).toBe(repo.sha(`${featureTip}~1`));
    expect(base.fetched).toEqual(['git fetch --no-tags --quiet --deepen=50 origin']);
  });
});

describe('resolveBase by default', () => {
  // The pull-request case: the base is where the branch left main, not main's tip, which moved on.
  it('uses the merge base with origin/$GITHUB_BASE_REF in GitHub Actions', async () => {
    const { repo, forkPoint } = pullRequestRepo();
    const clone = cloneRepo(repo, { branch: 'feature', detach: true });
    const base = await resolveBase({
      cwd: clone.dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: 'main' },
    });
    expect(base).toEqual({
      sha: forkPoint,
      ref: 'origin/main',
      kind: 'merge-base',
      description: `merge base of HEAD and origin/main (${forkPoint.slice(0, 7)})`,
      fetched: [],
    });
  });

  it('uses GITHUB_BASE_REF even when it is not main', async () => {
    const { repo } = pullRequestRepo();
    const releasePoint = repo.commit({
      message: 'r1',
      branch: 'release',
      from: 'main~2',
      files: { 'r.md': 'r' },
    });
    repo.commit({ message: 'hotfix', branch: 'hotfix', files: { 'h.md': 'h' } });
    const clone = cloneRepo(repo, { branch: 'hotfix' });
    const base = await resolveBase({ cwd: clone.dir, env: { GITHUB_BASE_REF: 'release' } });
    expect(base.ref).toBe('origin/release');
    expect(base.sha).toBe(releasePoint);
  });

  it('prefers origin/main outside Actions, and falls back to a local main', async () => {
    const { repo, forkPoint } = pullRequestRepo();
    const clone = cloneRepo(repo, { branch: 'feature' });
    expect(await resolveBase({ cwd: clone.dir, env: {} })).toMatchObject({
      ref: 'origin/main',
      sha: forkPoint,
    });
    expect(await resolveBase({ cwd: repo.dir, env: {} })).toMatchObject({ ref: 'main', sha: forkPoint });
  });

  it('falls back to master when there is no main', async () => {
    const repo = createRepo({ defaultBranch: 'master', files: { 'contracts/A.avsc': deposited(1) } });
    const forkPoint = repo.sha();
    repo.commit({ message: 'topic', branch: 'topic', files: { 'contracts/A.avsc': deposited(2) } });
    expect(await resolveBase({ cwd: repo.dir, env: {} })).toMatchObject({ ref: 'master', sha: forkPoint });
  });

  // On the base branch itself the merge base is HEAD: nothing changed, which the description says.
  it('says when the merge base is HEAD itself', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': deposited(1) } });
    const base = await resolveBase({ cwd: repo.dir, env: {} });
    expect(base.description).toBe(
      `merge base of HEAD and main (${repo.sha().slice(0, 7)}, which is HEAD itself)`,
    );
  });

  // CI checks out a commit, not a branch.
  it('works with a detached HEAD', async () => {
    const { repo, forkPoint, featureTip } = pullRequestRepo();
    repo.checkout(featureTip, { detach: true });
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('HEAD');
    const base = await resolveBase({ cwd: repo.dir, env: {} });
    expect(base).toMatchObject({ ref: 'main', sha: forkPoint, kind: 'merge-base' });
  });

  it('fails with no-default-base when no default branch exists', async () => {
    const repo = createRepo({ defaultBranch: 'trunk', files: { 'contracts/A.avsc': deposited(1) } });
    const error = await historyError(resolveBase({ cwd: repo.dir, env: {} }));
    expect(error.code).toBe('no-default-base');
    expect(error.message).toBe(
      'No base to compare against: none of origin/main, main, origin/master, master exists, and GITHUB_BASE_REF is not set.',
    );
    expect(error.hint).toContain('--against <branch|tag|sha>');
  });

  it('names origin/$GITHUB_BASE_REF when it was not fetched', async () => {
    const { repo } = pullRequestRepo();
    const clone = cloneRepo(repo, { depth: 1, branch: 'feature', detach: true });
    const error = await historyError(resolveBase({ cwd: clone.dir, env: { GITHUB_BASE_REF: 'main' } }));
    expect(error.code).toBe('ref-not-found');
    expect(error.message).toBe('The ref "origin/main" does not exist in this repository.');
    expect(error.hint).toBe('Fetch it: git fetch origin main:refs/remotes/origin/main.');
  });
});

describe('resolveBase in a shallow clone', () => {
  // Both tips are there but not the commits between them and the fork point: merge-base finds nothing.
  it('explains the cut and the fix when the merge base is beyond the shallow boundary', async () => {
    const { repo } = pullRequestRepo();
    const clone = cloneRepo(repo, { depth: 1, branch: 'feature', allBranches: true, detach: true });
    const error = await historyError(
      resolveBase({ cwd: clone.dir, env: { GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: 'main' } }),
    );
    expect(error.code).toBe('shallow-clone');
    expect(error.message).toBe(
      'Cannot find the merge base of HEAD and origin/main: this is a shallow clone, and its history stops before the two meet.',
    );
    expect(error.hint).toBe(
      'In this workflow, set `fetch-depth: 0` on actions/checkout (or fetch more history: git fetch --deepen=50 origin main, repeated, or git fetch --unshallow); or let kontract fetch what it needs (fetchMissing).',
    );
  });

  // The actions/checkout default for a pull request: depth 1, detached, base branch not fetched, long histories.
  it('fetches the base branch and deepens until the merge base exists with fetchMissing', async () => {
    const { repo, forkPoint } = pullRequestRepo();
    repo.checkout('main');
    repo.importCommits(
      Array.from({ length: 12 }, (_, i) => ({ message: `main ${i}`, files: { 'log.txt': `main ${i}` } })),
    );
    repo.checkout('feature');
    repo.importCommits(
      Array.from({ length: 9 }, (_, i) => ({ message: `pr ${i}`, files: { 'pr.txt': `pr ${i}` } })),
    );
    const clone = cloneRepo(repo, { depth: 1, branch: 'feature', detach: true });
    const base = await resolveBase({
      cwd: clone.dir,
      env: { GITHUB_BASE_REF: 'main' },
      fetchMissing: true,
      fetchDepth: 2,
    });
    expect(base.sha).toBe(forkPoint);
    expect(base.fetched[0]).toBe(
      'git fetch --no-tags --quiet --depth=2 origin +refs/heads/main:refs/remotes/origin/main',
    );
    expect(base.fetched.slice(1)).toEqual([
      'git fetch --no-tags --quiet --deepen=2 origin +refs/heads/main:refs/remotes/origin/main',
      'git fetch --no-tags --quiet --deepen=4 origin +refs/heads/main:refs/remotes/origin/main',
      'git fetch --no-tags --quiet --deepen=8 origin +refs/heads/main:refs/remotes/origin/main',
    ]);
    expect(base.description).toBe(
      `merge base of HEAD and origin/main (${forkPoint.slice(0, 7)}), after fetching from origin 4 times`,
    );
  });

  // In Actions, HEAD is the merge of the pull request into the base branch (refs/pull/N/merge), at depth 1.
  it('finds the base of a depth-1 pull-request merge commit with fetchMissing', async () => {
    const { repo, mainTip } = pullRequestRepo();
    repo.commit({ message: 'Merge feature into main', branch: 'pr-merge', from: 'main', merge: 'feature' });
    const clone = cloneRepo(repo, { depth: 1, branch: 'pr-merge', detach: true });
    const base = await resolveBase({ cwd: clone.dir, env: { GITHUB_BASE_REF: 'main' }, fetchMissing: true });
    expect(base.sha).toBe(mainTip);
    expect(base.fetched.length).toBeGreaterThanOrEqual(2);
  });

  // fetchMissing cannot help without the remote it fetches from; the manual fix still applies.
  it('keeps the shallow-clone error when fetchMissing has no remote to fetch from', async () => {
    const { repo } = pullRequestRepo();
    const clone = cloneRepo(repo, { depth: 1, branch: 'feature', allBranches: true, detach: true });
    clone.git('remote', 'rename', 'origin', 'upstream');
    const error = await historyError(
      resolveBase({ cwd: clone.dir, against: 'upstream/main...', env: {}, fetchMissing: true }),
    );
    expect(error.code).toBe('shallow-clone');
    expect(error.hint).toContain('git fetch --unshallow');
  });

  it('reports a fetch that fails as fetch-failed with git’s words', async () => {
    const { repo } = pullRequestRepo();
    const clone = cloneRepo(repo, { depth: 1, branch: 'feature', detach: true });
    clone.git('remote', 'set-url', 'origin', `file://${join(tempDirectory(), 'gone')}`);
    const error = await historyError(
      resolveBase({ cwd: clone.dir, env: { GITHUB_BASE_REF: 'main' }, fetchMissing: true }),
    );
    expect(error.code).toBe('fetch-failed');
    expect(error.message).toMatch(
      /^kontract could not fetch the missing history: `git fetch --no-tags --quiet --depth=50 origin \+refs\/heads\/main:refs\/remotes\/origin\/main` failed: /,
    );
  });
});

describe('resolveBase errors', () => {
  it('fails with unrelated-histories when HEAD and the base share no commit', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': deposited(1) } });
    repo.git('checkout', '-q', '--orphan', 'elsewhere');
    repo.git('rm', '-rfq', '.');
    repo.commit({ message: 'another project', files: { 'contracts/B.avsc': deposited(1) } });
    const error = await historyError(resolveBase({ cwd: repo.dir, env: {} }));
    expect(error.code).toBe('unrelated-histories');
    expect(error.message).toBe(
      'HEAD and main have no common ancestor (unrelated histories), so there is no merge base to compare against.',
    );
  });

  it('fails with not-a-repository outside git and for a missing directory', async () => {
    const plain = tempDirectory();
    const outside = await historyError(resolveBase({ cwd: plain, env: {} }));
    expect(outside.code).toBe('not-a-repository');
    expect(outside.message).toBe(`${plain} is not inside a git repository.`);
    const missing = await historyError(resolveBase({ cwd: join(plain, 'nope'), env: {} }));
    expect(missing.code).toBe('not-a-repository');
    expect(missing.message).toBe(`The directory ${join(plain, 'nope')} does not exist.`);
  });

  it('fails with no-commits in a repository without commits', async () => {
    const repo = createRepo();
    const error = await historyError(resolveBase({ cwd: repo.dir, env: {} }));
    expect(error.code).toBe('no-commits');
  });

  // spawn looks git up on the PATH it is given; an empty PATH is a machine without git.
  it('fails with git-not-found when git is not on the PATH', async () => {
    const repo = createRepo({ files: { 'a.txt': 'a' } });
    const path = process.env.PATH;
    process.env.PATH = tempDirectory();
    try {
      const error = await historyError(resolveBase({ cwd: repo.dir, env: {} }));
      expect(error.code).toBe('git-not-found');
      expect(error.message).toBe('git is not installed or not on the PATH.');
    } finally {
      process.env.PATH = path;
    }
  });
});
