/**
 * `kontract diff` as a library function: the schema-evolution check alone, against a git ref (by
 * default the merge base with the pull request's base branch) or another source of earlier versions
 * (a schema registry). Fail closed: a base that cannot be resolved or read is an input error (exit 2),
 * never a pass; an empty diff is a pass, and the summary says so.
 */
import { type EvolutionBaseSource, type EvolutionSummary, evolveWorkspace } from './evolution.ts';
import { knownRuleIds } from './rules.ts';
import { type CheckOptions, type CheckResult, finishRun, loadWorkspace } from './workspace-run.ts';

/** The options every command that checks evolution accepts, beyond the workspace's. */
export interface EvolutionCommandOptions {
  /**
   * The git ref to compare against: a branch, tag, sha or revision (`HEAD~1`); `main...` means the
   * merge base of HEAD and `main`. Default: the merge base of HEAD and the pull request's base branch
   * (`GITHUB_BASE_REF`), else of `origin/main`, `main`, `origin/master` or `master`.
   */
  against?: string;
  /** Fetch a missing ref or the history a shallow clone lacks (bounded), instead of failing with the fetch to run. */
  fetchMissing?: boolean;
  /** Environment to read `GITHUB_BASE_REF`/`GITHUB_ACTIONS` from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Compare with this source of earlier versions instead of git, e.g. a schema registry adapter that
   * hands over every registered version of each subject. Takes precedence over `against`.
   */
  registry?: EvolutionBaseSource;
}

/** What `runDiff` accepts. */
export interface DiffOptions extends CheckOptions, EvolutionCommandOptions {}

/** The outcome of `runDiff`: the check result, plus what was compared with what when the comparison ran. */
export interface DiffResult extends CheckResult {
  /** The base and what happened to each contract; absent when the comparison could not run (see the diagnostics). */
  evolution?: EvolutionSummary;
}

/**
 * Checks the evolution of the contracts of the workspace at `options.cwd` against the base. Never
 * throws on bad input or git trouble: those are diagnostics with exit code 2.
 */
export async function runDiff(options: DiffOptions): Promise<DiffResult> {
  const workspace = await loadWorkspace(options, knownRuleIds());
  const evolution = await evolveWorkspace(workspace, {
    requireBase: true,
    partialSelection: (options.paths ?? []).length > 0,
    ...(options.against === undefined ? {} : { against: options.against }),
    ...(options.fetchMissing ? { fetchMissing: true } : {}),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.registry === undefined ? {} : { source: options.registry }),
  });
  const result: DiffResult = finishRun(workspace, evolution.findings, evolution.ranRuleIds, options);
  if (evolution.summary !== undefined) result.evolution = evolution.summary;
  return result;
}

/**
 * One line for people: `No contract changed since the merge base of HEAD and main (a1b2c3d).` or
 * `2 contracts changed, 1 added, 1 removed since …`.
 */
export function describeEvolution(summary: EvolutionSummary, options: { incomplete?: boolean } = {}): string {
  const count = (status: string) => summary.outcomes.filter((outcome) => outcome.status === status).length;
  const changed = count('changed') + count('renamed');
  const parts: string[] = [];
  if (changed > 0) parts.push(`${changed} contract${changed === 1 ? '' : 's'} changed`);
  if (count('added') > 0) parts.push(`${count('added')} added`);
  if (count('removed') > 0) parts.push(`${count('removed')} removed`);
  const fetched =
    summary.fetched.length === 0 ? '' : ` (fetched missing history: ${summary.fetched.join('; ')})`;
  // A contract that did not load was not compared: "no contract changed" would read as a pass.
  const notCompared = options.incomplete ? '; contracts that did not load were not compared' : '';
  if (parts.length === 0) {
    return options.incomplete
      ? `No loadable contract changed since ${summary.base}${fetched}${notCompared}.`
      : `No contract changed since ${summary.base}${fetched}.`;
  }
  return `${parts.join(', ')} since ${summary.base}${fetched}${notCompared}.`;
}
