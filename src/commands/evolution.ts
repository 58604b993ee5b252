/**
 * The schema-evolution step shared by `kontract diff` and `kontract check`: find the base (a git ref,
 * by default the merge base with the pull request's base branch), read the contract files as they
 * were there (and, for transitive modes, every earlier version in history), and compare the current
 * contracts with them. Read → plan → report: git is read here, the comparison is the pure
 * `compareContracts`.
 *
 * Fail closed: a base that cannot be resolved or read (a missing ref, a shallow clone, unrelated
 * histories) is a `workspace/git-history` error with git's reason and the fetch that fixes it, which
 * exits 2, never "no breaking changes". Only `kontract check` without `--against` is lenient where
 * there is nothing to compare with at all: outside a git repository evolution is not checked
 * (nothing is reported), and in a repository without any base branch it reports `compat/not-checked`.
 */

import type { UsageMap } from '../code/usage.ts';
import {
  definitionsOf,
  lazyPositions,
  readVersionSource,
  type VersionSource,
} from '../compat/base-versions.ts';
import {
  type BaseContract,
  type CompareContractsResult,
  type ContractOutcome,
  compareContracts,
  type EvolutionBase,
  type SchemaVersion,
} from '../compat/compare-contracts.ts';
import { evolutionRules } from '../compat/evolution/index.ts';
import { MODE_RULES } from '../compat/modes.ts';
import { canonicalForm, schemaDocumentOf } from '../compat/semantic/schema-view.ts';
import { parseConfig } from '../contracts/load-config.ts';
import type { Contract, Json } from '../contracts/model.ts';
import { resolveSettings } from '../contracts/resolve-settings.ts';
import {
  type BaseRef,
  groupVersions,
  type HistoricalVersion,
  type HistoryError,
  isHistoryError,
  readFilesAtCommit,
  readHistory,
  resolveBase,
} from '../history/index.ts';
import { type Diagnostic, fingerprintOf, formatMessage } from '../report/diagnostic.ts';
import type { LoadedWorkspace } from './workspace-run.ts';

/**
 * Where earlier versions come from when not from git: a schema registry adapter implements this and
 * hands over every registered version of each contract's subject (with the subject's configured
 * compatibility as `BaseContract.compatibility`). A thrown error becomes a `workspace/base-unreadable`
 * input error (exit 2) with the error's message and, when it has one, its `hint`.
 */
export interface EvolutionBaseSource {
  /** Reads the earlier versions of the workspace's contracts. */
  read(workspace: LoadedWorkspace): Promise<EvolutionBase>;
}

/** How the evolution step runs. */
export interface EvolutionOptions {
  /** The git ref to compare against (`main`, `v1.2.0`, `HEAD~1`, `origin/main...`); default: the merge base with the base branch. */
  against?: string;
  /** Fetch missing refs and history (bounded) instead of failing with the `git fetch` to run. */
  fetchMissing?: boolean;
  /** Environment for `GITHUB_BASE_REF`/`GITHUB_ACTIONS`; default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * True for `kontract diff` and whenever `against` is given: every reason the comparison cannot run
   * is an error (exit 2). False for `kontract check` without `--against` (see the module comment).
   */
  requireBase: boolean;
  /**
   * True when the run covers only some contract files (paths on the command line): a contract missing
   * from the selection is then no deletion.
   */
  partialSelection?: boolean;
  /** Compare with this source instead of git (a schema registry). */
  source?: EvolutionBaseSource;
  /**
   * The consumers' usage map, for consumer-aware compatibility (`compat/consumer-reads-removed-field`).
   * When absent and the config has a `code` section, the code is analysed once a contract has changed.
   */
  usage?: UsageMap;
}

/** The usage map for consumer-aware compatibility: the one given, or the code analysed now when configured. */
async function usageFor(
  workspace: LoadedWorkspace,
  options: EvolutionOptions,
): Promise<UsageMap | undefined> {
  if (options.usage !== undefined) return options.usage;
  if (workspace.config.code === undefined) return undefined;
  const { analyseWorkspaceUsage } = await import('./code-check.ts');
  return analyseWorkspaceUsage(workspace);
}

/** What the comparison covered, for summaries. */
export interface EvolutionSummary {
  /** How the base is named: `the merge base of HEAD and main (a1b2c3d)`. */
  base: string;
  /** The git base, when the base came from git. */
  ref?: BaseRef;
  /** What happened to each contract on either side (unchanged ones included). */
  outcomes: ContractOutcome[];
  /** The `git fetch` commands run to bring missing history (`fetchMissing`). */
  fetched: string[];
}

