/**
 * `kontract replay` as a library function: the config's `replay` section overlaid by the caller's
 * options (the command line's), consumer and log globs expanded, every input checked before anything
 * runs, then `replayProject`; the findings summarised into the verdict and exit codes every kontract
 * command shares (0 no finding at or above `failOn`, 1 a property or consumer finding, 2 an input
 * that could not be used: a bad config, a missing log, a consumer module that does not load).
 */
import { access, constants, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { closestMatch } from '../contracts/closest-match.ts';
import type { KontractConfig, ReplayConfig } from '../contracts/config-types.ts';
import { parseConfig } from '../contracts/load-config.ts';
import type { WriterSchemaLookup } from '../replay/catalog.ts';
import { type ReplayProjectResult, replayProject } from '../replay/readers/replay-project.ts';
import { SidecarError } from '../replay/readers/schema-sidecar.ts';
import { type ReplayPropertyId, replayRules } from '../replay/replay-rules.ts';
import type { ReplayProgress } from '../replay/run-replay.ts';
import type { CommitPolicy } from '../replay/schedule/plan.ts';
import { parseCommitPolicy } from '../replay/schedule/plan.ts';
import { type Diagnostic, fingerprintOf, type SourceLocation } from '../report/diagnostic.ts';
import { type FailOn, isInputError, type RunSummary, summarize } from '../report/render.ts';
import type { RuleMeta } from '../report/rule.ts';
import { severityFor } from '../report/rule-severity.ts';
import { applyWaivers } from '../report/waivers.ts';
import { readWorkspace } from '../workspace/read-workspace.ts';
import { knownRuleIds } from './rules.ts';
import { isoToday } from './workspace-run.ts';

/** Runs per property and consumer when neither the options nor the config say. */
export const defaultReplayRuns = 100;
/** The commit policy when neither the options nor the config say: kafkajs-like batches of 100. */
export const defaultCommitPolicy: CommitPolicy = { kind: 'batch', size: 100 };
/** Records kept in memory for the property search when neither the options nor the config say. */
export const defaultMaxRecords = 50_000;

/** File names a folder of consumer modules contributes. */
const moduleExtensions = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
/** File names a folder of recorded logs contributes (so `<log>.schemas.json` sidecars are left out). */
const logExtensions = ['.ndjson', '.jsonl'];

/**
 * What `replayWorkspace` accepts. Every setting is optional: what is not given comes from the
 * config's `replay` section, then from the defaults.
 */
export interface ReplayCommandOptions {
  /** Project directory: where `kontract.config.json` is looked for and where the paths given here start. */
  cwd: string;
  /** Config file (relative to `cwd` or absolute); default `kontract.config.json` in `cwd`, if present. */
  configPath?: string;
  /** The date waivers expire against (`YYYY-MM-DD`); default today, UTC. */
  today?: string;
  /** Consumer modules: paths or globs relative to `cwd`, replacing the config's `replay.consumers`. */
  consumers?: readonly string[];
  /** Recorded logs, joined in this order: paths or globs relative to `cwd`, replacing `replay.logs`. */
  logs?: readonly string[];
  /** Replay only the consumers with these names; a name no module exports is an input error. */
  consumerNames?: readonly string[];
  /** The properties to check; default the config's, else all. */
  properties?: readonly ReplayPropertyId[];
  /** fast-check runs per property and consumer (a positive integer). */
  runs?: number;
  /** Seed of every property search; random (and reported) when not given. */
  seed?: number;
  /** fast-check path of a failure, replayed with `seed` (normally with one consumer and one property). */
  path?: string;
  /** Wall-clock budget of the property searches, in milliseconds. */
  budgetMs?: number;
  commitPolicy?: CommitPolicy;
  /** Producers may write a record twice on retry (default true); false = idempotent producers. */
  producerDuplicates?: boolean;
  /** Valid records kept in memory for the property search (a prefix of every partition). */
  maxRecords?: number;
  /** Lowest severity that fails the run; default the config's `failOn`. */
  failOn?: FailOn;
  onProgress?: (event: ReplayProgress) => void;
  /**
   * Writer schemas for the wire-format values of the logs (a schema registry), made once the log
   * globs are expanded and checked: called with the absolute log files, in order. A throw (the
   * registry is down) propagates to the caller. Absent = `<log>.schemas.json` sidecars.
   */
  writerSchemas?: (logFiles: readonly string[]) => Promise<WriterSchemaLookup>;
  /** Prefix of every reproduce line; default `kontract replay`. */
  command?: string;
}

/** The settings a replay ran with, after the options, the config and the defaults were combined. */
export interface ReplaySettings {
  /** Consumer module files, relative to the project root. */
  consumerFiles: string[];
  /** Recorded logs, relative to the project root, in the order they are joined. */
  logFiles: string[];
  runs: number;
  commitPolicy: CommitPolicy;
  /** Properties checked; absent = all. */
  properties?: ReplayPropertyId[];
  producerDuplicates: boolean;
  budgetMs?: number;
  maxRecords: number;
}

/** The outcome of `kontract replay`. */
export interface ReplayCommandResult {
  /** Config and input problems first, then what the replay found. */
  diagnostics: Diagnostic[];
  summary: RunSummary;
  /** Same as `summary.exitCode`: 0 passed, 1 findings at or above `failOn`, 2 an input could not be used. */
  exitCode: 0 | 1 | 2;
  /** The project root every `location.file` is relative to. */
  root: string;
  /** The config file used, relative to `root`, if any. */
  configFile?: string;
  settings: ReplaySettings;
  /** The replay itself; absent when the inputs were unusable and nothing ran. */
  replay?: ReplayProjectResult;
}

/** An input problem of the replay command (never a rule finding): always an error, so the run exits 2. */
function inputProblem(
  ruleId: `workspace/${string}`,
  messageId: string,
  message: string,
  options: { location?: SourceLocation | undefined; data?: Record<string, string>; help?: string } = {},
): Diagnostic {
  const diagnostic: Diagnostic = {
    ruleId,
    messageId,
    severity: 'error',
    message,
    fingerprint: fingerprintOf({
      ruleId,
      messageId,
      path: options.location?.pointer,
      ...(options.data ? { data: options.data } : {}),
    }),
  };
  if (options.location) diagnostic.location = options.location;
  if (options.data) diagnostic.data = options.data;
  if (options.help) diagnostic.help = options.help;
  return diagnostic;
}

/**
 * True for a replay finding that means an input could not be used rather than a consumer that
 * misbehaves: a consumer module that does not load (its `setup` throwing is the consumer's fault).
 */
export function isReplayInputError(diagnostic: Diagnostic): boolean {
  if (isInputError(diagnostic)) return true;
  return (
    diagnostic.ruleId === 'replay/setup-failed' &&
    diagnostic.messageId === 'load' &&
    diagnostic.severity === 'error' &&
    !diagnostic.waived
  );
}

/** Summarises a replay's findings: the shared summary, with modules that do not load counted as input errors. */
export function summarizeReplay(
  diagnostics: readonly Diagnostic[],
  run: { contracts: number; failOn: FailOn },
): RunSummary {
  const summary = summarize(diagnostics, run);
  const extra = diagnostics.filter((d) => isReplayInputError(d) && !isInputError(d)).length;
  if (extra === 0) return summary;
  return { ...summary, inputErrors: summary.inputErrors + extra, exitCode: 2 };
}

/** One input list entry and where it was written (for config entries, its place in the config file). */
interface InputEntry {
  pattern: string;
  /** Directory the pattern is relative to. */
  base: string;
  /** `--consumers` / `--log` when the entry came from the command line. */
  flag: string;
  location?: SourceLocation;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

async function kindOf(absolute: string): Promise<'file' | 'directory' | 'missing' | 'other'> {
  try {
    const info = await stat(absolute);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/**
 * Expands the entries into absolute files, in entry order (each glob's matches sorted), each file
 * once. An entry that selects nothing is a problem at its place in the config, or naming its flag.
 */
async function expandEntries(
  entries: readonly InputEntry[],
  what: 'consumer module' | 'recorded log',
  extensions: readonly string[],
): Promise<{ files: string[]; problems: Diagnostic[] }> {
  const files: string[] = [];
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };
  for (const entry of entries) {
    const where = entry.location ? '' : ` (${entry.flag})`;
    const absolute = path.resolve(entry.base, entry.pattern);
    const kind = await kindOf(absolute);
    let found: string[] = [];
    if (kind === 'file') found = [absolute];
    else if (kind === 'directory') {
      const names = (await readdir(absolute, { withFileTypes: true }))
        .filter((item) => item.isFile() && extensions.some((ext) => item.name.endsWith(ext)))
        // Declaration files sit next to compiled modules and export no consumer.
        .filter((item) => !item.name.endsWith('.d.ts'))
        .map((item) => item.name)
        .sort();
      found = names.map((name) => path.join(absolute, name));
    } else if (isDynamicPattern(entry.pattern)) {
      found = (await glob([entry.pattern], { cwd: entry.base, absolute: true, onlyFiles: true }))
        .map((file) => path.resolve(file))
        .sort();
    }
    if (found.length > 0) {
      for (const file of found) add(file);
      continue;
    }
    const data = { path: entry.pattern };
    const location = entry.location ? { location: entry.location } : {};
    if (kind === 'directory') {
      problems.push(
        inputProblem(
          'workspace/path-not-found',
          'empty-folder',
          `The folder ${entry.pattern}${where} holds no ${what} (${extensions.join(', ')} files).`,
          { ...location, data },
        ),
      );
    } else if (kind === 'missing' && isDynamicPattern(entry.pattern)) {
      problems.push(
        inputProblem(
          'workspace/path-not-found',
          'no-match',
          `The glob ${entry.pattern}${where} matches no ${what}.`,
          { ...location, data },
        ),
      );
    } else {
      problems.push(
        inputProblem(
          'workspace/path-not-found',
          kind === 'missing' ? 'missing' : 'not-a-file',
          kind === 'missing'
            ? `The ${what} ${entry.pattern}${where} does not exist.`
            : `The ${what} path ${entry.pattern}${where} is neither a file nor a folder.`,
          { ...location, data },
        ),
      );
    }
  }
  return { files, problems };
}

/** Entries from the options (relative to `cwd`), else from the config (relative to the config file). */
function entriesOf(
  given: readonly string[] | undefined,
  configured: readonly string[] | undefined,
  key: 'consumers' | 'logs',
  flag: string,
  cwd: string,
  root: string,
  config: KontractConfig,
): InputEntry[] {
  if (given !== undefined) return given.map((pattern) => ({ pattern, base: cwd, flag }));
  return (configured ?? []).map((pattern, index) => {
    const entry: InputEntry = { pattern, base: root, flag };
    const location = config.source?.positions.locate(`/replay/${key}/${index}`);
    if (location) entry.location = location;
    return entry;
  });
}

/** The file as findings show it: relative to the root when inside it. */
function shown(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? toPosix(absolute) : toPosix(relative);
}

function failOnOf(config: KontractConfig, override: FailOn | undefined): FailOn {
  if (override) return override;
  return config.failOn === 'info' ? 'warning' : config.failOn;
}

function settingsOf(
  options: ReplayCommandOptions,
  replay: ReplayConfig,
  files: { consumerFiles: string[]; logFiles: string[] },
): ReplaySettings {
  // The config's commit string is validated by the config shape; an invalid one was removed there.
  const configured = replay.commit === undefined ? undefined : parseCommitPolicy(replay.commit);
  const settings: ReplaySettings = {
    ...files,
    runs: options.runs ?? replay.runs ?? defaultReplayRuns,
    commitPolicy: options.commitPolicy ?? configured ?? defaultCommitPolicy,
    producerDuplicates: options.producerDuplicates ?? replay.producerDuplicates ?? true,
    maxRecords: options.maxRecords ?? replay.maxRecords ?? defaultMaxRecords,
  };
  // The config shape only lets property ids through.
  const properties = options.properties ?? (replay.properties as ReplayPropertyId[] | undefined);
  if (properties !== undefined) settings.properties = [...properties];
  const budgetMs = options.budgetMs ?? (replay.budget === undefined ? undefined : replay.budget * 1000);
  if (budgetMs !== undefined) settings.budgetMs = budgetMs;
  return settings;
}

/** Checks that each log can be opened for reading (a folder or an unreadable file fails the whole run early). */
async function unreadableLogs(root: string, files: readonly string[]): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  for (const file of files) {
    try {
      await access(file, constants.R_OK);
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
      problems.push(
        inputProblem('workspace/unreadable', 'unreadable', `The recorded log could not be read (${code}).`, {
          location: { file: shown(root, file), line: 1, column: 1 },
          data: { path: shown(root, file) },
        }),
      );
    }
  }
  return problems;
}

/** A read error of a log or of its sidecar, met while the replay loaded its inputs, as a finding. */
function readFailure(root: string, error: unknown): Diagnostic | undefined {
  if (error instanceof SidecarError) {
    const file = shown(root, path.resolve(root, error.file));
    return inputProblem(
      'workspace/unreadable',
      'sidecar',
      `The schema-id map ${file} is unusable: ${error.message.slice(error.file.length + 2)}.`,
      { location: { file, line: 1, column: 1 }, data: { path: file } },
    );
  }
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && 'path' in error) {
    const file = shown(root, String(error.path));
    return inputProblem('workspace/unreadable', 'unreadable', `${file} could not be read (${error.code}).`, {
      location: { file, line: 1, column: 1 },
      data: { path: file },
    });
  }
  return undefined;
}

/** Rule metadata of every replay rule, for formats that describe rules (SARIF). */
export function replayRuleMetas(): RuleMeta[] {
  return Object.values(replayRules).map(({ id, kind, defaultSeverity, docs, messages }) => ({
    id,
    kind,
    defaultSeverity,
    docs,
    messages,
  }));
}

/**
 * Runs `kontract replay`: resolves the settings, checks every input, replays and summarises. Never
 * throws on bad input: a broken config, a glob that selects nothing, a missing or unreadable log, a
 * consumer module that does not load and an unknown consumer name are diagnostics with exit code 2.
 */
export async function replayWorkspace(options: ReplayCommandOptions): Promise<ReplayCommandResult> {
  const cwd = path.resolve(options.cwd);
  const workspace = await readWorkspace(
    options.configPath === undefined ? { cwd } : { cwd, configPath: options.configPath },
  );
  const root = workspace.root;
  const { config, diagnostics: configDiagnostics } = parseConfig(workspace.configFile, {
    knownRuleIds: knownRuleIds(),
  });
  const replayConfig = config.replay ?? {};
  const failOn = failOnOf(config, options.failOn);
  const consumerEntries = entriesOf(
    options.consumers,
    replayConfig.consumers,
    'consumers',
    '--consumers',
    cwd,
    root,
    config,
  );
  const logEntries = entriesOf(options.logs, replayConfig.logs, 'logs', '--log', cwd, root, config);
  const consumers = await expandEntries(consumerEntries, 'consumer module', moduleExtensions);
  const logs = await expandEntries(logEntries, 'recorded log', logExtensions);
  const settings = settingsOf(options, replayConfig, {
    consumerFiles: consumers.files.map((file) => shown(root, file)),
    logFiles: logs.files.map((file) => shown(root, file)),
  });

  const problems: Diagnostic[] = [...workspace.diagnostics, ...configDiagnostics];
  const configName = workspace.configFile?.path ?? 'kontract.config.json';
  if (consumerEntries.length === 0) {
    problems.push(
      inputProblem('workspace/no-consumers', 'none', 'No consumer module to replay.', {
        help: `Give --consumers <glob>, or list the modules under "replay": { "consumers": [...] } in ${configName}.`,
      }),
    );
  }
  if (logEntries.length === 0) {
    problems.push(
      inputProblem('workspace/no-logs', 'none', 'No recorded log to replay.', {
        help: `Give --log <file>, or list the logs under "replay": { "logs": [...] } in ${configName}.`,
      }),
    );
  }
  problems.push(...consumers.problems, ...logs.problems, ...(await unreadableLogs(root, logs.files)));

  const finish = (diagnostics: Diagnostic[], replay?: ReplayProjectResult): ReplayCommandResult => {
    const summary = summarizeReplay(diagnostics, { contracts: workspace.files.length, failOn });
    const result: ReplayCommandResult = {
      diagnostics,
      summary,
      exitCode: summary.exitCode,
      root,
      settings,
    };
    if (workspace.configFile) result.configFile = workspace.configFile.path;
    if (replay) result.replay = replay;
    return result;
  };
  // Replaying with a broken config or without all of its inputs would report on something other
  // than what was asked for, possibly after minutes of search: report the inputs and stop.
  if (problems.some((d) => d.severity === 'error')) return finish(problems);

  const writerSchemas = options.writerSchemas ? await options.writerSchemas(logs.files) : undefined;
  let replay: ReplayProjectResult;
  try {
    replay = await replayProject({
      ...(writerSchemas ? { writerSchemas } : {}),
      root,
      ...(workspace.configFile ? { configPath: path.join(root, workspace.configFile.path) } : {}),
      consumerFiles: consumers.files,
      logFiles: logs.files,
      ...(options.consumerNames ? { consumerNames: options.consumerNames } : {}),
      runs: settings.runs,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.path === undefined ? {} : { path: options.path }),
      ...(settings.budgetMs === undefined ? {} : { budgetMs: settings.budgetMs }),
      commitPolicy: settings.commitPolicy,
      ...(settings.properties ? { properties: settings.properties } : {}),
      producerDuplicates: settings.producerDuplicates,
      maxRecords: settings.maxRecords,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.command === undefined ? {} : { command: options.command }),
    });
  } catch (error) {
    const problem = readFailure(root, error);
    if (problem === undefined) throw error;
    return finish([...problems, problem]);
  }
  const unknownNames = (options.consumerNames ?? []).filter((name) => !replay.loadedConsumers.includes(name));
  for (const name of unknownNames) {
    const suggestion = closestMatch(name, replay.loadedConsumers);
    problems.push(
      inputProblem(
        'workspace/unknown-consumer',
        'unknown',
        `No consumer named ${name} in the modules replayed${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
        {
          data: { consumer: name },
          help: `The modules export ${replay.loadedConsumers.length === 0 ? 'no consumer' : replay.loadedConsumers.join(', ')}.`,
        },
      ),
    );
  }
  return finish(
    [
      ...problems,
      ...configuredFindings(
        replay.diagnostics,
        config,
        options.today ?? isoToday(),
        workspace.configFile?.path,
      ),
    ],
    replay,
  );
}

/**
 * Replay findings as the config wants them: severities from `rules` (`off` drops a rule's findings)
 * and waivers, so an accepted property failure ships through a scoped, expiring waiver like any other
 * finding. Input problems (a log line that does not decode) keep their severity.
 */
function configuredFindings(
  findings: readonly Diagnostic[],
  config: KontractConfig,
  today: string,
  configFile?: string,
): Diagnostic[] {
  const configured: Diagnostic[] = [];
  for (const finding of findings) {
    const rule = (replayRules as Record<string, RuleMeta | undefined>)[finding.ruleId];
    const severity = rule === undefined ? finding.severity : severityFor(rule, config.rules);
    if (severity === 'off') continue;
    configured.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  const ran = new Set(
    Object.values(replayRules as Record<string, RuleMeta>)
      .filter((rule) => severityFor(rule, config.rules) !== 'off')
      .map((rule) => rule.id),
  );
  return applyWaivers(configured, config.waivers, {
    today,
    ranRuleIds: ran,
    ...(configFile === undefined ? {} : { configFile }),
  });
}
