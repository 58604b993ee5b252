/**
 * Where the schema registry and Kafka are, for the commands that talk to them (`diff --against
 * registry`, `check --registry`, `publish`, `record`, `replay --from-kafka`): a flag wins, then the
 * environment (`KONTRACT_REGISTRY_URL`, `KONTRACT_REGISTRY_TIMEOUT_MS`, `KONTRACT_KAFKA_BROKERS`), then
 * the config's `registry` and `kafka` sections. Credentials never come from here: the registry
 * adapter reads them from the environment itself (`KONTRACT_REGISTRY_USERNAME`/`_PASSWORD`/`_TOKEN`),
 * so they stay out of shell history, process lists and committed files.
 *
 * Also the one place that turns the adapters' errors (`RegistryError`, `KafkaSourceError`,
 * `RecordError`, `RangeSyntaxError`) into a printed message and exit 2: their messages are written to
 * be shown (no secret, what to do), so no stack trace is ever needed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brokerPattern } from '../contracts/config-shape.ts';
import type { KafkaConfig, RegistryConfig } from '../contracts/config-types.ts';
import { parseConfig } from '../contracts/load-config.ts';
import type { RegistryOptions } from '../registry/registry-connection.ts';
import type { Diagnostic } from '../report/diagnostic.ts';
import type { Invocation } from './command-table.ts';
import { type CliIo, UsageError } from './io.ts';
import { projectDirOf } from './report-run.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The config's server sections, and the config's problems (a broken file is still an input error). */
export interface ServerConfig {
  registry?: RegistryConfig;
  kafka?: KafkaConfig;
  /** Every problem with the config file (`config/*`, `workspace/*`), located in it. */
  problems: Diagnostic[];
}

function stringOption(invocation: Invocation, name: string): string | undefined {
  const value = invocation.options[name];
  return typeof value === 'string' ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Reads only the config file of the invocation (`--config`, else `kontract.config.json` in the project
 * directory, if present): the commands that do not check contracts (`record`, the Kafka part of
 * `replay`) need its `registry` and `kafka` sections, not the contracts. A `--config` that does not
 * exist is a usage error.
 */
export async function readServerConfig(invocation: Invocation, io: CliIo): Promise<ServerConfig> {
  const dir = projectDirOf(invocation, io);
  const given = stringOption(invocation, 'config');
  const absolute = path.resolve(dir, given ?? 'kontract.config.json');
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    if (given === undefined && (code === 'ENOENT' || code === 'EISDIR')) return { problems: [] };
    throw new UsageError(
      `--config ${given ?? 'kontract.config.json'}: cannot read the config file (${code}).`,
      invocation.command,
    );
  }
  const file = {
    path: path.relative(dir, absolute).split(path.sep).join('/'),
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
  const { config, diagnostics } = parseConfig(file);
  const result: ServerConfig = { problems: diagnostics.filter((d) => d.severity === 'error') };
  if (config.registry !== undefined) result.registry = config.registry;
  if (config.kafka !== undefined) result.kafka = config.kafka;
  return result;
}

/** A positive whole number of milliseconds from `--timeout`; anything else is a usage error. */
export function timeoutOf(invocation: Invocation): number | undefined {
  const text = stringOption(invocation, 'timeout');
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(
      `--timeout must be a whole number of milliseconds of at least 1, not '${text}'.`,
      invocation.command,
    );
  }
  return Number(text);
}

/**
 * The registry options of an invocation: `--registry`/`--timeout`, else the environment, else the
 * config's `registry` section. What is left undefined the adapter reads from the environment itself
 * (credentials always). Pure given its inputs.
 */
export function registryOptionsOf(
  flags: { url?: string | undefined; timeoutMs?: number | undefined },
  env: Env,
  config: RegistryConfig | undefined,
): RegistryOptions {
  const options: RegistryOptions = {};
  const url = nonEmpty(flags.url) ?? nonEmpty(env.KONTRACT_REGISTRY_URL) ?? config?.url;
  if (url !== undefined) options.url = url;
  // The environment's timeout is the adapter's to read; the config's only applies without it.
  const timeoutMs =
    flags.timeoutMs ??
    (nonEmpty(env.KONTRACT_REGISTRY_TIMEOUT_MS) === undefined ? config?.timeoutMs : undefined);
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  return options;
}

/** True when a registry URL is known from a flag, the environment or the config. */
export function hasRegistryUrl(
  flagUrl: string | undefined,
  env: Env,
  config: RegistryConfig | undefined,
): boolean {
  return registryOptionsOf({ url: flagUrl }, env, config).url !== undefined;
}

/**
 * Splits and checks a broker list (`a:9092,b:9092`): every entry `host:port`. `source` names where the
 * list came from, for the message.
 */
export function parseBrokers(text: string, source: string, command: string): string[] {
  const brokers = text
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  const pattern = new RegExp(brokerPattern);
  const bad = brokers.find((broker) => !pattern.test(broker));
  if (brokers.length === 0 || bad !== undefined) {
    throw new UsageError(
      `${source} must be broker addresses host:port, comma-separated${bad === undefined ? '' : `; '${bad}' is not one`}.`,
      command,
    );
  }
  return brokers;
}

/** The brokers of an invocation: `--brokers`, else `KONTRACT_KAFKA_BROKERS`, else the config's; undefined = the adapter's default. */
export function brokersOf(
  invocation: Invocation,
  env: Env,
  config: KafkaConfig | undefined,
): string[] | undefined {
  const flag = stringOption(invocation, 'brokers');
  if (flag !== undefined) return parseBrokers(flag, '--brokers', invocation.command);
  const fromEnv = nonEmpty(env.KONTRACT_KAFKA_BROKERS);
  if (fromEnv !== undefined) return parseBrokers(fromEnv, 'KONTRACT_KAFKA_BROKERS', invocation.command);
  return config?.brokers === undefined || config.brokers.length === 0 ? undefined : [...config.brokers];
}

/** The adapters' errors, by name: loading their modules here would load them on every command. */
const serverErrorNames = new Set(['RegistryError', 'KafkaSourceError', 'RecordError', 'RangeSyntaxError']);

/** True for an error of the registry or Kafka adapters, whose message is written to be shown. */
export function isServerError(error: unknown): error is Error {
  return error instanceof Error && serverErrorNames.has(error.name);
}

/**
 * Runs `work`; an adapter error becomes a `UsageError` with its message (printed as `kontract: …`,
 * exit 2, no stack). A range the user wrote wrongly also shows the command's usage line.
 */
export async function withServerErrors<T>(command: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isServerError(error)) throw error;
    throw new UsageError(error.message, error.name === 'RangeSyntaxError' ? command : undefined);
  }
}