/** The findings of the evolution step. */
export interface EvolutionRun {
  /** Findings and input errors (`workspace/git-history`, `workspace/base-unparseable`). */
  findings: Diagnostic[];
  /** Rules that ran (empty when the comparison did not run). */
  ranRuleIds: Set<string>;
  /** Set when the comparison ran. */
  summary?: EvolutionSummary;
}

const short = (sha: string): string => sha.slice(0, 7);

/** `the merge base of HEAD and main (a1b2c3d)` / `v1.2.0 (a1b2c3d)`: the base as messages name it. */
function describeBase(base: BaseRef): string {
  // Fetches are reported once, in the summary, not in every message that names the base.
  const description = base.description.replace(/, after fetching from \S+ (?:once|\d+ times)$/, '');
  return base.kind === 'merge-base' ? `the ${description}` : description;
}

function inputError(
  ruleId: 'workspace/git-history' | 'workspace/base-unreadable',
  messageId: string,
  message: string,
  help: string,
  data: Record<string, string>,
): Diagnostic {
  return {
    ruleId,
    messageId,
    severity: 'error',
    message,
    help,
    data,
    fingerprint: fingerprintOf({ ruleId, messageId, data }),
  };
}

function historyErrorDiagnostic(error: HistoryError): Diagnostic {
  return inputError(
    'workspace/git-history',
    error.code,
    `Schema evolution could not be checked: ${error.message}`,
    error.hint,
    { code: error.code, ...(error.details.ref === undefined ? {} : { ref: error.details.ref }) },
  );
}

function notCheckedDiagnostic(workspace: LoadedWorkspace, error: HistoryError): Diagnostic | undefined {
  const rule = evolutionRules['compat/not-checked'];
  const written = workspace.config.rules[rule.id];
  const setting = typeof written === 'object' && written !== null ? written.severity : written;
  if (setting === 'off') return undefined;
  const data = { code: error.code };
  return {
    ruleId: rule.id,
    messageId: 'noBase',
    severity: setting === 'warning' || setting === 'error' ? setting : 'info',
    message: formatMessage(rule.messages.noBase, { reason: error.message }),
    help: `${error.hint} With --against, kontract check treats this as an error.`,
    data,
    fingerprint: fingerprintOf({ ruleId: rule.id, messageId: 'noBase', data }),
  };
}

/** Codes for which `check` without `--against` has nothing to compare with, rather than a broken base. */
const nothingToCompare: ReadonlySet<string> = new Set(['no-default-base', 'no-commits', 'git-not-found']);

/** The contracts the run examines: the selected ones, not those loaded only as context. */
function selectedContracts(workspace: LoadedWorkspace): Contract[] {
  return workspace.contracts.contracts.filter((contract) => !workspace.contextFiles.has(contract.file));
}

/** Full names of the workspace's files, loaded or not, so a broken file is never taken for a deletion. */
function presentNames(workspace: LoadedWorkspace): Set<string> {
  const names = new Set(workspace.contracts.contracts.map((contract) => contract.fullName));
  for (const diagnostic of workspace.inputDiagnostics) {
    if (diagnostic.contract !== undefined) names.add(diagnostic.contract);
  }
  return names;
}

/**
 * Runs the evolution step on a loaded workspace. Never throws on bad input or git trouble: those are
 * diagnostics. Does nothing when the config itself is broken (its settings cannot be trusted).
 */
export async function evolveWorkspace(
  workspace: LoadedWorkspace,
  options: EvolutionOptions,
): Promise<EvolutionRun> {
  if (!workspace.checkable) return { findings: [], ranRuleIds: new Set() };
  if (options.source !== undefined) return evolveAgainstSource(workspace, options.source, options);
  const requireBase = options.requireBase || options.against !== undefined;
  let base: BaseRef;
  try {
    base = await resolveBase({
      cwd: workspace.root,
      ...(options.against === undefined ? {} : { against: options.against }),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.fetchMissing ? { fetchMissing: true } : {}),
    });
  } catch (error) {
    if (!isHistoryError(error)) throw error;
    if (!requireBase && error.code === 'not-a-repository') return { findings: [], ranRuleIds: new Set() };
    if (!requireBase && nothingToCompare.has(error.code)) {
      const note = notCheckedDiagnostic(workspace, error);
      return { findings: note ? [note] : [], ranRuleIds: new Set() };
    }
    return { findings: [historyErrorDiagnostic(error)], ranRuleIds: new Set() };
  }
  try {
    return await compareWithGitBase(workspace, base, options);
  } catch (error) {
    if (!isHistoryError(error)) throw error;
    return { findings: [historyErrorDiagnostic(error)], ranRuleIds: new Set() };
  }
}

