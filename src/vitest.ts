/**
 * `kontract/vitest`: the replay harness inside a team's own vitest suite.
 *
 * ```ts
 * import { expectReplaySafe } from 'kontract/vitest';
 * import balances from '../src/projections/balances.ts';
 *
 * it('the balance projection is replay-safe', async () => {
 *   await expectReplaySafe(balances, 'fixtures/logs/accounts.ndjson', { runs: 200 });
 * });
 * ```
 *
 * A failure throws an error in fast-check's own format (`Property failed after N tests`, the
 * `{ seed, path }` to pin, the counterexample, the shrink count) followed by the replay details:
 * the records involved and what happened to each, the snapshot diff, and the reproduce command.
 * The seed and run count follow `fc.configureGlobal` when the options do not set them.
 */
import path from 'node:path';
import fc from 'fast-check';
import type { ReplayCatalog } from './replay/catalog.ts';
import type { AnyConsumer, ConsumerDefinition } from './replay/define-consumer.ts';
import type { RecordedLog } from './replay/model.ts';
import { loadReplayCatalog } from './replay/readers/load-catalog.ts';
import { readLogs } from './replay/readers/read-log.ts';
import { formatReplayPretty } from './replay/report/format-replay.ts';
import type { ReplayResult } from './replay/run-replay.ts';
import { runReplay } from './replay/run-replay.ts';
import type { CommitPolicy } from './replay/schedule/plan.ts';
import type { Diagnostic } from './report/diagnostic.ts';

/** Options of `expectReplaySafe`. */
export interface ExpectReplaySafeOptions {
  /** Runs per property. Default: fast-check's global `numRuns`, else 100. */
  runs?: number;
  /** Default: fast-check's global `seed`, else random (printed on failure). */
  seed?: number;
  /** Replays one failure directly (with its seed), as printed by a failing run. */
  path?: string;
  /** Default `{ kind: 'batch', size: 100 }`. */
  commitPolicy?: CommitPolicy;
  /** Property ids to check (`replay/not-idempotent`...); all by default. */
  properties?: readonly string[];
  /** Producers may write duplicates on retry. Default true. */
  producerDuplicates?: boolean;
  /** Project root for log paths and contracts (kontract.config.json). Default `process.cwd()`. */
  root?: string;
  /** Contracts to decode the log with; loaded from `root` when not given. */
  catalog?: ReplayCatalog;
  /** Wall-clock budget for the whole check, in milliseconds. */
  budgetMs?: number;
}

/** Thrown when a consumer breaks a replay property (or the log or consumer cannot be replayed). */
export class ReplayAssertionError extends Error {
  /** The full replay result, for custom reporting. */
  readonly result: ReplayResult;
  constructor(message: string, result: ReplayResult) {
    super(message);
    this.name = 'ReplayAssertionError';
    this.result = result;
  }
}

function failureMessage(result: ReplayResult, errors: Diagnostic[]): string {
  const lines: string[] = [];
  for (const failure of result.failures) {
    lines.push(`Property ${failure.ruleId} failed after ${failure.runsUntilFailure} tests`);
    lines.push(`{ seed: ${failure.seed}, path: "${failure.path}", endOnFailure: true }`);
    lines.push(`Counterexample: [${failure.counterexample}]`);
    lines.push(`Shrunk ${failure.shrinks} time(s)`);
    lines.push(`Got error: ${failure.message}`);
    lines.push('');
  }
  const others = errors.filter((d) => !result.failures.some((f) => f.ruleId === d.ruleId));
  for (const diagnostic of others) {
    const where = diagnostic.location ? `${diagnostic.location.file}:${diagnostic.location.line}: ` : '';
    lines.push(`${where}${diagnostic.ruleId}: ${diagnostic.message}`);
  }
  lines.push('');
  lines.push(formatReplayPretty(result));
  return lines.join('\n');
}

/**
 * Replays `log` through `consumer` under the Kafka delivery model and throws a
 * `ReplayAssertionError` when a property fails or when an error-level finding comes up. `log` is a
 * recorded log already read, or the path(s) of log files (NDJSON envelopes or `kcat -J`).
 */
export async function expectReplaySafe<State, Snapshot>(
  consumer: ConsumerDefinition<State, Snapshot>,
  log: RecordedLog | string | readonly string[],
  options: ExpectReplaySafeOptions = {},
): Promise<ReplayResult> {
  const root = options.root ?? process.cwd();
  let recorded: RecordedLog;
  const inputProblems: Diagnostic[] = [];
  if (typeof log === 'string' || Array.isArray(log)) {
    const files = (typeof log === 'string' ? [log] : (log as readonly string[])).map((file) =>
      path.resolve(root, file),
    );
    let catalog = options.catalog;
    if (!catalog) {
      const loaded = await loadReplayCatalog({ root });
      catalog = loaded.catalog;
      inputProblems.push(...loaded.diagnostics.filter((d) => d.severity === 'error'));
    }
    const read = await readLogs(files, { catalog, root });
    recorded = read.log;
    inputProblems.push(...read.diagnostics);
  } else {
    recorded = log as RecordedLog;
  }
  const global = fc.readConfigureGlobal();
  const seed = options.seed ?? global.seed;
  const result = await runReplay({
    consumers: [consumer as AnyConsumer],
    log: recorded,
    runs: options.runs ?? global.numRuns ?? 100,
    commitPolicy: options.commitPolicy ?? { kind: 'batch', size: 100 },
    command: 'kontract replay',
    ...(seed === undefined ? {} : { seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.properties ? { properties: options.properties } : {}),
    ...(options.producerDuplicates === undefined ? {} : { producerDuplicates: options.producerDuplicates }),
    ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
  });
  result.diagnostics.unshift(...inputProblems);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.failures.length > 0 || errors.length > 0)
    throw new ReplayAssertionError(failureMessage(result, errors), result);
  return result;
}
