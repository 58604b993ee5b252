/**
 * `kontract check` as a library function: every capability kontract has, in one report. Today that
 * is the contract lint and, when the config has a `code` section, the code analysis; schema
 * evolution (`compat`) adds its findings here, each behind the same read → load → examine → waive →
 * summarise pipeline.
 */
import { checkCode } from './code-check.ts';
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
  // Generated types cover every contract, so only a run over the whole selection can judge them.
  const code = await checkCode(workspace, { types: (options.paths ?? []).length === 0 });
  return finishRun(
    workspace,
    [...lint.findings, ...code.findings],
    new Set([...lint.ranRuleIds, ...code.ranRuleIds]),
    options,
  );
}
