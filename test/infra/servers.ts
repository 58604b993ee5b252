/**
 * Real servers for integration tests: a single-node Apache Kafka (KRaft) and Apicurio Registry's
 * Confluent-compatible API, both on 127.0.0.1, fetched from Maven Central and run by the scripts in
 * `scripts/infra/` (see docs/infra.md). No Docker, no fakes.
 *
 * Two ways to use it:
 * - as a vitest `globalSetup` (`globalSetup: ['test/infra/servers.ts']` in the config): the servers
 *   start once per run, and tests read their addresses with `inject('kontractKafkaBrokers')` and
 *   `inject('kontractRegistryUrl')`; the teardown releases them;
 * - from one test file: `await ensureServers()` in a `beforeAll` (with a long timeout: the first
 *   run downloads about 150 MB) and `await releaseServers()` in `afterAll`.
 *
 * Several test processes (other engineers' runs, vitest forks) may share the servers: each one holds
 * a lease (a file named after its pid) from `ensureServers` to `releaseServers`, and the servers are
 * stopped only when the last lease is released and a test run, not a person, started them. Set
 * `KONTRACT_INFRA_KEEP=1` to leave them running anyway (faster reruns); `scripts/infra/down.sh`
 * stops them unconditionally.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { leaseDir, liveLeases, startedByTests } from './leases.ts';

declare module 'vitest' {
  /** Values the global setup hands to tests through `inject`. */
  export interface ProvidedContext {
    /** Kafka bootstrap address, `127.0.0.1:19092` by default. */
    kontractKafkaBrokers: string;
    /** Confluent-compatible registry base URL, `http://127.0.0.1:18081/apis/ccompat/v7` by default. */
    kontractRegistryUrl: string;
  }
}

const scriptsDir = fileURLToPath(new URL('../../scripts/infra/', import.meta.url));

/** Where the running servers are, and whether this process started them. */
export interface InfraServers {
  /** Kafka bootstrap address (`host:port`) of the single broker. */
  kafkaBrokers: string;
  /** Base URL of the Confluent-compatible API, e.g. `http://127.0.0.1:18081/apis/ccompat/v7`. */
  registryUrl: string;
  /** True if this call started at least one of the servers, so the caller should stop them. */
  startedHere: boolean;
}

/** A registry instance that requires HTTP basic auth, for wrong-password and 401 tests. */
export interface AuthRegistry {
  /** Base URL of its Confluent-compatible API. */
  registryUrl: string;
  /** The one user it accepts. */
  username: string;
  /** That user's password; any other password gets 401. */
  password: string;
}

/** A script or Kafka tool that exited with a non-zero status; the message carries its stderr. */
export class InfraCommandError extends Error {
  /** Exit status of the command, or null if it was killed by a signal. */
  readonly exitCode: number | null;
  /** Everything the command wrote to stderr. */
  readonly stderr: string;

