/**
 * `kontract check` as a library function: every capability kontract has, in one report. Today that
 * is the contract lint; schema evolution (`compat`) and code analysis add their findings here, each
 * behind the same read → load → examine → waive → summarise pipeline.
 */
import { lintLoadedWorkspace } from './lint.ts';
import { knownRuleIds } from './rules.ts';
import { type CheckOptions, type CheckResult, finishRun, loadWorkspace } from './workspace-run.ts';

export type { CheckOptions, CheckResult } from './workspace-run.ts';

/**
 * Checks the contracts of the workspace at `options.cwd` and returns every finding and the verdict.
 * Never throws on bad input: unreadable contracts, a bad config and missing paths are diagnostics
 * with exit code 2.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const workspace = await loadWorkspace(options, knownRuleIds());
  const lint = lintLoadedWorkspace(workspace);
  return finishRun(workspace, lint.findings, lint.ranRuleIds, options);
}