async function evolveAgainstSource(
  workspace: LoadedWorkspace,
  source: EvolutionBaseSource,
  options: EvolutionOptions,
): Promise<EvolutionRun> {
  let base: EvolutionBase;
  try {
    base = await source.read(workspace);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint =
      typeof error === 'object' && error !== null && 'hint' in error && typeof error.hint === 'string'
        ? error.hint
        : 'Check that the base can be reached, then run again.';
    return {
      findings: [
        inputError(
          'workspace/base-unreadable',
          'unreadable',
          `Schema evolution could not be checked: ${message}`,
          hint,
          { reason: message },
        ),
      ],
      ranRuleIds: new Set(),
    };
  }
  const result = compare(workspace, base, await usageFor(workspace, options), options);
  return {
    findings: result.diagnostics,
    ranRuleIds: result.ranRuleIds,
    summary: { base: base.description, outcomes: result.outcomes, fetched: [] },
  };
}

function compare(
  workspace: LoadedWorkspace,
  base: EvolutionBase,
  usage: UsageMap | undefined,
  options: EvolutionOptions,
): CompareContractsResult {
  const contracts = selectedContracts(workspace);
  return compareContracts({
    ...(usage === undefined ? {} : { usage }),
    contracts,
    definitions: definitionsOf(workspace.contracts.contracts.map((contract) => contract.schema)),
    base,
    config: workspace.config,
    reportRemoved: options.partialSelection !== true,
    present: presentNames(workspace),
  });
}

/**
 * {@link presentNames}, plus the contracts whose file is still in the workspace but does not load
 * today (its name cannot be read from it): the loader reports that file, and it is no deletion.
 */
function presentInGit(workspace: LoadedWorkspace, baseFiles: readonly BaseFile[]): Set<string> {
  const names = presentNames(workspace);
  const loaded = new Set(workspace.contracts.contracts.map((contract) => contract.file));
  const paths = new Set<string>();
  for (const diagnostic of workspace.inputDiagnostics) {
    const file = diagnostic.location?.file;
    if (file !== undefined && !loaded.has(file)) paths.add(file);
  }
  for (const { source } of baseFiles) {
    if (source.fullName !== undefined && paths.has(source.path)) names.add(source.fullName);
  }
  return names;
}

/** One file at the base, read leniently, with what the comparison needs from it. */
interface BaseFile {
  source: VersionSource;
  /** The current contract at the same path, if its JSON is identical (the common case). */
  unchangedAs?: Contract;
}

