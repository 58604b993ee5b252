/**
 * A real PostgreSQL for integration tests: the server `scripts/infra/postgres.sh` runs on 127.0.0.1
 * (Debian's `postgresql`, installed with apt-get on a fresh machine), a fresh cluster per start, one
 * test role with trust auth on loopback. See docs/replay-postgres.md.
 *
 * Two ways to use it, as with `servers.ts`:
 * - as a vitest `globalSetup` (`globalSetup: ['test/infra/postgres.ts']`): the server starts once per
 *   run, tests read its URL with `inject('kontractPostgresUrl')`, the teardown releases it;
 * - from one test file: `await ensurePostgres()` in a `beforeAll`, `await releasePostgres()` in
 *   `afterAll`.
 *
 * Several test processes may share the server: each holds a lease (a file named after its pid, in
 * `run/leases-postgres/`) from `ensurePostgres` to `releasePostgres`, and the server is stopped only
 * when the last lease is released and a test run, not a person, started it. `KONTRACT_INFRA_KEEP=1`
 * leaves it running. A server that cannot start is an error carrying the script's stderr (the
 * server log's tail included): tests fail with the reason, they never skip.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { leaseDir, liveLeases, startedByTests } from './leases.ts';
import { InfraCommandError } from './servers.ts';

declare module 'vitest' {
  /** Values the global setup hands to tests through `inject`. */
  export interface ProvidedContext {
    /** Connection URL of the test role, `postgres://kontract@127.0.0.1:15432/kontract` by default. */
    kontractPostgresUrl: string;
  }
}

const script = fileURLToPath(new URL('../../scripts/infra/postgres.sh', import.meta.url));

/** Where the running server is, and whether this call started it. */
export interface PostgresServer {
  /** Connection URL of the test role (trust auth, its own database). */
  url: string;
  /** True if this call started the server. */
  startedHere: boolean;
}

/** Runs `postgres.sh <command>`, resolving with its stdout; rejects with InfraCommandError. */
export function runPostgresScript(
  command: 'fetch' | 'start' | 'wait' | 'stop' | 'status' | 'url',
  options: { env?: NodeJS.ProcessEnv; echoStderr?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(script, [command], {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // `fetch` may run apt-get on a fresh machine.
      timeout: 600_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (options.echoStderr) process.stderr.write(chunk);
    });
    const shown = `scripts/infra/postgres.sh ${command}`;
    child.on('error', (error) => reject(new InfraCommandError(`${shown}: ${error.message}`, null, stderr)));
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new InfraCommandError(shown, code, stderr));
    });
  });
}

/** Whether the script reports the server running (`status` exits 0; 3 when it is stopped). */
async function isRunning(env: NodeJS.ProcessEnv): Promise<boolean> {
  return runPostgresScript('status', { env }).then(
    () => true,
    (error: unknown) => {
      if (error instanceof InfraCommandError && error.exitCode === 3) return false;
      throw error;
    },
  );
}

/**
 * Starts PostgreSQL unless it already runs (installing it on first use where it is missing), waits
 * until the test role can `SELECT 1`, and says where it is. The lease is taken first, so a concurrent
 * `releasePostgres` never stops a server this process is about to use.
 */
export async function ensurePostgres(env: NodeJS.ProcessEnv = process.env): Promise<PostgresServer> {
  const leases = leaseDir(env, 'leases-postgres');
  await mkdir(leases, { recursive: true });
  await writeFile(join(leases, String(process.pid)), '');
  const startedHere = !(await isRunning(env));
  await runPostgresScript('start', { env, echoStderr: true });
  await runPostgresScript('wait', { env, echoStderr: true });
  if (startedHere) await writeFile(join(leases, startedByTests), '');
  const url = (await runPostgresScript('url', { env })).trim();
  return { url, startedHere };
}

/**
 * Gives back this process's lease; if it was the last one and a test run started the server, stops
 * it (unless `KONTRACT_INFRA_KEEP=1`). A server a person started is left running.
 */
export async function releasePostgres(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const leases = leaseDir(env, 'leases-postgres');
  await rm(join(leases, String(process.pid)), { force: true });
  if ((await liveLeases(leases)).length > 0 || env.KONTRACT_INFRA_KEEP === '1') return;
  const ownedByTests = await stat(join(leases, startedByTests)).then(
    () => true,
    () => false,
  );
  if (!ownedByTests) return;
  await rm(join(leases, startedByTests), { force: true });
  await runPostgresScript('stop', { env, echoStderr: true });
}

/**
 * vitest global setup: ensures the server, provides its URL to tests, and returns the teardown that
 * releases it (see releasePostgres).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await ensurePostgres();
  project.provide('kontractPostgresUrl', server.url);
  return () => releasePostgres();
}
