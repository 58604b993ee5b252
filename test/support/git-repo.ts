/**
 * Throwaway git repositories for tests, built from inline file maps (in the spirit of changesets'
 * `gitdir`): real `git init`, commits with fixed author/committer and dates, branches, merges,
 * renames, tags, clones with an `origin` remote (full or `--depth`), and `git fast-import` for long
 * histories. Every repository lives in its own temp directory; call `removeTestRepos()` in `afterAll`.
 *
 * The helper's own git commands ignore the user's global and system git config, so a developer's
 * settings (signing, hooks, default branch) cannot change what a test builds.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** File contents by path; `null` deletes the file. */
export type FileMap = Record<string, string | Uint8Array | null>;

/** One step of a repository's history. */
export interface CommitStep {
  /** The commit message (its first line is the subject). */
  message: string;
  /** Files to write (or delete with `null`), after `moves`. */
  files?: FileMap;
  /** Renames done with `git mv` (from → to), before `files` are written. */
  moves?: Record<string, string>;
  /** Commit on this branch: switched to, and created from `from` (default: the current commit) when missing. */
  branch?: string;
  /** Start point of `branch` when it is created. */
  from?: string;
  /** Make a merge commit (`--no-ff`) of this branch into the current one; `files`/`moves` are applied on top. */
  merge?: string;
  /** Tag the new commit. */
  tag?: string;
}

/** What to build. */
export interface RepoSpec {
  /** Files of a first commit, "initial commit", when given. */
  files?: FileMap;
  /** Further commits, in order. */
  commits?: CommitStep[];
  /** Name of the first branch; `main` by default. */
  defaultBranch?: string;
}

/** A commit for {@link TestRepo.importCommits}: renames (from → to), then files to write or delete (`null`). */
export interface ImportedCommit {
  message: string;
  moves?: Record<string, string>;
  files: FileMap;
}

/** A repository on disk, with helpers that run git in it. */
export interface TestRepo {
  /** Absolute path of the work tree. */
  dir: string;
  /** Runs git with the helper's fixed identity and dates; returns trimmed stdout. */
  git(...args: string[]): string;
  /** Applies one {@link CommitStep}; returns the new commit's sha. */
  commit(step: CommitStep): string;
  /** The sha a revision names. */
  sha(revision?: string): string;
  /** Checks out a branch or commit; `detach` leaves HEAD detached, as CI does. */
  checkout(revision: string, options?: { detach?: boolean }): void;
  /** Appends many commits to the current branch through one `git fast-import`; returns the new HEAD sha. */
  importCommits(commits: readonly ImportedCommit[]): string;
  /** `file://` URL of the repository, for clones and remotes. */
  url: string;
}

/** Dates start here and advance one minute per commit, so shas are reproducible. */
const epochSeconds = Date.UTC(2024, 0, 1) / 1000;

const created: string[] = [];

const isolatedEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Kontract Test',
  GIT_AUTHOR_EMAIL: 'test@kontract.invalid',
  GIT_COMMITTER_NAME: 'Kontract Test',
  GIT_COMMITTER_EMAIL: 'test@kontract.invalid',
  LC_ALL: 'C',
});

const fixedConfig = [
  '-c',
  'init.defaultBranch=main',
  '-c',
  'commit.gpgsign=false',
  '-c',
  'tag.gpgsign=false',
  '-c',
  'core.autocrlf=false',
];

