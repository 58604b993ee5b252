/**
 * `kontract record`: flags into `runRecord` options (every range checked before anything connects),
 * the recording, and a short report on stdout (pretty: what was recorded where; json: the summary).
 * Exit 0, or 2 with the adapter's message when Kafka, the registry, the range or a state file of
 * another recording is the problem.
 *
 * Memory: under a recording's allocation rate V8's young generation grows to its default limit (about
 * 130 MB on Node 24), which puts a million-record recording above 300 MB peak RSS; with
 * `--max-semi-space-size=16` it stays near 210 MB at the same speed (docs/registry-and-kafka.md). The
 * flag only works at process start. The `kontract` executable (bin/kontract.js) therefore re-runs
 * `record` in a child Node with the flag before any TypeScript loads (the waiting parent stays at a
 * bare Node's 45 MB); when the CLI was started another way (`node src/cli/main.ts`, `pnpm kontract`)
 * without a semi-space limit (by flag or `NODE_OPTIONS`), this command does the same after checking
 * the flags, so a usage error costs no second process: same arguments, same environment, inherited
 * stdio, the child's exit code. A limit the user set is kept. Measured on a million records (309 MB
 * log): 230-260 MB for both processes together through the executable, about 265 MB from main.ts,
 * against 300-345 MB in one process with Node's default flags (docs/registry-cli.md).
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RecordResult, runRecord } from '../../commands/record.ts';
import { parseBound, parsePartitions } from '../../kafka/record-range.ts';
import type { RecordSummary } from '../../kafka/record-topic.ts';
import { render, summarize } from '../../report/render.ts';
import type { CommandHandler, Invocation } from '../command-table.ts';
import { type CliIo, UsageError } from '../io.ts';
import { projectDirOf } from '../report-run.ts';
import {
  brokersOf,
  hasRegistryUrl,
  readServerConfig,
  registryOptionsOf,
  timeoutOf,
  withServerErrors,
} from '../server-settings.ts';
import { toolInfo } from '../tool-info.ts';

/** The young-generation limit `record` runs with, in MiB (`--max-semi-space-size`). */
export const recordSemiSpaceMiB = 16;

/** The semi-space flag as Node takes it. */
export const recordSemiSpaceFlag = `--max-semi-space-size=${recordSemiSpaceMiB}`;

/**
 * The semi-space limit (MiB) a Node process was started with, from `NODE_OPTIONS` and its own flags
 * (flags on the command line come after `NODE_OPTIONS` and win); undefined = V8's default. Accepts
 * V8's spellings: dashes or underscores, `=value` or the value as the next word.
 */
export function semiSpaceLimitOf(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
): number | undefined {
  const words = [...(nodeOptions ?? '').split(/\s+/).filter((word) => word !== ''), ...execArgv];
  let limit: number | undefined;
  for (let i = 0; i < words.length; i++) {
    const match = /^--max[-_]semi[-_]space[-_]size(?:=(.*))?$/.exec(words[i] ?? '');
    if (!match) continue;
    const value = Number(match[1] ?? words[++i]);
    if (Number.isFinite(value) && value > 0) limit = value;
  }
  return limit;
}

/** The `kontract` executable, which the re-run starts (see `rerunCommand`). */
export const kontractExecutable = fileURLToPath(new URL('../../../bin/kontract.js', import.meta.url));

/**
 * The command line that runs this same invocation again with the semi-space flag added: through the
 * `kontract` executable, whatever script started this process, because the executable turns on the
 * compile cache before any TypeScript loads, and a child whose modules all come from the cache never
 * loads the type stripper (about 25 MB less at its peak, measured).
 */
export function rerunCommand(
  execPath: string,
  execArgv: readonly string[],
  argv: readonly string[],
): { command: string; args: string[] } {
  return {
    command: execPath,
    args: [...execArgv, recordSemiSpaceFlag, kontractExecutable, ...argv.slice(2)],
  };
}

/**
 * Runs this process's command line again in a child Node with the semi-space flag: stdio inherited,
 * signals passed on (a Ctrl-C in a terminal reaches both; the recording's state file lets the same
 * command resume), and the child's exit code returned (128 + the signal number when a signal ended it).
 */
