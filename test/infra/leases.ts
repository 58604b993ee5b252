/**
 * Leases on the shared test servers: each test process that uses a server holds a file named after
 * its pid; the last live lease may stop a server that a test run (not a person) started. Shared by
 * `servers.ts` (Kafka, registry) and `postgres.ts`.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The lease folder `folder` of the infra dir that `env` selects (KONTRACT_INFRA_DIR, as the scripts read it). */
export function leaseDir(env: NodeJS.ProcessEnv, folder: string): string {
  const infraDir = env.KONTRACT_INFRA_DIR ?? fileURLToPath(new URL('../../.cache/infra/', import.meta.url));
  return join(infraDir, 'run', folder);
}

/** Marks, next to the leases, that a test run started the server, so the last lease may stop it. */
export const startedByTests = 'started-by-tests';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Pids holding a lease whose process still runs; leases of dead processes are removed on the way. */
export async function liveLeases(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const live: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (isAlive(pid)) live.push(pid);
    else await rm(join(dir, name), { force: true });
  }
  return live;
}