async function compareWithGitBase(
  workspace: LoadedWorkspace,
  ref: BaseRef,
  options: EvolutionOptions,
): Promise<EvolutionRun> {
  const { config } = workspace;
  const configPath = workspace.configFile?.path;
  const files = await readFilesAtCommit({
    cwd: workspace.root,
    sha: ref.sha,
    include: configPath === undefined ? config.include : [...config.include, configPath],
    exclude: config.exclude,
  });
  const baseConfigFile =
    configPath === undefined ? undefined : files.find((file) => file.path === configPath);
  const contractFiles = files.filter((file) => file !== baseConfigFile);
  const baseConfig = baseConfigFile === undefined ? undefined : parseConfig(baseConfigFile).config;
  const description = describeBase(ref);

  // Which current contracts may have changed: a different file, or a named type it reaches that did.
  const currentByPath = new Map(workspace.contracts.contracts.map((contract) => [contract.file, contract]));
  const baseFiles: BaseFile[] = [];
  const changedPaths = new Set<string>(currentByPath.keys());
  for (const file of contractFiles) {
    const source = readVersionSource(file);
    const current = currentByPath.get(file.path);
    const entry: BaseFile = { source };
    if (current !== undefined && source.json !== undefined && sameJson(source.json, current.schema)) {
      entry.unchangedAs = current;
      changedPaths.delete(file.path);
    } else {
      changedPaths.add(file.path);
    }
    baseFiles.push(entry);
  }
  const candidates = changedContracts(workspace, changedPaths, baseFiles);

  const baseDefinitions = definitionsOf(
    baseFiles.flatMap((file) => (file.source.json === undefined ? [] : [file.source.json])),
  );
  const contracts = new Map<string, BaseContract>();
  const unparseableByPath = new Map<string, VersionSource>();
  for (const { source } of baseFiles) {
    if (source.fullName === undefined) {
      unparseableByPath.set(source.path, source);
      continue;
    }
    if (contracts.has(source.fullName)) continue;
    const version = gitVersion(source, `${source.path} at ${description}`, baseDefinitions);
    const keyField =
      baseConfig === undefined ? undefined : resolveSettings(source.fullName, baseConfig).keyField;
    contracts.set(source.fullName, {
      fullName: source.fullName,
      versions: [version],
      ...(keyField === undefined ? {} : { keyField }),
    });
  }
  // A current contract whose file at the base does not parse: compared against nothing it can read.
  for (const [path, source] of unparseableByPath) {
    const current = currentByPath.get(path);
    if (current === undefined || contracts.has(current.fullName)) continue;
    contracts.set(current.fullName, {
      fullName: current.fullName,
      versions: [
        {
          fullName: current.fullName,
          label: `${path} at ${description}`,
          file: path,
          problem: source.problem ?? { reason: 'it could not be read' },
        },
      ],
    });
  }

  const fetched = [...ref.fetched];
  const transitive = [...candidates].filter((name) => {
    const contract = workspace.contracts.byFullName.get(name);
    const previous = contracts.get(name);
    return (
      contract !== undefined &&
      previous !== undefined &&
      MODE_RULES[previous.compatibility ?? contract.settings.compatibility].transitive
    );
  });
  if (transitive.length > 0) {
    const history = await readHistory({
      cwd: workspace.root,
      until: ref.sha,
      include: config.include,
      exclude: config.exclude,
      ...(options.fetchMissing ? { fetchMissing: true } : {}),
      onFetch: (command) => fetched.push(command),
    });
    addHistory(contracts, new Set(transitive), history);
  }

  const selected = selectedContracts(workspace).filter((contract) => candidates.has(contract.fullName));
  const usage = selected.length === 0 ? undefined : await usageFor(workspace, options);
  const result = compareContracts({
    ...(usage === undefined ? {} : { usage }),
    contracts: selected,
    definitions: definitionsOf(workspace.contracts.contracts.map((contract) => contract.schema)),
    base: { description, contracts },
    config,
    reportRemoved: options.partialSelection !== true,
    present: presentInGit(workspace, baseFiles),
  });
  const compared = new Set(result.outcomes.map((outcome) => outcome.contract));
  for (const contract of selectedContracts(workspace)) {
    if (!compared.has(contract.fullName)) {
      result.outcomes.push({ contract: contract.fullName, status: 'unchanged', file: contract.file });
    }
  }
  result.outcomes.sort((a, b) => (a.contract < b.contract ? -1 : a.contract > b.contract ? 1 : 0));
  return {
    findings: result.diagnostics,
    ranRuleIds: result.ranRuleIds,
    summary: { base: description, ref, outcomes: result.outcomes, fetched },
  };
}

