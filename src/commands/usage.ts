/**
 * `kontract usage` as a library function: which fields of which contract every consumer of the
 * project reads, and where (consumer → contract → field path → locations), from the code analysis.
 * read → load → analyse → report. The map is what consumer-aware compatibility uses; this command
 * shows it, so a team can see who would break before changing a contract.
 */
import { analyzeCode } from '../code/analyze-code.ts';
import type { UsageMap } from '../code/usage.ts';
import { isInputError } from '../report/render.ts';
import { codeAnalysisConfigOf, unanalysableFindings } from './code-check.ts';
import { knownRuleIds } from './rules.ts';
import { type CheckOptions, type CheckResult, finishRun, loadWorkspace } from './workspace-run.ts';

/** Options of `runUsage`: where the project and its config are. */
export type UsageCommandOptions = Pick<CheckOptions, 'cwd' | 'configPath' | 'today'>;

/** The usage map, plus the run's diagnostics: input errors, and `code/unanalysable` infos. */
export interface UsageResult extends CheckResult {
  usage: UsageMap;
  /** Source files the analysis scanned. */
  filesAnalysed: number;
}

/**
 * Analyses the project's code with the config's `code` section (its defaults when there is none:
 * `tsconfig.json` at the root) and returns the consumers' usage map. A broken config or contracts
 * that fail to load refuse the run (exit 2): a map built on part of the contracts would hide readers.
 */
export async function runUsage(options: UsageCommandOptions): Promise<UsageResult> {
  const workspace = await loadWorkspace(options, knownRuleIds());
  if (!workspace.checkable || workspace.inputDiagnostics.some(isInputError)) {
    return { ...finishRun(workspace, [], new Set(), options), usage: { consumers: [] }, filesAnalysed: 0 };
  }
  const analysis = await analyzeCode({
    root: workspace.root,
    contracts: workspace.contracts,
    config: codeAnalysisConfigOf(workspace.config),
  });
  const notes = unanalysableFindings(analysis.unanalysable, workspace.config);
  return {
    ...finishRun(workspace, notes, new Set(['code/unanalysable']), options),
    usage: analysis.usage,
    filesAnalysed: analysis.filesAnalysed,
  };
}
