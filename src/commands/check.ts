/**
 * `kontract check` as a library function: every capability kontract has, in one report. Today that
 * is the contract lint, schema evolution against the git base (see `evolution.ts`: outside a git
 * repository it is not checked; with `against` every failure to compare is an error) and, when the
 * config has a `code` section, the code analysis, each behind the same read → load → examine → waive
 * → summarise pipeline.
 */
import { checkCode } from './code-check.ts';
import type { EvolutionCommandOptions } from './diff.ts';
import { evolveWorkspace } from './evolution.ts';
import { lintLoadedWorkspace } from './lint.ts';
import { knownRuleIds } from './rules.ts';
import { type CheckOptions, type CheckResult, finishRun, loadWorkspace } from './workspace-run.ts';

export type { CheckOptions, CheckResult } from './workspace-run.ts';

/** What `runCheck` accepts: the workspace options, and where schema evolution compares against. */
export interface RunCheckOptions extends CheckOptions, EvolutionCommandOptions {}

/**
 * Checks the contracts of the workspace at `options.cwd` and returns every finding and the verdict.
 * Never throws on bad input: unreadable contracts, a bad config and missing paths are diagnostics
 * with exit code 2.
 */
export async function runCheck(options: RunCheckOptions): Promise<CheckResult> {
  const workspace = await loadWorkspace(options, knownRuleIds());
  const lint = lintLoadedWorkspace(workspace);
  // Generated types cover every contract, so only a run over the whole selection can judge them.
  const code = await checkCode(workspace, { types: (options.paths ?? []).length === 0 });
  const evolution = await evolveWorkspace(workspace, {
    requireBase: options.against !== undefined || options.registry !== undefined,
    partialSelection: (options.paths ?? []).length > 0,
    ...(options.against === undefined ? {} : { against: options.against }),
    ...(options.fetchMissing ? { fetchMissing: true } : {}),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.registry === undefined ? {} : { source: options.registry }),
    // Consumer-aware compatibility reads the usage map the code check has just built.
    ...(code.analysis === undefined ? {} : { usage: code.analysis.usage }),
  });
  return finishRun(
    workspace,
    [...lint.findings, ...code.findings, ...evolution.findings],
    new Set([...lint.ranRuleIds, ...code.ranRuleIds, ...evolution.ranRuleIds]),
    options,
  );
}
