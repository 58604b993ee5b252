/**
 * scripts/infra/postgres.sh on an instance of its own (a free port, a throwaway infra dir), so the
 * shared test server is never touched: a fresh cluster on every start, only the test role over
 * loopback, idempotent start and stop, and pid files that are trusted only when they name this
 * instance's postmaster.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/infra/postgres.sh', import.meta.url));
const runningAsRoot = process.getuid?.() === 0;

interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A port nothing listens on right now (the kernel's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A pid that belonged to a process that has exited (so no live process has it, barring reuse). */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('true');
    child.once('error', reject);
    child.once('exit', () => resolve(child.pid!));
  });
}

/** One instance of the script: its own port and infra dir. */
class Instance {
  readonly port: number;
  readonly infraDir: string;
  readonly runDir: string;
  constructor(port: number, infraDir: string) {
    this.port = port;
    this.infraDir = infraDir;
    this.runDir = path.join(infraDir, 'run', `postgres-${port}`);
  }

  run(command: string): ScriptResult {
    const result = spawnSync(script, [command], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, KONTRACT_INFRA_DIR: this.infraDir, KONTRACT_PG_PORT: String(this.port) },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs a command that must succeed; its stdout. */
  ok(command: string): string {
    const result = this.run(command);
    if (result.status !== 0)
      throw new Error(`postgres.sh ${command} exited ${result.status}:\n${result.stderr}`);
    return result.stdout;
  }

  url(): string {
    return this.ok('url').trim();
  }

  async pid(): Promise<number> {
    return Number((await readFile(path.join(this.runDir, 'pid'), 'utf8')).trim());
  }

  async query<Row extends pg.QueryResultRow>(sql: string, user?: string): Promise<Row[]> {
    const url = new URL(this.url());
    if (user) url.username = user;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query<Row>(sql)).rows;
    } finally {
      await client.end();
    }
  }
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}, 60_000);

/** A fresh instance (not started). `mode` is the infra dir's permissions. */
async function instance(mode = 0o755): Promise<Instance> {
  const infraDir = await mkdtemp(path.join(tmpdir(), 'kontract-pg-script-'));
  // mkdtemp makes 0700 directories; the server's OS user (when this is root) must reach the run dir.
  await chmod(infraDir, mode);
  return new Instance(await freePort(), infraDir);
}

/** Stops and removes an instance. */
async function dispose(created: Instance): Promise<void> {
  created.run('stop');
  await rm(created.infraDir, { recursive: true, force: true });
}

/** A fresh instance that is stopped and removed after the current test. */
async function testInstance(mode?: number): Promise<Instance> {
  const created = await instance(mode);
  cleanups.push(() => dispose(created));
  return created;
}

describe('scripts/infra/postgres.sh', () => {
  let server: Instance;

  beforeAll(async () => {
    server = await instance();
    server.ok('start');
    server.ok('wait');
  }, 120_000);

  afterAll(() => dispose(server), 60_000);

  it('serves the test role on 127.0.0.1 with the settings of a disposable cluster', async () => {
    expect(server.url()).toBe(`postgres://kontract@127.0.0.1:${server.port}/kontract`);
    const [settings] = await server.query<Record<string, string | boolean>>(`
      SELECT current_user AS role, current_database() AS database,
             current_setting('listen_addresses') AS listen,
             current_setting('fsync') AS fsync, current_setting('kontract.infra') AS marker,
             (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`);
    expect(settings).toEqual({
      role: 'kontract',
      database: 'kontract',
      listen: '127.0.0.1',
      fsync: 'off',
      marker: `postgres-${server.port}`,
      superuser: false,
    });
    const status = server.run('status');
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(`^postgres: ready, pid ${await server.pid()}, 127\\.0\\.0\\.1:${server.port}`),
    );
  });

  // Trust auth is for the test role only: the superuser cannot log in over TCP at all.
  it('refuses every other role', async () => {
    await expect(server.query('SELECT 1', 'postgres')).rejects.toThrow(/no pg_hba\.conf entry/);
  });

  it.runIf(runningAsRoot)('runs the server as the postgres OS user when started by root', async () => {
    const status = await readFile(`/proc/${await server.pid()}/status`, 'utf8');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    const postgresUid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    expect(uid).toBe(postgresUid);
    expect(uid).not.toBe(0);
  });

  it('starts only once: a second start is a no-op on the same server', async () => {
    const pid = await server.pid();
    const again = server.run('start');
    expect(again.status).toBe(0);
    expect(again.stderr).toContain(`already running (pid ${pid})`);
    expect(await server.pid()).toBe(pid);
  });

  // A pid reused by an unrelated process must never be signalled: here it is this test's own pid.
  it('does not trust a pid file that names a process other than its postmaster', async () => {
    const pid = await server.pid();
    const pidFile = path.join(server.runDir, 'pid');
    await writeFile(pidFile, `${process.pid}\n`);
    try {
      expect(server.run('status').status).toBe(3);
      const stop = server.run('stop');
      expect(stop.status).toBe(0);
      expect(stop.stderr).toContain('is gone or is not a kontract server');
      // The real server still holds the port, so a start names the port instead of starting a second one.
      await writeFile(pidFile, `${process.pid}\n`);
      const start = server.run('start');
      expect(start.status).toBe(1);
      expect(start.stderr).toContain(`port 127.0.0.1:${server.port} is already in use by another process`);
    } finally {
      await writeFile(pidFile, `${pid}\n`);
    }
    expect((await server.query<{ one: number }>('SELECT 1 AS one'))[0]?.one).toBe(1);
  });
});

