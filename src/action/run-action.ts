/**
 * The GitHub Action, start to end: mask the secrets, validate the inputs, find the base (fetching
 * what a shallow checkout lacks), run the command through the library, and report: one annotation
 * per finding on its file and line, the job summary, a JSON report and a SARIF log on disk, and the
 * outputs `errors`, `warnings`, `report-path`, `sarif-path`. The exit code is the CLI's: 0 clean,
 * 1 findings at or above `fail-on`, 2 when the input could not be checked. A run that could not
 * compare (a missing base, an unreachable registry) fails with the reason and the fix; it never
 * reads as a clean result.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import packageManifest from '../../package.json' with { type: 'json' };
import { writeFileAtomic } from '../cli/io.ts';
import { runCheck } from '../commands/check.ts';
import { describeEvolution, runDiff } from '../commands/diff.ts';
import { lintWorkspace } from '../commands/lint.ts';
import { listRules } from '../commands/rules.ts';
import type { CheckOptions, CheckResult } from '../commands/workspace-run.ts';
import { resolveCommit, runGit } from '../history/git.ts';
import { isHistoryError } from '../history/history-error.ts';
import { type BaseRef, resolveBase } from '../history/resolve-base.ts';
import type { Diagnostic } from '../report/diagnostic.ts';
import { summaryIcon, summaryText, summaryTone } from '../report/format-summary.ts';
import { type FormatOptions, render, selectListed, summarize, type ToolInfo } from '../report/render.ts';
import {
  type AnnotationLevel,
  annotationsOf,
  placeRemovedFindings,
  rebaseDiagnostic,
} from './annotations.ts';
import { actionReadmeUrl, blobUrl, type GithubContext, readGithubContext } from './github-context.ts';
import { type ActionInputs, type InputProblem, type RegistryInputs, readInputs } from './inputs.ts';
import { excerptOf, renderFailureSummary, renderJobSummary, type SchemaChange } from './job-summary.ts';

/** A run that cannot go on, with what to do about it; reported as a failure with exit code 2. */
export class ActionFailure extends Error {
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'ActionFailure';
    this.hint = hint;
  }
}

/** What a command produced: the report, and what it compared against, if it did. */
interface CommandOutcome {
  result: CheckResult;
  /** The git base, for links to previous places and schema excerpts. */
  base?: BaseRef;
  /** One phrase for the summary: `the merge base of HEAD and origin/main (abc1234)`. */
  comparedAgainst?: string;
}

/** The `@actions/core` function that sends each kind of annotation. */
const annotate: Record<AnnotationLevel, typeof core.error> = {
  error: core.error,
  warning: core.warning,
  notice: core.notice,
};

/** Exit code of a run that could not check its input. */
const incompleteExitCode = 2;

function toolOf(context: GithubContext): ToolInfo {
  const tool: ToolInfo = { name: packageManifest.name, version: packageManifest.version };
  const readmeUrl = actionReadmeUrl(context);
  if (readmeUrl !== undefined) tool.readmeUrl = readmeUrl;
  return tool;
}

/** Masks every secret the inputs carry, before anything else can print them. */
function maskSecrets(): void {
  const password = core.getInput('registry-password');
  if (password !== '') core.setSecret(password);
  const url = core.getInput('registry-url');
  if (url !== '') {
    try {
      const parsed = new URL(url);
      if (parsed.password !== '') {
        core.setSecret(parsed.password);
        core.setSecret(decodeURIComponent(parsed.password));
      }
    } catch {
      // Not a URL: the registry adapter rejects it later without repeating it.
    }
  }
}

/** Findings of two runs on the same workspace, each once (both report the same loader problems). */
export function mergeFindings(first: readonly Diagnostic[], second: readonly Diagnostic[]): Diagnostic[] {
  const keyOf = (d: Diagnostic) =>
    [d.ruleId, d.fingerprint, d.location?.file, d.location?.line, d.location?.column, d.message].join(
      '\u0000',
    );
  const seen = new Set(first.map(keyOf));
  return [...first, ...second.filter((d) => !seen.has(keyOf(d)))];
}

async function runRegistryCheck(options: CheckOptions, registry: RegistryInputs): Promise<CheckResult> {
  const { runRegistryCompat } = await import('../commands/registry-compat.ts');
  const connection: { url: string; username?: string; password?: string } = { url: registry.url };
  if (registry.username !== undefined) connection.username = registry.username;
  if (registry.password !== undefined) connection.password = registry.password;
  // An empty environment: the inputs are the whole registry configuration, so a stray
  // KONTRACT_REGISTRY_* variable on the runner cannot point the check somewhere else.
  return runRegistryCompat({ ...options, registry: connection, env: {} });
}

/**
 * Finds the base before the command runs, fetching what a depth-1 checkout lacks (the base branch,
 * then deeper history until the merge base appears, bounded), so that the command finds it in place
 * and the summary can say what was fetched. Undefined when there is no base to find: the command
 * then reports why itself (a missing base is an input error; outside a repository `check` compares
 * nothing), so nothing is lost by not failing here.
 */
