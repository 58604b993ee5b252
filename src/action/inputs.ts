/**
 * The Action's inputs, read and validated before anything runs. Every input either takes effect or
 * is rejected with a message that names the input, what was given and what is allowed: an input
 * that the chosen command would not use is an error too, never silently ignored.
 */
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { didYouMean } from '../cli/did-you-mean.ts';
import type { FailOn } from '../report/render.ts';

/** The commands the Action runs. */
export const actionCommands = ['check', 'lint', 'diff', 'replay'] as const;

/** A command the Action runs. */
export type ActionCommand = (typeof actionCommands)[number];

/** Values of the `fail-on` input. */
export const failOnValues = ['error', 'warning'] as const;

/** The registry inputs, when a registry is to be used. */
export interface RegistryInputs {
  url: string;
  username?: string;
  password?: string;
}

/** Validated inputs, with paths made absolute. */
export interface ActionInputs {
  command: ActionCommand;
  /** Absolute project directory (`working-directory` resolved against the workspace). */
  projectDir: string;
  /** Config file as given, relative to `projectDir`; absent = `kontract.config.json` there, if any. */
  configPath?: string;
  /** Explicit base to compare against; absent = the pull request's base (or the default branch). */
  against?: string;
  failOn?: FailOn;
  registry?: RegistryInputs;
  /** Absolute path the SARIF log is written to. */
  sarifPath: string;
  /** Absolute path the JSON report is written to. */
  reportPath: string;
}

/** What the Action knows about where it runs, from the runner's environment. */
export interface InputEnvironment {
  /** `GITHUB_WORKSPACE`: where actions/checkout put the repository; relative inputs start here. */
  workspace: string;
  /** `RUNNER_TEMP`: the job's temp directory, for the default report and SARIF paths. */
  runnerTemp: string;
}

/** Reads an input's raw value (`core.getInput`: trimmed, empty when not set). */
export type InputReader = (name: string) => string;

/** An input the Action cannot use, with the message to show. */
export interface InputProblem {
  input: string;
  message: string;
}

/** Inputs, or every problem found with them (all at once, so one run shows them all). */
export type InputsResult = { ok: true; inputs: ActionInputs } | { ok: false; problems: InputProblem[] };

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

function oneOf<T extends string>(
  input: string,
  value: string,
  allowed: readonly T[],
  problems: InputProblem[],
): T | undefined {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push({
    input,
    message: `Input '${input}' has an unknown value '${value}'; allowed values: ${allowed.join(', ')}.${didYouMean(value, allowed)}`,
  });
  return undefined;
}

/** Which commands each optional input means something to. */
const inputUsers: Record<string, readonly ActionCommand[]> = {
  against: ['check', 'diff'],
  'registry-url': ['check', 'diff'],
};

/**
 * Reads and validates the inputs. `working-directory` must be a directory inside the workspace,
 * `config` (relative to it) an existing file; `against` and `registry-url` are rejected for commands
 * that do not compare; credentials need a URL, and a password needs a user name.
 */
export function readInputs(read: InputReader, environment: InputEnvironment): InputsResult {
  const problems: InputProblem[] = [];

  const command = oneOf('command', read('command') || 'check', actionCommands, problems);

  const failOnText = read('fail-on');
  const failOn = failOnText === '' ? undefined : oneOf('fail-on', failOnText, failOnValues, problems);

  const workingDirectory = read('working-directory') || '.';
  const projectDir = resolve(environment.workspace, workingDirectory);
  const outside = relative(environment.workspace, projectDir).startsWith('..');
  if (outside || !isDirectory(projectDir)) {
    problems.push({
      input: 'working-directory',
      message: `Input 'working-directory' is '${workingDirectory}', which is ${outside ? 'outside the workspace' : 'not a directory'} (${projectDir}); give a folder of the checked-out repository, relative to ${environment.workspace}.`,
    });
  }

  const configPath = read('config');
  if (configPath !== '' && !outside && isDirectory(projectDir) && !isFile(resolve(projectDir, configPath))) {
    problems.push({
      input: 'config',
      message: `Input 'config' names '${configPath}', but there is no such file in ${projectDir} (the working directory); give the config's path relative to working-directory, or leave the input out to use kontract.config.json there (or the defaults).`,
    });
  }

  const against = read('against');
  const registryUrl = read('registry-url');
  const username = read('registry-username');
  const password = read('registry-password');
  for (const [input, value] of [
    ['against', against],
    ['registry-url', registryUrl],
  ] as const) {
    const users = inputUsers[input] ?? [];
    if (value !== '' && command !== undefined && !users.includes(command)) {
      problems.push({
        input,
        message: `Input '${input}' is set, but command '${command}' does not use it (only ${users.join(' and ')} do); remove it or choose one of those commands.`,
      });
    }
  }
  if (registryUrl === '' && (username !== '' || password !== '')) {
    const given = username !== '' ? 'registry-username' : 'registry-password';
    problems.push({
      input: given,
      message: `Input '${given}' is set without 'registry-url'; set the registry's URL too, or remove the credentials.`,
    });
  }
  if (registryUrl !== '' && password !== '' && username === '') {
    problems.push({
      input: 'registry-username',
      message: "Input 'registry-password' is set without 'registry-username'; basic auth needs both.",
    });
  }

  const outputPath = (input: string, fallback: string): string => {
    const given = read(input);
    if (given === '') return fallback;
    return isAbsolute(given) ? given : resolve(environment.workspace, given);
  };
  const sarifPath = outputPath('sarif-file', resolve(environment.runnerTemp, 'kontract', 'kontract.sarif'));
  const reportPath = resolve(environment.runnerTemp, 'kontract', 'kontract-report.json');

  if (problems.length > 0 || command === undefined) return { ok: false, problems };
  const inputs: ActionInputs = { command, projectDir, sarifPath, reportPath };
  if (configPath !== '') inputs.configPath = configPath;
  if (against !== '') inputs.against = against;
  if (failOn !== undefined) inputs.failOn = failOn;
  if (registryUrl !== '') {
    const registry: RegistryInputs = { url: registryUrl };
    if (username !== '') registry.username = username;
    if (password !== '') registry.password = password;
    inputs.registry = registry;
  }
  return { ok: true, inputs };
}
