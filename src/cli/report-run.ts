/**
 * What the report commands share once the library has answered: turning options into library
 * options, rendering the result, and sending it to stdout or to `--output`.
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { listRules } from '../commands/rules.ts';
import type { CheckOptions, CheckResult } from '../commands/workspace-run.ts';
import { summaryIcon, summaryText, summaryTone } from '../report/format-summary.ts';
import { type FailOn, type FormatName, isFormatName, render } from '../report/render.ts';
import type { Invocation } from './command-table.ts';
import { type CliIo, shouldColor, UsageError, writeFileAtomic } from './io.ts';
import { toolInfo } from './tool-info.ts';

/** How a report should be rendered and where it goes. */
export interface ReportSettings {
  format: FormatName;
  quiet: boolean;
  /** Absolute path of `--output`, if given. */
  output?: string;
  /** `--color` / `--no-color`, if given. */
  color?: boolean;
}

function stringOption(invocation: Invocation, name: string): string | undefined {
  const value = invocation.options[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The project directory of an invocation: `--cwd` resolved against the process's directory. Like
 * `git -C`, the command then behaves as if started there: paths, `--config` and `--output` are
 * relative to it. A `--cwd` that is not a directory is a usage error.
 */
export function projectDirOf(invocation: Invocation, io: CliIo): string {
  const given = stringOption(invocation, 'cwd');
  const dir = resolve(io.cwd, given ?? '.');
  if (given !== undefined && !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--cwd ${given}: no such directory.`, invocation.command);
  }
  return dir;
}

/** Library options from the parsed command line. */
export function checkOptionsOf(invocation: Invocation, io: CliIo): CheckOptions {
  const options: CheckOptions = { cwd: projectDirOf(invocation, io) };
  const config = stringOption(invocation, 'config');
  if (config !== undefined) options.configPath = config;
  if (invocation.positionals.length > 0) options.paths = invocation.positionals;
  const failOn = stringOption(invocation, 'fail-on');
  // The parser has checked the value against the option's choices.
  if (failOn !== undefined) options.failOn = failOn as FailOn;
  if (io.env.KONTRACT_TODAY) options.today = io.env.KONTRACT_TODAY;
  return options;
}

/** Rendering settings from the parsed command line. */
export function reportSettingsOf(invocation: Invocation, io: CliIo): ReportSettings {
  const format = stringOption(invocation, 'format') ?? 'pretty';
  if (!isFormatName(format)) throw new UsageError(`unknown format '${format}'.`, invocation.command);
  const settings: ReportSettings = { format, quiet: invocation.options.quiet === true };
  const output = stringOption(invocation, 'output');
  if (output !== undefined) {
    settings.output = isAbsolute(output) ? output : resolve(projectDirOf(invocation, io), output);
  }
  const color = invocation.options.color;
  if (typeof color === 'boolean') settings.color = color;
  return settings;
}

/**
 * Sends a finished text to stdout, or atomically to the output file (then the verdict goes to stderr,
 * so a person running the command still sees how it went).
 */
export async function emitText(
  text: string,
  output: string | undefined,
  io: CliIo,
  verdict?: string,
): Promise<void> {
  if (output === undefined) {
    io.stdout.write(text);
    return;
  }
  try {
    await writeFileAtomic(output, text);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new UsageError(`cannot write the report to ${output} (${reason}).`);
  }
  io.stderr.write(`Report written to ${output}${verdict ? `: ${verdict}` : ''}\n`);
}

/** Renders a check result with the invocation's settings, emits it and returns the exit code. */
export async function emitCheckResult(
  result: CheckResult,
  settings: ReportSettings,
  io: CliIo,
): Promise<number> {
  const toFile = settings.output !== undefined;
  const color = toFile ? settings.color === true : shouldColor(settings.color, io.stdout, io.env);
  const text = render(settings.format, result.diagnostics, result.summary, {
    color,
    quiet: settings.quiet,
    tool: toolInfo(),
    rules: listRules(),
    ...(result.configFile !== undefined ? { anchorFile: result.configFile } : {}),
  });
  const verdict = `${summaryIcon(summaryTone(result.summary))} ${summaryText(result.summary)}`;
  await emitText(text, settings.output, io, verdict);
  return result.exitCode;
}
