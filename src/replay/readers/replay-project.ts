/**
 * `kontract replay` as one library call: load the project's contracts, read the logs (a bounded
 * prefix in memory for the property search), load the consumer modules, run the replay. Config,
 * contract, log and module problems come back as diagnostics next to the replay's own; a module
 * that does not load is a `replay/setup-failed` finding at that file. The CLI parses flags into
 * these options and renders the result.
 */
import type { Diagnostic } from '../../report/diagnostic.ts';
import type { WriterSchemaLookup } from '../catalog.ts';
import { findingsOf } from '../rules/replay-rule.ts';
import { setupFailed } from '../rules/setup-failed.ts';
import type { ReplayOptions, ReplayResult } from '../run-replay.ts';
import { runReplay } from '../run-replay.ts';
import type { CommitPolicy } from '../schedule/plan.ts';
import { loadReplayCatalog } from './load-catalog.ts';
import { loadConsumers } from './load-consumer.ts';
import { readLogs } from './read-log.ts';

/** Options of `replayProject`: what `kontract replay` takes on its command line. */
export interface ReplayProjectOptions {
  /** Project root: kontract.config.json, contracts, and the base of relative paths. */
  root: string;
  configPath?: string;
  /** Consumer module files (`--consumers`). */
  consumerFiles: readonly string[];
  /** Recorded logs (`--log`, repeatable). */
  logFiles: readonly string[];
  /** Only the consumers with these names (`--consumer`); all when not given. */
  consumerNames?: readonly string[];
  runs: number;
  seed?: number;
  path?: string;
  budgetMs?: number;
  commitPolicy: CommitPolicy;
  properties?: readonly string[];
  producerDuplicates?: boolean;
  /** Records kept in memory for the property search (a prefix of every partition). Default 50,000. */
  maxRecords?: number;
  /**
   * Writer schemas of wire-format values by schema id (a schema registry, `registryWriterSchemas`);
   * when given, used instead of any `<log>.schemas.json` sidecar.
   */
  writerSchemas?: WriterSchemaLookup;
  onProgress?: ReplayOptions['onProgress'];
  /**
   * The command prefix of the reproduce line (default `kontract replay`): the CLI adds the flags that
   * chose the inputs (`--consumers`, `--log`, ...) so that the printed line reproduces on its own.
   */
  command?: string;
}

/** The replay result, with the findings met while loading (contracts, logs, modules) first. */
export interface ReplayProjectResult extends ReplayResult {
  /** Valid records read (including any past `maxRecords`). */
  records: number;
  /** True when the log was longer than `maxRecords`: the search covered its prefix. */
  truncated: boolean;
  /** Names of every consumer the modules export, chosen or not, so a caller can check `consumerNames`. */
  loadedConsumers: string[];
}

/** Loads everything `kontract replay` needs and runs it. */
export async function replayProject(options: ReplayProjectOptions): Promise<ReplayProjectResult> {
  const loading: Diagnostic[] = [];
  const { catalog: projectCatalog, diagnostics: contractProblems } = await loadReplayCatalog(
    options.configPath === undefined
      ? { root: options.root }
      : { root: options.root, configPath: options.configPath },
  );
  loading.push(...contractProblems);
  const catalog = options.writerSchemas
    ? { ...projectCatalog, writerSchemas: options.writerSchemas }
    : projectCatalog;
  const read = await readLogs(options.logFiles, {
    catalog,
    root: options.root,
    maxRecords: options.maxRecords ?? 50_000,
  });
  loading.push(...read.diagnostics);
  const { consumers, errors } = await loadConsumers(options.consumerFiles, { root: options.root });
  for (const error of errors) {
    loading.push(
      ...findingsOf(setupFailed, {
        consumer: error.file,
        consumerFile: error.file,
        detail: { phase: 'load', error: error.message },
      }),
    );
  }
  const wanted = options.consumerNames ? new Set(options.consumerNames) : undefined;
  const chosen = consumers.filter((entry) => !wanted || wanted.has(entry.consumer.name));
  const result = await runReplay({
    consumers: chosen.map((entry) => ({ consumer: entry.consumer, file: entry.file })),
    log: read.log,
    runs: options.runs,
    commitPolicy: options.commitPolicy,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
    ...(options.properties ? { properties: options.properties } : {}),
    ...(options.producerDuplicates === undefined ? {} : { producerDuplicates: options.producerDuplicates }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.command === undefined ? {} : { command: options.command }),
  });
  return {
    ...result,
    diagnostics: [...loading, ...result.diagnostics],
    records: read.validRecords,
    truncated: read.truncated,
    loadedConsumers: consumers.map((entry) => entry.consumer.name),
  };
}
