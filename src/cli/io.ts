/**
 * The CLI's contact with the world, passed in rather than reached for, so that handlers can run in
 * tests against strings and in the process against real streams.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Where text goes: stdout for the report, stderr for everything else. */
export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal; decides colour. */
  isTTY?: boolean;
}

/** The process as the CLI sees it. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved from (`--cwd` is resolved against it). */
  cwd: string;
}

/**
 * Whether to colour text for `stream`: an explicit `--color`/`--no-color` wins, then `NO_COLOR`
 * (any non-empty value, per no-color.org), then `FORCE_COLOR` (`0`/`false` off, anything else on,
 * as Node reads it), then whether the stream is a terminal that is not `TERM=dumb`.
 */
export function shouldColor(
  explicit: boolean | undefined,
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (explicit !== undefined) return explicit;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * Writes `text` to `path` so that readers see either the old file or the whole new one: the text
 * goes to a temporary file in the same directory (same file system, so the rename is atomic), which
 * then replaces the target. The temporary file is removed if anything fails.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** An error the user caused and can fix (bad arguments, unwritable output): printed without a stack, exit 2. */
export class UsageError extends Error {
  /** Command whose usage line follows the message; absent for problems that are not about arguments. */
  readonly usageOf: string | undefined;

  constructor(message: string, usageOf?: string) {
    super(message);
    this.name = 'UsageError';
    this.usageOf = usageOf;
  }
}
