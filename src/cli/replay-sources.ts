/**
 * Where `kontract replay` reads records from besides recorded logs, and how it decodes them:
 * `--from-kafka <topic>` records the topic range (`--partitions`, `--brokers`) into a temporary log
 * first (`recordTemporaryLog`: the runner needs the whole log for its property search), and
 * `--registry <url>` decodes wire-format values with the writer schemas the registry holds for their
 * ids (`registryWriterSchemas`) instead of `<log>.schemas.json` sidecars. Work splits across runners
 * by partition: each runner replays its own `--partitions`.
 *
 * A topic read from Kafka carries wire-format values only, so `--from-kafka` needs a registry URL: the
 * flag, `KONTRACT_REGISTRY_URL` or the config's `registry.url`. For `--log` files the registry is used
 * only when `--registry` is given, so that replaying fixtures with sidecars never needs the network.
 * The Kafka client and the registry library load only here, only when asked for.
 */
import type { ReplayCommandOptions } from '../commands/replay.ts';
import { redactUrl } from '../registry/registry-error.ts';
import type { Invocation } from './command-table.ts';
import { type CliIo, UsageError } from './io.ts';
import {
  brokersOf,
  readServerConfig,
  registryOptionsOf,
  timeoutOf,
  withServerErrors,
} from './server-settings.ts';

/** The brokers `recordTemporaryLog` reads when neither a flag, the environment nor the config names any. */
const defaultBrokers = ['127.0.0.1:9092'];

function stringOption(invocation: Invocation, name: string): string | undefined {
  const value = invocation.options[name];
  return typeof value === 'string' ? value : undefined;
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The flags that chose the records, for the reproduce line: `--from-kafka`, `--partitions`,
 * `--brokers`, and `--registry` without any credential in its URL (they come from the environment).
 * New records on the topic change what `--from-kafka` reads; to pin a failing input, `kontract
 * record` the range and replay the file.
 */
export function replaySourceWords(invocation: Invocation): string[] {
  const words: string[] = [];
  for (const name of ['from-kafka', 'partitions', 'brokers']) {
    const value = stringOption(invocation, name);
    if (value !== undefined) words.push(`--${name}`, shellWord(value));
  }
  const registry = stringOption(invocation, 'registry');
  if (registry !== undefined) words.push('--registry', shellWord(redactUrl(registry)));
  return words;
}

/** The sources of a replay, ready: options to pass on, and what to clean up afterwards. */
export interface PreparedSources {
  /**
   * Call when the replay is over, with its result (undefined when it threw). The temporary log of
   * `--from-kafka` is deleted, except after a finding: then it is kept and its path said on stderr,
   * because the records a failure points at (`file:line`) are in it, and `--log <file>` replays
   * exactly them even after the topic has moved on.
   */
  finish(result: { exitCode: number } | undefined): Promise<void>;
}

/**
 * Adds the Kafka and registry sources of the invocation to `options` (the temporary log as the one
 * log, the registry lookup as `writerSchemas`). Flags that do not fit together are usage errors;
 * Kafka or the registry failing is a `UsageError` with the adapter's message (exit 2).
 */
export async function prepareReplaySources(
  invocation: Invocation,
  io: CliIo,
  options: ReplayCommandOptions,
): Promise<PreparedSources> {
  const topic = stringOption(invocation, 'from-kafka');
  const registryFlag = stringOption(invocation, 'registry');
  const partitions = stringOption(invocation, 'partitions');
  const nothing: PreparedSources = { finish: async () => undefined };
  if (topic === undefined) {
    for (const name of ['partitions', 'brokers']) {
      if (invocation.options[name] !== undefined) {
        throw new UsageError(`--${name} goes with --from-kafka <topic>.`, 'replay');
      }
    }
  } else {
    if (topic.trim() === '') throw new UsageError('--from-kafka needs a topic.', 'replay');
    if (invocation.options.log !== undefined) {
      throw new UsageError('give either --log files or --from-kafka <topic>, not both.', 'replay');
    }
  }
  if (topic === undefined && registryFlag === undefined) {
    if (invocation.options.timeout !== undefined) {
      throw new UsageError('--timeout goes with --registry <url> or --from-kafka <topic>.', 'replay');
    }
    return nothing;
  }
  const timeoutMs = timeoutOf(invocation);
  if (partitions !== undefined) {
    const { parsePartitions } = await import('../kafka/record-range.ts');
    await withServerErrors('replay', async () => parsePartitions(partitions));
  }
  const config = await readServerConfig(invocation, io);
  const registry = registryOptionsOf({ url: registryFlag, timeoutMs }, io.env, config.registry);
  if (registry.url === undefined) {
    throw new UsageError(
      '--from-kafka reads wire-format values, decoded with the writer schemas of the schema registry: give --registry <url>, or set KONTRACT_REGISTRY_URL or registry.url in the config.',
      'replay',
    );
  }
  options.writerSchemas = async (logFiles) =>
    withServerErrors('replay', async () => {
      const { RegistryClient } = await import('../registry/registry-client.ts');
      const { collectSchemaIds, registryWriterSchemas } = await import('../registry/registry-decoder.ts');
      const client = await RegistryClient.connect(registry, io.env);
      return registryWriterSchemas(client, await collectSchemaIds(logFiles));
    });
  if (topic === undefined) return nothing;

  const brokers = brokersOf(invocation, io.env, config.kafka) ?? defaultBrokers;
  const { recordTemporaryLog } = await import('../kafka/kafka-log.ts');
  const log = await withServerErrors('replay', () =>
    recordTemporaryLog({ brokers, topic, ...(partitions === undefined ? {} : { partitions }) }),
  );
  options.logs = [log.file];
  return {
    async finish(result) {
      if (result?.exitCode !== 1) return log.remove();
      io.stderr.write(
        `kontract: the ${log.summary.records} records replayed from ${topic} are kept in ${log.file}: \`--log ${log.file}\` replays exactly them.\n`,
      );
    },
  };
}