function rerunWithSemiSpaceLimit(): Promise<number> {
  const { command, args } = rerunCommand(process.execPath, process.execArgv, process.argv);
  const child = spawn(command, args, { stdio: 'inherit', env: process.env });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => {
    child.kill(signal);
  };
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    const done = () => {
      for (const signal of signals) process.off(signal, forward);
    };
    child.on('error', (error) => {
      done();
      reject(error);
    });
    child.on('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
}

function stringOption(invocation: Invocation, name: string): string | undefined {
  const value = invocation.options[name];
  return typeof value === 'string' ? value : undefined;
}

function usage(message: string): UsageError {
  return new UsageError(message, 'record');
}

/** The topic from `--topic` or the one positional argument. */
function topicOf(invocation: Invocation): string {
  const flag = stringOption(invocation, 'topic');
  const [positional, extra] = invocation.positionals;
  if (extra !== undefined) throw usage(`record takes one topic, not '${positional}' and '${extra}'.`);
  if (flag !== undefined && positional !== undefined && flag !== positional) {
    throw usage(`two topics given: --topic ${flag} and '${positional}'; give one.`);
  }
  const topic = flag ?? positional;
  if (topic === undefined || topic.trim() === '') throw usage('which topic? Give --topic <topic>.');
  return topic;
}

function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** The pretty report: what was recorded, where, and each partition's offsets. */
export function formatRecordSummary(summary: RecordSummary, seconds: number, cwd: string): string {
  const shown = path.relative(cwd, summary.out) || summary.out;
  const file = shown.startsWith('..') ? summary.out : shown;
  const lines = [
    `Recorded ${summary.records} record${summary.records === 1 ? '' : 's'} of ${summary.topic} into ${file} (${formatBytes(summary.bytes)}, ${seconds.toFixed(1)} s)${summary.resumed ? ', resuming an interrupted recording' : ''}.`,
  ];
  for (const partition of summary.partitions) {
    const from = BigInt(partition.from);
    const end = BigInt(partition.end);
    const range = end > from ? `offsets ${from}-${end - 1n}` : `no records at or after offset ${from}`;
    const skipped =
      partition.skipped > 0 ? ` (${partition.skipped} deleted by retention before they could be read)` : '';
    lines.push(`  partition ${partition.partition}: ${range}${skipped}`);
  }
  if (summary.undecoded > 0) {
    lines.push(
      `${summary.undecoded} value${summary.undecoded === 1 ? ' was' : 's were'} kept in wire format: the registry does not know ${summary.undecoded === 1 ? 'its' : 'their'} schema id or could not decode ${summary.undecoded === 1 ? 'it' : 'them'}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The json report: the summary, the time taken, and the process's memory (the recorder's budget). */
export function recordReport(
  result: RecordResult,
  seconds: number,
  memory: { peakRssBytes: number; semiSpaceLimitMiB: number | undefined },
): string {
  const report = {
    version: 1,
    tool: toolInfo(),
    exitCode: result.exitCode,
    recording: { ...result.summary, seconds: Number(seconds.toFixed(3)) },
    process: { peakRssBytes: memory.peakRssBytes, semiSpaceLimitMiB: memory.semiSpaceLimitMiB ?? null },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A file the recording could not write (a full disk, no permission) as a message, not a stack. */
async function withFileErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Error && 'code' in error && 'path' in error && typeof error.code === 'string') {
      throw new UsageError(`cannot write the recording to ${String(error.path)} (${error.code}).`);
    }
    throw error;
  }
}

/** Validates the flags, re-runs itself with the semi-space flag when needed, records, reports. */
export const runRecordCommand: CommandHandler = async (invocation, io: CliIo) => {
  const cwd = projectDirOf(invocation, io);
  const topic = topicOf(invocation);
  const out = stringOption(invocation, 'out');
  if (out === undefined || out.trim() === '')
    throw usage('where to? Give --out <file> for the recorded log.');
  const format = stringOption(invocation, 'format') ?? 'pretty';
  const value = (stringOption(invocation, 'value') ?? 'wire') as 'wire' | 'json';
  const partitions = stringOption(invocation, 'partitions');
  const from = stringOption(invocation, 'from');
  const to = stringOption(invocation, 'to');
  const timeoutMs = timeoutOf(invocation);
  await withServerErrors('record', async () => {
    // Checked here so that a mistyped range fails before a connection (or a second process) is made.
    if (partitions !== undefined) parsePartitions(partitions);
    if (from !== undefined) parseBound('--from', from);
    if (to !== undefined) parseBound('--to', to);
  });
  const config = await readServerConfig(invocation, io);
  if (config.problems.length > 0) {
    const summary = summarize(config.problems, { contracts: 0, failOn: 'error' });
    io.stdout.write(
      render(format === 'json' ? 'json' : 'pretty', config.problems, summary, {
        color: false,
        quiet: false,
        tool: toolInfo(),
      }),
    );
    return 2;
  }
  const registryUrl = stringOption(invocation, 'registry');
  if (value === 'json' && !hasRegistryUrl(registryUrl, io.env, config.registry)) {
    throw usage(
      '--value json decodes values through the schema registry: give --registry <url>, or set KONTRACT_REGISTRY_URL or registry.url in the config.',
    );
  }
  const brokers = brokersOf(invocation, io.env, config.kafka);
  const folder = path.dirname(path.resolve(cwd, out));
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw usage(`--out ${out}: the folder ${path.relative(cwd, folder) || folder} does not exist.`);
  }

  const ownsProcess = io.stdout === process.stdout && io.stderr === process.stderr;
  if (ownsProcess && semiSpaceLimitOf(process.execArgv, io.env.NODE_OPTIONS) === undefined) {
    return rerunWithSemiSpaceLimit();
  }

  const started = performance.now();
  const result = await withServerErrors('record', () =>
    withFileErrors(
      runRecord({
        cwd,
        topic,
        out,
        ...(brokers === undefined ? {} : { brokers }),
        ...(partitions === undefined ? {} : { partitions }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        value,
        ...(value === 'json'
          ? { registry: registryOptionsOf({ url: registryUrl, timeoutMs }, io.env, config.registry) }
          : {}),
        ...(invocation.options.restart === true ? { restart: true } : {}),
        progress: invocation.options.quiet === true ? { isTTY: false, write: () => true } : io.stderr,
        env: io.env,
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  io.stdout.write(
    format === 'json'
      ? recordReport(result, seconds, {
          peakRssBytes: process.resourceUsage().maxRSS * 1024,
          semiSpaceLimitMiB: semiSpaceLimitOf(process.execArgv, io.env.NODE_OPTIONS),
        })
      : formatRecordSummary(result.summary, seconds, cwd),
  );
  return result.exitCode;
};
