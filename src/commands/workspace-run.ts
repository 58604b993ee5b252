/**
 * The read → plan → report skeleton shared by the commands that check contracts: read the workspace,
 * validate the config, load the contracts, let the command produce findings, apply the config's
 * waivers, and summarise. Commands differ only in which capabilities produce findings.
 */

import type { KontractConfig } from '../contracts/config-types.ts';
import { parseJsonDocument } from '../contracts/json-positions.ts';
import { parseConfig } from '../contracts/load-config.ts';
import { loadContracts } from '../contracts/load-contracts.ts';
import type { ContractSet, SourceFile } from '../contracts/model.ts';
import type { Diagnostic, SourceLocation } from '../report/diagnostic.ts';
import { type FailOn, type RunSummary, summarize } from '../report/render.ts';
import { applyWaivers } from '../report/waivers.ts';
import { readWorkspace } from '../workspace/read-workspace.ts';

/** What every contract-checking command accepts. */
export interface CheckOptions {
  /** Project directory: where `kontract.config.json` is looked for and relative paths start. */
  cwd: string;
  /** Config file (relative to `cwd` or absolute); default `kontract.config.json` in `cwd`, if present. */
  configPath?: string;
  /** Contract files or folders to check instead of the config's `include` globs. */
  paths?: readonly string[];
  /** Lowest severity that fails the run; default the config's `failOn`. */
  failOn?: FailOn;
  /** The date waivers expire against, `YYYY-MM-DD`; default today (UTC). */
  today?: string;
}

/** The outcome of a contract-checking command: every finding, sorted by the renderer, and the verdict. */
export interface CheckResult {
  /** Loader, config and workspace diagnostics first, then the findings (waivers applied). */
  diagnostics: Diagnostic[];
  summary: RunSummary;
  /** Same as `summary.exitCode`: 0 clean, 1 findings at or above `failOn`, 2 input or config error. */
  exitCode: 0 | 1 | 2;
  /** The project root that every `location.file` is relative to. */
  root: string;
  /** The config file used, relative to `root`, if any. */
  configFile?: string;
}

/** A workspace read and loaded, ready for the capabilities to examine. */
export interface LoadedWorkspace {
  root: string;
  configFile?: SourceFile;
  config: KontractConfig;
  contracts: ContractSet;
  /** Number of contract files selected, including the ones that failed to load. */
  fileCount: number;
  /**
   * Files loaded only so that the selected ones can reference the named types they define (the rest
   * of the config's selection when paths are given); their own findings are not reported.
   */
  contextFiles: ReadonlySet<string>;
  /** Workspace, config and loader diagnostics. */
  inputDiagnostics: Diagnostic[];
  /**
   * False when the config itself is broken: its rule settings and waivers cannot be trusted, so
   * findings would mislead. The run then reports the input problems only.
   */
  checkable: boolean;
}

/** Today's date in UTC as `YYYY-MM-DD`. */
export function isoToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * `info` in a config's `failOn` cannot fail a run (an info finding never does), so it means the
 * strictest threshold that can: `warning`.
 */
function failOnOf(config: KontractConfig, override: FailOn | undefined): FailOn {
  if (override) return override;
  return config.failOn === 'info' ? 'warning' : config.failOn;
}

/**
 * Reads the workspace, validates the config and loads every contract. Never throws on bad input.
 *
 * When paths are given and they all belong to the config's selection, the rest of that selection is
 * loaded too, as context: a contract may reference named types defined in files that were not named
 * (`kontract lint contracts/accounts/MoneyDeposited.avsc` needs `contracts/common/Money.avsc`), and
 * the config's per-contract settings are judged against the whole selection. Paths outside the
 * config's selection (fixtures, a scratch folder) are loaded on their own: they are not the contracts
 * the config describes, so `config/unknown-contract` is not reported for them.
 */
export async function loadWorkspace(
  options: CheckOptions,
  knownRuleIds: readonly string[],
): Promise<LoadedWorkspace> {
  const configOption = options.configPath !== undefined ? { configPath: options.configPath } : {};
  const selecting = options.paths !== undefined && options.paths.length > 0;
  const workspace = await readWorkspace({
    cwd: options.cwd,
    ...configOption,
    ...(selecting ? { paths: options.paths } : {}),
  });
  const { config, diagnostics: configDiagnostics } = parseConfig(workspace.configFile, { knownRuleIds });
  const checkable = !configDiagnostics.some((d) => d.severity === 'error');

  let context: SourceFile[] = [];
  let outsideConfig = false;
  if (selecting && workspace.files.length > 0) {
    // Only the files matter here: problems with the config's own globs are not this run's question.
    const configured = await readWorkspace({ cwd: options.cwd, ...configOption });
    const selected = new Set(workspace.files.map((file) => file.path));
    const configuredPaths = new Set(configured.files.map((file) => file.path));
    outsideConfig = workspace.files.some((file) => !configuredPaths.has(file.path));
    if (!outsideConfig) context = configured.files.filter((file) => !selected.has(file.path));
  }

  const contracts = loadContracts([...workspace.files, ...context], config);
  const loaderDiagnostics = outsideConfig
    ? contracts.diagnostics.filter((d) => d.ruleId !== 'config/unknown-contract')
    : contracts.diagnostics;
  const loaded: LoadedWorkspace = {
    root: workspace.root,
    config,
    contracts,
    fileCount: workspace.files.length,
    contextFiles: new Set(context.map((file) => file.path)),
    inputDiagnostics: [...workspace.diagnostics, ...configDiagnostics, ...loaderDiagnostics],
    checkable,
  };
  if (workspace.configFile) loaded.configFile = workspace.configFile;
  return loaded;
}

/** Locates the n-th waiver in the config file, for diagnostics about expired or unused waivers. */
function waiverLocator(configFile: SourceFile | undefined): (index: number) => SourceLocation | undefined {
  if (!configFile) return () => undefined;
  let positions: ((index: number) => SourceLocation) | undefined;
  return (index) => {
    if (!positions) {
      const parsed = parseJsonDocument(configFile.path, new TextDecoder().decode(configFile.bytes));
      if (!parsed.ok) return undefined;
      positions = (i) => parsed.positions.locate(`/waivers/${i}`);
    }
    return positions(index);
  };
}

/**
 * Applies the config's waivers to the findings of the rules that ran, adds the input diagnostics,
 * leaves out what concerns only context files, and summarises the run. Waivers are applied before
 * that, so a waiver for a contract outside the selection is used, not reported as unused.
 */
export function finishRun(
  workspace: LoadedWorkspace,
  findings: readonly Diagnostic[],
  ranRuleIds: ReadonlySet<string>,
  options: CheckOptions,
): CheckResult {
  const waived = workspace.checkable
    ? applyWaivers([...findings], workspace.config.waivers, {
        today: options.today ?? isoToday(),
        ranRuleIds,
        ...(workspace.configFile ? { configFile: workspace.configFile.path } : {}),
        locateWaiver: waiverLocator(workspace.configFile),
      })
    : [];
  const inContext = (d: Diagnostic): boolean =>
    d.location !== undefined && workspace.contextFiles.has(d.location.file);
  const diagnostics = [...workspace.inputDiagnostics, ...waived].filter((d) => !inContext(d));
  const summary = summarize(diagnostics, {
    contracts: workspace.fileCount,
    failOn: failOnOf(workspace.config, options.failOn),
  });
  const result: CheckResult = { diagnostics, summary, exitCode: summary.exitCode, root: workspace.root };
  if (workspace.configFile) result.configFile = workspace.configFile.path;
  return result;
}
