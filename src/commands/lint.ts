/**
 * `kontract lint` as a library function: the contract lint rules only, with the config's severities
 * and waivers.
 */
import { enabledLintRuleIds } from '../lint/rule-options.ts';
import { runLint } from '../lint/run-lint.ts';
import type { Diagnostic } from '../report/diagnostic.ts';
import { knownRuleIds } from './rules.ts';
import {
  type CheckOptions,
  type CheckResult,
  finishRun,
  type LoadedWorkspace,
  loadWorkspace,
} from './workspace-run.ts';

/** Runs the enabled lint rules on a loaded workspace; returns their findings and which rules ran. */
export function lintLoadedWorkspace(workspace: LoadedWorkspace): {
  findings: Diagnostic[];
  ranRuleIds: Set<string>;
} {
  if (!workspace.checkable) return { findings: [], ranRuleIds: new Set() };
  return {
    findings: runLint(workspace.contracts, workspace.config),
    ranRuleIds: enabledLintRuleIds(workspace.config),
  };
}

/**
 * Reads the workspace at `options.cwd`, loads the contracts and lints them. Never throws on bad input:
 * unreadable contracts, a bad config and missing paths are diagnostics (exit code 2).
 */
export async function lintWorkspace(options: CheckOptions): Promise<CheckResult> {
  const workspace = await loadWorkspace(options, knownRuleIds());
  const { findings, ranRuleIds } = lintLoadedWorkspace(workspace);
  return finishRun(workspace, findings, ranRuleIds, options);
}