  constructor(command: string, exitCode: number | null, stderr: string) {
    const tail = stderr.trim().split('\n').slice(-40).join('\n');
    super(`${command} failed (exit ${exitCode ?? 'signal'}):\n${tail}`);
    this.name = 'InfraCommandError';
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Copy the command's stderr to this process's stderr as it comes (progress lines). */
  echoStderr?: boolean;
  timeoutMs?: number;
}

/** Runs an infra script, resolving with its stdout; rejects with InfraCommandError on failure. */
function runScript(script: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const command = [`scripts/infra/${script}`, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(`${scriptsDir}${script}`, args, {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 600_000,
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
    child.on('error', (error) => reject(new InfraCommandError(`${command}: ${error.message}`, null, stderr)));
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new InfraCommandError(command, code, stderr));
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Reads the `KEY=value` lines that up.sh prints on stdout. */
function parseAssignments(stdout: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) values.set(line.slice(0, equals), line.slice(equals + 1).trim());
  }
  return values;
}

/**
 * Starts Kafka and the schema registry unless they already run (fetching them on first use), waits
 * until both really serve requests, and says where they are. Safe to call from several processes at
 * once: up.sh takes a lock, and only the caller that started a server gets `startedHere: true`.
 */
export async function ensureServers(env: NodeJS.ProcessEnv = process.env): Promise<InfraServers> {
  // The lease is taken before up.sh runs, so a concurrent releaseServers never stops servers this process is about to use.
  const leases = leaseDir(env, 'leases');
  await mkdir(leases, { recursive: true });
  await writeFile(join(leases, String(process.pid)), '');
  const stdout = await runScript('up.sh', [], { env, echoStderr: true });
  const values = parseAssignments(stdout);
  const kafkaBrokers = values.get('KONTRACT_KAFKA_BROKERS');
  const registryUrl = values.get('KONTRACT_REGISTRY_URL');
  if (!kafkaBrokers || !registryUrl) {
    throw new Error(`scripts/infra/up.sh printed no server addresses; its stdout was:\n${stdout}`);
  }
  const startedHere = (values.get('KONTRACT_INFRA_STARTED') ?? '') !== '';
  if (startedHere) await writeFile(join(leases, startedByTests), '');
  return { kafkaBrokers, registryUrl, startedHere };
}

/**
 * Gives back this process's lease; if it was the last one and a test run started the servers, stops
 * them (unless `KONTRACT_INFRA_KEEP=1`). Servers a person started with up.sh are left running.
 */
export async function releaseServers(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const leases = leaseDir(env, 'leases');
  await rm(join(leases, String(process.pid)), { force: true });
  if ((await liveLeases(leases)).length > 0 || env.KONTRACT_INFRA_KEEP === '1') return;
  const ownedByTests = await stat(join(leases, startedByTests)).then(
    () => true,
    () => false,
  );
  if (ownedByTests) await stopServers(env);
}

/** Stops every server the infra scripts started (Kafka and all registry instances), whoever uses them, and waits for their ports. */
export async function stopServers(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runScript('down.sh', [], { env, echoStderr: true });
}

/**
 * Starts (or reuses) a second registry that requires HTTP basic auth, on its own port (default 18082,
 * env `KONTRACT_REGISTRY_AUTH_PORT`), for tests of wrong credentials. `stopServers()` stops it too.
 */
export async function ensureAuthRegistry(
  credentials: { username: string; password: string } = { username: 'kontract', password: 'kontract-secret' },
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuthRegistry> {
  const registryEnv = {
    ...env,
    KONTRACT_REGISTRY_PORT: env.KONTRACT_REGISTRY_AUTH_PORT ?? '18082',
    KONTRACT_REGISTRY_AUTH: `${credentials.username}:${credentials.password}`,
  };
  await runScript('registry.sh', ['start'], { env: registryEnv, echoStderr: true });
  await runScript('registry.sh', ['wait'], { env: registryEnv, echoStderr: true });
  const registryUrl = (await runScript('registry.sh', ['url'], { env: registryEnv })).trim();
  return { registryUrl, ...credentials };
}

/**
 * Runs one Kafka command-line class (`org.apache.kafka.tools.TopicCommand`, `ConsoleProducer`,
 * `consumer.ConsoleConsumer`, ...) with the fetched Kafka jars, feeding `input` to its stdin, and
 * resolves with its stdout. Each call starts a JVM: about 1 s.
 */
export function runKafkaTool(
  mainClass: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return runScript('kafka.sh', ['tool', mainClass, ...args], { ...options, timeoutMs: 120_000 });
}

/**
 * vitest global setup: ensures both servers, provides their addresses to tests, and returns the
 * teardown that releases them (see releaseServers).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await ensureServers();
  project.provide('kontractKafkaBrokers', servers.kafkaBrokers);
  project.provide('kontractRegistryUrl', servers.registryUrl);
  return () => releaseServers();
}