async function fetchBase(inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<BaseRef | undefined> {
  try {
    return await resolveBase({
      cwd: inputs.projectDir,
      env,
      fetchMissing: true,
      ...(inputs.against !== undefined ? { against: inputs.against } : {}),
    });
  } catch {
    return undefined;
  }
}

async function runCommand(
  inputs: ActionInputs,
  registry: RegistryInputs | undefined,
  env: NodeJS.ProcessEnv,
): Promise<CommandOutcome> {
  const options: CheckOptions = { cwd: inputs.projectDir };
  if (inputs.configPath !== undefined) options.configPath = inputs.configPath;
  if (inputs.failOn !== undefined) options.failOn = inputs.failOn;
  // The library may fetch too (when the base above could not be found it fails closed instead).
  const evolution = {
    fetchMissing: true,
    env,
    ...(inputs.against !== undefined ? { against: inputs.against } : {}),
  };
  switch (inputs.command) {
    case 'lint':
      return { result: await lintWorkspace(options) };
    case 'check': {
      const base = await fetchBase(inputs, env);
      const checked = await runCheck({ ...options, ...evolution });
      const compared = base ? { base, comparedAgainst: base.description } : {};
      if (!registry) return { result: checked, ...compared };
      const registered = await runRegistryCheck(options, registry);
      const diagnostics = mergeFindings(checked.diagnostics, registered.diagnostics);
      const summary = summarize(diagnostics, {
        contracts: checked.summary.contracts,
        failOn: checked.summary.failOn,
      });
      return { result: { ...checked, diagnostics, summary, exitCode: summary.exitCode }, ...compared };
    }
    case 'diff': {
      if (registry) {
        return { result: await runRegistryCheck(options, registry), comparedAgainst: 'the schema registry' };
      }
      const base = await fetchBase(inputs, env);
      const diffed = await runDiff({ ...options, ...evolution });
      const summary = diffed.evolution;
      if (!summary) return { result: diffed };
      const fetched = base && base.fetched.length > 0 ? ` Fetched first: ${base.fetched.join('; ')}.` : '';
      const outcome: CommandOutcome = {
        result: diffed,
        comparedAgainst: `${describeEvolution(summary)}${fetched}`,
      };
      if (summary.ref) outcome.base = summary.ref;
      return outcome;
    }
    case 'replay': {
      // The harness (fast-check, jiti) loads only for this command. Consumers, logs, runs and the
      // commit policy come from the config's `replay` section, as for `pnpm contracts:replay`.
      const { replayWorkspace } = await import('../commands/replay.ts');
      const replayed = await replayWorkspace({
        cwd: inputs.projectDir,
        ...(inputs.configPath !== undefined ? { configPath: inputs.configPath } : {}),
        ...(inputs.failOn !== undefined ? { failOn: inputs.failOn } : {}),
      });
      return { result: replayed };
    }
  }
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

/** The repository's top directory and the project directory relative to it (`services/orders`, or ''). */
async function projectPrefix(
  projectDir: string,
  workspace: string,
): Promise<{ top: string; prefix: string }> {
  try {
    const { stdout } = await runGit(projectDir, ['rev-parse', '--show-toplevel']);
    const top = stdout.toString('utf8').trim();
    return { top, prefix: relative(top, realpathSync(projectDir)).split(sep).join('/') };
  } catch {
    // Not a git checkout (lint needs none): paths are then relative to the workspace.
    return { top: workspace, prefix: relative(workspace, projectDir).split(sep).join('/') };
  }
}

async function readAtCommit(top: string, commit: string, file: string): Promise<string | undefined> {
  try {
    const { stdout, exitCode } = await runGit(top, ['show', `${commit}:${file}`], { acceptExitCodes: [128] });
    return exitCode === 0 ? stdout.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

async function schemaChangesOf(
  diagnostics: readonly Diagnostic[],
  top: string,
  base: BaseRef | undefined,
): Promise<SchemaChange[]> {
  if (!base) return [];
  const changes: SchemaChange[] = [];
  for (const diagnostic of diagnostics) {
    const previous = diagnostic.previousLocation;
    if (!previous || diagnostic.waived) continue;
    const change: SchemaChange = { diagnostic, baseLabel: base.sha.slice(0, 7) };
    const baseText = await readAtCommit(top, base.sha, previous.file);
    if (baseText !== undefined)
      change.base = excerptOf(previous.file, baseText, previous.line, previous.endLine);
    const location = diagnostic.location;
    const headPath = location ? resolve(top, location.file) : undefined;
    if (location && headPath && isFile(headPath)) {
      change.head = excerptOf(location.file, readFileSync(headPath, 'utf8'), location.line, location.endLine);
    }
    changes.push(change);
  }
  return changes;
}

async function writeSummary(text: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set: no job summary written.');
    return;
  }
  await core.summary.addRaw(text, true).write({ overwrite: false });
}

async function writeReport(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text);
}

async function fail(
  title: string,
  reason: string,
  hint: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  core.error(hint ? `${reason}\n${hint}` : reason, { title: 'kontract could not run' });
  await writeSummary(renderFailureSummary(title, reason, hint), env);
  core.setFailed(`${title} could not run: ${reason}`);
  return incompleteExitCode;
}

function reportProblems(problems: readonly InputProblem[]): void {
  for (const problem of problems) core.error(problem.message, { title: `kontract input '${problem.input}'` });
}

/**
 * Runs the Action in this process (inputs from `INPUT_*`, context from `GITHUB_*`) and resolves to
 * the exit code. Never throws: every failure is an error annotation, a failed job summary and exit 2.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  maskSecrets();
  const context = readGithubContext(env);
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const parsed = readInputs((name) => core.getInput(name), {
    workspace,
    runnerTemp: env.RUNNER_TEMP || tmpdir(),
  });
  if (!parsed.ok) {
    reportProblems(parsed.problems);
    const names = parsed.problems.map((p) => `'${p.input}'`).join(', ');
    return fail(
      'kontract',
      `the inputs ${names} cannot be used as given`,
      'See the error annotations above.',
      env,
    );
  }
  const inputs = parsed.inputs;
  const title = `kontract ${inputs.command}`;

  const notices: string[] = [];
  let registry = inputs.registry;
  if (registry && context.pullRequest?.fromFork && registry.password === undefined) {
    const notice =
      'Registry steps skipped: this pull request comes from a fork, and GitHub gives such runs no secrets (registry-password is empty). The other checks ran.';
    core.notice(notice, { title: 'kontract registry skipped' });
    notices.push(notice);
    registry = undefined;
  }

  // Where the bundle's stand-in for ts-morph looks for the real one when code analysis runs
  // (scripts/build-action.ts): the project's own node_modules.
  process.env.KONTRACT_PROJECT_DIR = inputs.projectDir;
  let outcome: CommandOutcome;
  try {
    outcome = await runCommand(inputs, registry, env);
  } catch (error) {
    if (error instanceof ActionFailure) return fail(title, error.message, error.hint, env);
    if (isHistoryError(error)) return fail(title, error.message, error.hint, env);
    // Thrown by the bundle's stand-in for ts-morph when the project has none installed.
    if (error instanceof Error && error.name === 'ActionSetupError') {
      const hint = 'hint' in error && typeof error.hint === 'string' ? error.hint : undefined;
      return fail(title, error.message, hint, env);
    }
    if (error instanceof Error && error.name === 'RegistryError') {
      return fail(title, `the schema registry could not be asked: ${error.message}`, undefined, env);
    }
    const message = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    return fail(title, `internal error: ${message}`, 'Please report this with the workflow log.', env);
  }
  return report(inputs, outcome, { context, workspace, title, notices, env });
}

interface ReportContext {
  context: GithubContext;
  workspace: string;
  title: string;
  notices: string[];
  env: NodeJS.ProcessEnv;
}

async function report(inputs: ActionInputs, outcome: CommandOutcome, run: ReportContext): Promise<number> {
  const { result, base } = outcome;
  const { top, prefix } = await projectPrefix(result.root, run.workspace);
  const readHead = (file: string): string | undefined => {
    const path = resolve(top, file);
    return isFile(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const diagnostics = placeRemovedFindings(
    result.diagnostics.map((d) => rebaseDiagnostic(d, prefix)),
    readHead,
  );
  const summary = result.summary;

  for (const annotation of annotationsOf(selectListed(diagnostics, false), (file) =>
    existsSync(resolve(top, file)),
  )) {
    annotate[annotation.level](annotation.message, annotation.properties);
  }

  const head = (await resolveCommit(top, 'HEAD').catch(() => undefined)) ?? run.context.pullRequest?.headSha;
  const options: FormatOptions = {
    color: false,
    quiet: false,
    tool: toolOf(run.context),
    rules: listRules(),
  };
  options.linkTo = (location, version) => {
    const commit = version === 'previous' ? base?.sha : head;
    return commit === undefined
      ? undefined
      : blobUrl(run.context, commit, location.file, location.line, location.endLine);
  };
  if (result.configFile !== undefined) {
    options.anchorFile = prefix === '' ? result.configFile : `${prefix}/${result.configFile}`;
  }

  await writeReport(inputs.reportPath, render('json', diagnostics, summary, options));
  await writeReport(inputs.sarifPath, render('sarif', diagnostics, summary, options));

  const schemaChanges = await schemaChangesOf(selectListed(diagnostics, false), top, base);
  const jobSummary = renderJobSummary({
    title: run.title,
    diagnostics: selectListed(diagnostics, false),
    summary,
    options,
    ...(outcome.comparedAgainst !== undefined ? { comparedAgainst: outcome.comparedAgainst } : {}),
    notices: run.notices,
    schemaChanges,
  });
  await writeSummary(jobSummary, run.env);

  core.setOutput('errors', summary.errors);
  core.setOutput('warnings', summary.warnings);
  core.setOutput('report-path', inputs.reportPath);
  core.setOutput('sarif-path', inputs.sarifPath);

  const verdict = `${summaryIcon(summaryTone(summary))} ${summaryText(summary)}`;
  if (summary.exitCode === 0) core.info(verdict);
  else core.setFailed(verdict);
  return summary.exitCode;
}