/** JSON equality of a parsed base file and a loaded contract (key order counts; whitespace does not). */
function sameJson(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Full names of the current contracts that may have changed: those whose file changed (or is new, or
 * whose name a changed base file had), and, transitively, those that reference a named type defined
 * in a changed file on either side. The comparison then decides exactly.
 */
function changedContracts(
  workspace: LoadedWorkspace,
  changedPaths: ReadonlySet<string>,
  baseFiles: readonly BaseFile[],
): Set<string> {
  const touched = new Set<string>();
  for (const contract of workspace.contracts.contracts) {
    if (changedPaths.has(contract.file)) for (const name of contract.defines) touched.add(name);
  }
  for (const { source } of baseFiles) {
    if (source.json === undefined || !changedPaths.has(source.path)) continue;
    for (const name of definitionsOf([source.json]).keys()) touched.add(name);
  }
  const changed = new Set<string>();
  const referencedBy = new Map<string, Contract[]>();
  for (const contract of workspace.contracts.contracts) {
    for (const name of contract.references) {
      const list = referencedBy.get(name);
      if (list) list.push(contract);
      else referencedBy.set(name, [contract]);
    }
  }
  const queue: string[] = [];
  const mark = (contract: Contract): void => {
    if (changed.has(contract.fullName)) return;
    changed.add(contract.fullName);
    for (const name of contract.defines) queue.push(name);
  };
  for (const contract of workspace.contracts.contracts) {
    if (changedPaths.has(contract.file) || contract.defines.some((name) => touched.has(name))) mark(contract);
  }
  for (const name of touched) queue.push(name);
  while (queue.length > 0) {
    const name = queue.pop()!;
    for (const contract of referencedBy.get(name) ?? []) mark(contract);
  }
  return changed;
}

/** A base file as a version: positions and reachable named types are left lazy or shared. */
function gitVersion(
  source: VersionSource,
  label: string,
  definitions: ReadonlyMap<string, Json>,
): SchemaVersion {
  const version: SchemaVersion = {
    fullName: source.fullName as string,
    label,
    file: source.path,
    external: definitions,
  };
  if (source.json !== undefined) version.schema = source.json;
  if (source.text !== undefined) version.positions = lazyPositions(source.path, source.text);
  if (source.problem !== undefined) version.problem = source.problem;
  return version;
}

/**
 * The named types as they were defined at one commit of the walk: for each name, its newest
 * definition at or before that commit, found when asked (a binary search), so no map of every type is
 * built per commit. Only `get` and `has` answer, which is all the comparison asks.
 */
class DefinitionsAt extends Map<string, Json> {
  readonly #byName: ReadonlyMap<string, readonly { at: number; json: Json }[]>;
  readonly #at: number;
  constructor(byName: ReadonlyMap<string, readonly { at: number; json: Json }[]>, at: number) {
    super();
    this.#byName = byName;
    this.#at = at;
  }
  override get(name: string): Json | undefined {
    const list = this.#byName.get(name);
    if (list === undefined) return undefined;
    let low = 0;
    let high = list.length - 1;
    let found: Json | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const entry = list[middle]!;
      if (entry.at <= this.#at) {
        found = entry.json;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/** `contracts/x.avsc at 1a2b3c4 ("Add currency", 2024-03-01)`. */
function historyLabel(version: HistoricalVersion): string {
  const subject =
    version.commit.subject.length > 50 ? `${version.commit.subject.slice(0, 49)}…` : version.commit.subject;
  return `${version.path} at ${short(version.commit.sha)} (${JSON.stringify(subject)}, ${version.commit.date.slice(0, 10)})`;
}

/**
 * Gives each transitive contract its earlier versions from history, oldest → newest, matched by full
 * name (so moves and renames of the file do not matter). Each version references the named types as
 * they were defined at its commit; the version at the base stays last, under its base label.
 */
function addHistory(
  contracts: Map<string, BaseContract>,
  names: ReadonlySet<string>,
  history: readonly HistoricalVersion[],
): void {
  const sources = new Map<string, VersionSource>();
  const sourceOf = (version: HistoricalVersion): VersionSource => {
    let source = sources.get(version.blob);
    if (source === undefined) {
      source = readVersionSource(version);
      sources.set(version.blob, source);
    }
    return source;
  };
  // Commit ordinals, and every named type's definitions by ordinal, for "as defined at that commit".
  const ordinal = new Map<string, number>();
  for (const version of history)
    if (!ordinal.has(version.commit.sha)) ordinal.set(version.commit.sha, ordinal.size);
  const definitionsByName = new Map<string, { at: number; json: Json }[]>();
  for (const version of history) {
    const json = sourceOf(version).json;
    if (json === undefined) continue;
    for (const [name, definition] of definitionsOf([json])) {
      const list = definitionsByName.get(name) ?? [];
      list.push({ at: ordinal.get(version.commit.sha) ?? 0, json: definition });
      definitionsByName.set(name, list);
    }
  }
  const { groups } = groupVersions(history, (version) => sourceOf(version).fullName);
  for (const name of names) {
    const previous = contracts.get(name);
    const group = groups.get(name);
    if (previous === undefined || group === undefined) continue;
    const newest = previous.versions.at(-1) as SchemaVersion;
    const newestText =
      newest.schema === undefined
        ? undefined
        : canonicalForm(schemaDocumentOf(newest.schema), { docs: true });
    const seen = new Set<string>();
    const versions: SchemaVersion[] = [];
    const memo = new Map<number, ReadonlyMap<string, Json>>();
    for (const historical of group) {
      const source = sourceOf(historical);
      const at = ordinal.get(historical.commit.sha) ?? 0;
      const label = historyLabel(historical);
      if (source.json === undefined || source.fullName === undefined) {
        versions.push({
          fullName: name,
          label,
          file: historical.path,
          problem: source.problem ?? { reason: 'it could not be read' },
        });
        continue;
      }
      // The same content committed twice (a revert, a copy) is one version.
      const text = canonicalForm(schemaDocumentOf(source.json), { docs: true });
      if (seen.has(text) || text === newestText) {
        seen.add(text);
        continue;
      }
      seen.add(text);
      let external = memo.get(at);
      if (external === undefined) {
        external = new DefinitionsAt(definitionsByName, at);
        memo.set(at, external);
      }
      const version = gitVersion(source, label, external);
      version.file = historical.path;
      versions.push(version);
    }
    versions.push(newest);
    contracts.set(name, { ...previous, versions });
  }
}