function runGit(
  dir: string,
  args: readonly string[],
  options: { input?: string | Buffer; date?: number } = {},
): string {
  const env = isolatedEnv();
  if (options.date !== undefined) {
    env.GIT_AUTHOR_DATE = `${options.date} +0000`;
    env.GIT_COMMITTER_DATE = `${options.date} +0000`;
  }
  try {
    return execFileSync('git', [...fixedConfig, ...args], {
      cwd: dir,
      env,
      input: options.input ?? '',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
      .toString('utf8')
      .trim();
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8') ?? '';
    throw new Error(`git ${args.join(' ')} failed in ${dir}: ${stderr.trim()}`);
  }
}

/** A new empty temp directory that `removeTestRepos` deletes. */
export function tempDirectory(prefix = 'kontract-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

function writeFiles(dir: string, files: FileMap): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    if (content === null) {
      rmSync(target, { force: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

function latestCommitTime(dir: string): number | undefined {
  try {
    const seconds = runGit(dir, ['log', '-1', '--format=%ct', '--all']);
    return seconds === '' ? undefined : Number(seconds);
  } catch {
    return undefined;
  }
}

function openTestRepo(dir: string): TestRepo {
  let clock = latestCommitTime(dir) ?? epochSeconds;
  const tick = () => {
    clock += 60;
    return clock;
  };
  const git = (...args: string[]) => runGit(dir, args, { date: clock });
  const branchExists = (name: string) => {
    try {
      runGit(dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`]);
      return true;
    } catch {
      return false;
    }
  };
  const repo: TestRepo = {
    dir,
    url: `file://${dir}`,
    git,
    sha: (revision = 'HEAD') => runGit(dir, ['rev-parse', '--verify', `${revision}^{commit}`]),
    checkout(revision, options = {}) {
      runGit(dir, ['checkout', '-q', ...(options.detach ? ['--detach'] : []), revision]);
    },
    commit(step) {
      if (step.branch !== undefined) {
        if (branchExists(step.branch)) runGit(dir, ['checkout', '-q', step.branch]);
        else runGit(dir, ['checkout', '-q', '-b', step.branch, ...(step.from ? [step.from] : [])]);
      }
      const date = tick();
      if (step.merge !== undefined) {
        runGit(dir, ['merge', '-q', '--no-ff', '--no-commit', step.merge], { date });
      }
      for (const [from, to] of Object.entries(step.moves ?? {})) {
        mkdirSync(dirname(join(dir, to)), { recursive: true });
        runGit(dir, ['mv', from, to]);
      }
      writeFiles(dir, step.files ?? {});
      runGit(dir, ['add', '-A']);
      runGit(dir, ['commit', '-q', '--allow-empty', '--no-verify', '-m', step.message], { date });
      if (step.tag !== undefined) runGit(dir, ['tag', step.tag], { date });
      return repo.sha();
    },
    importCommits(commits) {
      const head = (() => {
        try {
          return repo.sha();
        } catch {
          return undefined;
        }
      })();
      const branch = runGit(dir, ['symbolic-ref', '--short', 'HEAD']);
      const chunks: Buffer[] = [];
      const text = (value: string) => chunks.push(Buffer.from(value, 'utf8'));
      const data = (value: string | Uint8Array) => {
        const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
        text(`data ${bytes.length}\n`);
        chunks.push(bytes);
        text('\n');
      };
      commits.forEach((commit, index) => {
        const date = tick();
        text(`commit refs/heads/${branch}\n`);
        text(`committer Kontract Test <test@kontract.invalid> ${date} +0000\n`);
        data(commit.message);
        if (index === 0 && head !== undefined) text(`from ${head}\n`);
        for (const [from, to] of Object.entries(commit.moves ?? {})) {
          text(`R ${JSON.stringify(from)} ${JSON.stringify(to)}\n`);
        }
        for (const [path, content] of Object.entries(commit.files)) {
          if (content === null) text(`D ${path}\n`);
          else {
            text(`M 100644 inline ${path}\n`);
            data(content);
          }
        }
      });
      text('done\n');
      runGit(dir, ['fast-import', '--quiet', '--done'], { input: Buffer.concat(chunks) });
      runGit(dir, ['read-tree', '--reset', '-u', 'HEAD']);
      return repo.sha();
    },
  };
  return repo;
}

/**
 * Builds a repository: `git init`, an optional first commit of `spec.files`, then `spec.commits`.
 * HEAD ends where the last step left it.
 */
export function createRepo(spec: RepoSpec = {}): TestRepo {
  const dir = tempDirectory('kontract-repo-');
  runGit(dir, ['init', '-q', '-b', spec.defaultBranch ?? 'main']);
  const repo = openTestRepo(dir);
  if (spec.files !== undefined) repo.commit({ message: 'initial commit', files: spec.files });
  for (const step of spec.commits ?? []) repo.commit(step);
  return repo;
}

/** How {@link cloneRepo} clones. */
export interface CloneOptions {
  /** `--depth N`: a shallow clone, as actions/checkout makes by default (depth 1). */
  depth?: number;
  /** The branch to check out (and, for shallow clones, the only one fetched). */
  branch?: string;
  /** Leave HEAD detached at the checked-out commit, as CI does. */
  detach?: boolean;
  /** `--no-single-branch`: with `depth`, fetch every branch's tip. */
  allBranches?: boolean;
  /** `--single-branch`: fetch only `branch` (what `depth` implies anyway). */
  singleBranch?: boolean;
}

/** Clones `source` through `file://` (so `--depth` is honoured); the clone's `origin` is `source`. */
export function cloneRepo(source: TestRepo, options: CloneOptions = {}): TestRepo {
  const dir = tempDirectory('kontract-clone-');
  runGit(dir, [
    'clone',
    '-q',
    ...(options.depth !== undefined ? ['--depth', String(options.depth)] : []),
    ...(options.branch !== undefined ? ['--branch', options.branch] : []),
    ...(options.allBranches ? ['--no-single-branch'] : []),
    ...(options.singleBranch ? ['--single-branch'] : []),
    source.url,
    '.',
  ]);
  if (options.detach) runGit(dir, ['checkout', '-q', '--detach']);
  return openTestRepo(dir);
}

/** Deletes every directory this helper created. */
export function removeTestRepos(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
