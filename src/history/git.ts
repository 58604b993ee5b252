/**
 * Running git: argument arrays only (never a shell string), no terminal prompts, C locale so that
 * git's messages can be recognised, unquoted UTF-8 paths. Every failure becomes a `HistoryError`.
 * @internal
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HistoryError } from './history-error.ts';

/** Options that every kontract git invocation carries, whatever the user's config says. */
const fixedConfig = ['-c', 'core.quotepath=off', '-c', 'log.showSignature=false', '-c', 'color.ui=false'];

/** What a finished git process produced. @internal */
export interface GitOutput {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

/** @internal */
export interface RunGitOptions {
  /** Written to git's standard input, then closed. */
  input?: string | Uint8Array;
  /** Exit codes that are answers rather than failures (e.g. 1 from `merge-base` = no merge base). */
  acceptExitCodes?: readonly number[];
  /** Stop git after this many milliseconds and fail with a message saying so. */
  timeoutMs?: number;
}

/** Renders a git command as a user could type it, for messages and hints. @internal */
export function formatCommand(args: readonly string[]): string {
  return ['git', ...args]
    .map((arg) => (/^[\w@%+=:,./~^-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`))
    .join(' ');
}

/**
 * Runs `git <args>` in `cwd` and collects its output. Exit codes other than 0 and `acceptExitCodes`
 * throw a `HistoryError` classified from git's message.
 * @internal
 */
export function runGit(
  cwd: string,
  args: readonly string[],
  options: RunGitOptions = {},
): Promise<GitOutput> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', [...fixedConfig, ...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANGUAGE: 'C', GIT_PAGER: 'cat' },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      ...(options.timeoutMs === undefined
        ? {}
        : { timeout: options.timeoutMs, killSignal: 'SIGTERM' as const }),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // git may exit before reading all of its input (e.g. a bad object name); its exit status tells why.
    child.stdin.on('error', () => {});
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new HistoryError(
            'git-not-found',
            'git is not installed or not on the PATH.',
            'Install git (https://git-scm.com/downloads) and make sure `git --version` works in this shell.',
            { command: formatCommand(args) },
          ),
        );
      } else {
        reject(
          new HistoryError(
            'git-failed',
            `Could not run git: ${error.message}.`,
            'Check that git can run here.',
            {
              command: formatCommand(args),
            },
          ),
        );
      }
    });
    child.on('close', (code, signal) => {
      const exitCode = code ?? 128;
      const errorText = Buffer.concat(stderr).toString('utf8');
      if (exitCode === 0 || options.acceptExitCodes?.includes(exitCode)) {
        resolvePromise({ stdout: Buffer.concat(stdout), stderr: errorText, exitCode });
        return;
      }
      const timedOut = signal !== null && options.timeoutMs !== undefined;
      const status = timedOut
        ? `no answer after ${Math.round(options.timeoutMs! / 1000)} s`
        : signal
          ? `signal ${signal}`
          : `exit code ${exitCode}`;
      reject(classifyGitFailure(cwd, args, errorText, status));
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Turns git's error text into the most specific `HistoryError` we can name. @internal */
export function classifyGitFailure(
  cwd: string,
  args: readonly string[],
  stderr: string,
  status: string,
): HistoryError {
  const command = formatCommand(args);
  const excerpt = firstLines(stderr, 6);
  if (/not a git repository/i.test(stderr)) {
    return new HistoryError(
      'not-a-repository',
      `${cwd} is not inside a git repository.`,
      'Run kontract from a git clone of your project (schema evolution is checked against git history).',
      { command, stderr: excerpt },
    );
  }
  if (/dubious ownership/i.test(stderr)) {
    return new HistoryError(
      'unsafe-repository',
      `git refuses to read ${cwd}: the repository is owned by another user.`,
      `Mark it as safe: git config --global --add safe.directory '${cwd}'`,
      { command, stderr: excerpt },
    );
  }
  const fatal = /^(?:fatal|error): (.*)$/m.exec(stderr)?.[1];
  return new HistoryError(
    'git-failed',
    `\`${command}\` failed (${status})${fatal ? `: ${fatal}` : '.'}`,
    'Run the command yourself to see the full message.',
    { command, stderr: excerpt },
  );
}

function firstLines(text: string, count: number): string {
  return text.split('\n').slice(0, count).join('\n').trim();
}

/** Facts about the repository that contains `cwd`. @internal */
export interface RepositoryFacts {
  /** The directory the user's paths are relative to (the project root). */
  cwd: string;
  /** Path of `cwd` inside the repository, with a trailing `/`, or `''` at the top level. */
  prefix: string;
  /** True in a shallow clone (`git clone --depth`, the actions/checkout default). */
  shallow: boolean;
  /** Absolute path of `.git/shallow`, which lists the commits whose parents are cut off. */
  shallowFile: string;
}

/** Checks that `cwd` exists and is inside a git work tree, and reads the facts every operation needs. @internal */
export async function openRepository(cwd: string): Promise<RepositoryFacts> {
  const directory = resolve(cwd);
  const info = await stat(directory).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new HistoryError(
      'not-a-repository',
      `The directory ${directory} does not exist.`,
      'Pass the project directory (a git clone) as the working directory.',
    );
  }
  const { stdout } = await runGit(directory, [
    'rev-parse',
    '--show-prefix',
    '--is-shallow-repository',
    '--git-path',
    'shallow',
  ]);
  const [prefix = '', shallow = 'false', shallowPath = '.git/shallow'] = stdout.toString('utf8').split('\n');
  return {
    cwd: directory,
    prefix,
    shallow: shallow === 'true',
    shallowFile: resolve(directory, shallowPath),
  };
}

/** The commit a revision names, or `undefined` when it names none. @internal */
export async function resolveCommit(cwd: string, revision: string): Promise<string | undefined> {
  const { stdout, exitCode } = await runGit(
    cwd,
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`],
    { acceptExitCodes: [1, 128] },
  );
  return exitCode === 0 ? stdout.toString('utf8').trim() : undefined;
}

/** One answer of `git cat-file --batch`. @internal */
export type BatchObject =
  | { kind: 'object'; name: string; oid: string; type: string; bytes: Uint8Array }
  /** The name resolves to nothing (`<name> missing`). */
  | { kind: 'missing'; name: string }
  /** `--follow-symlinks` answers: a link that leaves the repository, dangles, loops or crosses a file. */
  | {
      kind: 'unresolved-link';
      name: string;
      reason: 'symlink' | 'dangling' | 'loop' | 'notdir';
      detail: string;
    };

/**
 * Parses the output of `git cat-file --batch [--follow-symlinks]` for the names that were asked, in
 * order. Object contents are copied out of `output`, so the big buffer can be released.
 * @internal
 */
export function parseCatFileBatch(output: Uint8Array, names: readonly string[]): BatchObject[] {
  const buffer = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  const objects: BatchObject[] = [];
  let offset = 0;
  const readLine = (): string => {
    const end = buffer.indexOf(0x0a, offset);
    if (end < 0) throw new Error(`cat-file output ends inside a header at byte ${offset}`);
    const line = buffer.toString('utf8', offset, end);
    offset = end + 1;
    return line;
  };
  for (const name of names) {
    const header = readLine();
    const missing = / missing$/.exec(header);
    if (missing) {
      objects.push({ kind: 'missing', name });
      continue;
    }
    const link = /^(symlink|dangling|loop|notdir) (\d+)$/.exec(header);
    if (link) {
      const size = Number(link[2]);
      const detail = buffer.toString('utf8', offset, offset + size);
      offset += size + 1;
      objects.push({ kind: 'unresolved-link', name, reason: link[1] as 'symlink', detail });
      continue;
    }
    const object = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
    if (!object) throw new Error(`unexpected cat-file header "${header}" for ${name}`);
    const size = Number(object[3]);
    if (offset + size > buffer.length) throw new Error(`cat-file output is truncated inside ${name}`);
    const bytes = new Uint8Array(size);
    bytes.set(buffer.subarray(offset, offset + size));
    offset += size + 1;
    objects.push({ kind: 'object', name, oid: object[1]!, type: object[2]!, bytes });
  }
  return objects;
}

/**
 * Reads many objects through one `git cat-file --batch` process. `names` are object ids or
 * `<commit>:<path>` expressions; with `followSymlinks`, the latter resolve symbolic links inside the
 * repository. Names must not contain a newline.
 * @internal
 */
export async function readObjects(
  cwd: string,
  names: readonly string[],
  options: { followSymlinks?: boolean } = {},
): Promise<BatchObject[]> {
  if (names.length === 0) return [];
  const args = ['cat-file', '--batch', ...(options.followSymlinks ? ['--follow-symlinks'] : [])];
  const { stdout } = await runGit(cwd, args, { input: `${names.join('\n')}\n` });
  return parseCatFileBatch(stdout, names);
}