describe('scripts/infra/postgres.sh start and stop', () => {
  it('begins every start from an empty cluster, and stops idempotently', async () => {
    const fresh = await testInstance();
    const before = fresh.run('status');
    expect(before.status).toBe(3);
    expect(before.stdout).toBe(`postgres: stopped (127.0.0.1:${fresh.port})\n`);
    const notStarted = fresh.run('wait');
    expect(notStarted.status).toBe(1);
    expect(notStarted.stderr).toContain('postgres: not running');

    fresh.ok('start');
    fresh.ok('wait');
    await fresh.query('CREATE TABLE left_behind (id int)');
    fresh.ok('stop');
    expect(fresh.run('status').status).toBe(3);
    const secondStop = fresh.run('stop');
    expect(secondStop.status).toBe(0);
    expect(secondStop.stderr).toContain('postgres: not running');
    await expect(fresh.query('SELECT 1')).rejects.toThrow(/ECONNREFUSED/);

    fresh.ok('start');
    fresh.ok('wait');
    expect(await fresh.query("SELECT 1 FROM pg_tables WHERE tablename = 'left_behind'")).toEqual([]);
  }, 60_000);

  // After a crash or a reboot the pid file names a dead process: start clears it and starts anew.
  it('clears a stale pid file of a dead process', async () => {
    const stale = await testInstance();
    await mkdir(stale.runDir, { recursive: true });
    const dead = await deadPid();
    await writeFile(path.join(stale.runDir, 'pid'), `${dead}\n`);
    const start = stale.run('start');
    expect(start.status).toBe(0);
    expect(start.stderr).toContain(`removing stale pid file (pid ${dead} is gone`);
    stale.ok('wait');
    expect(await stale.pid()).not.toBe(dead);
    expect(stale.run('status').status).toBe(0);
  }, 60_000);

  // PostgreSQL refuses root, and its OS user cannot reach a run dir under a private home directory.
  it.runIf(runningAsRoot)(
    'keeps the cluster under /tmp when its OS user cannot reach the run dir',
    async () => {
      const hidden = await testInstance(0o700);
      hidden.ok('start');
      hidden.ok('wait');
      const dataDir = (await readFile(path.join(hidden.runDir, 'data-dir'), 'utf8')).trim();
      expect(dataDir.startsWith(hidden.runDir)).toBe(false);
      expect(dataDir).toMatch(new RegExp(`/kontract-postgres-${hidden.port}-\\d+/data$`));
      expect((await hidden.query<{ one: number }>('SELECT 1 AS one'))[0]?.one).toBe(1);
      hidden.ok('stop');
      await expect(stat(path.dirname(dataDir))).rejects.toThrow(/ENOENT/);
    },
    60_000,
  );
});
