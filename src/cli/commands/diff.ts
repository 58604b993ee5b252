/**
 * `kontract diff`: schema evolution only, against a git ref (default: the merge base with the base
 * branch), or with `--against registry` against the versions registered in a schema registry
 * (`runRegistryCompat`). The pretty report says what was compared with what (`No contract changed
 * since …`, `Compared 10 contracts with the schema registry at …`) just above its verdict; the other
 * formats carry the findings only.
 */
import {
  type DiffResult,
  describeEvolution,
  type EvolutionCommandOptions,
  runDiff,
} from '../../commands/diff.ts';
import type { RegistryCompatResult } from '../../commands/registry-compat.ts';
import { listRules } from '../../commands/rules.ts';
import type { CheckResult } from '../../commands/workspace-run.ts';
import { redactUrl } from '../../registry/registry-error.ts';
import { summaryIcon, summaryText, summaryTone } from '../../report/format-summary.ts';
import { render } from '../../report/render.ts';
import type { CommandHandler, Invocation } from '../command-table.ts';
import { type CliIo, shouldColor, UsageError } from '../io.ts';
import { checkOptionsOf, emitText, type ReportSettings, reportSettingsOf } from '../report-run.ts';
import { readServerConfig, registryOptionsOf, timeoutOf, withServerErrors } from '../server-settings.ts';
import { toolInfo } from '../tool-info.ts';

/** `--against` and `--fetch` as library options; the environment is the process's (`GITHUB_BASE_REF`). */
export function evolutionOptionsOf(invocation: Invocation, io: CliIo): EvolutionCommandOptions {
  const options: EvolutionCommandOptions = { env: io.env };
  const against = invocation.options.against;
  if (typeof against === 'string') options.against = against;
  if (invocation.options.fetch === true) options.fetchMissing = true;
  return options;
}

/** Renders a diff result: the check report, with the evolution line above the pretty verdict. */
export async function emitDiffResult(
  result: DiffResult,
  settings: ReportSettings,
  io: CliIo,
): Promise<number> {
  return emitWithContext(
    result,
    result.evolution === undefined
      ? []
      : [describeEvolution(result.evolution, { incomplete: result.summary.inputErrors > 0 })],
    settings,
    io,
  );
}

/**
 * Renders a check result with lines that say what was compared with what right above the pretty
 * verdict (the other formats carry the findings only), emits it and returns the exit code.
 */
export async function emitWithContext(
  result: CheckResult,
  context: readonly string[],
  settings: ReportSettings,
  io: CliIo,
): Promise<number> {
  const toFile = settings.output !== undefined;
  const color = toFile ? settings.color === true : shouldColor(settings.color, io.stdout, io.env);
  let text = render(settings.format, result.diagnostics, result.summary, {
    color,
    quiet: settings.quiet,
    tool: toolInfo(),
    rules: listRules(),
    ...(result.configFile !== undefined ? { anchorFile: result.configFile } : {}),
  });
  if (settings.format === 'pretty' && context.length > 0) {
    // The verdict is the last line; what was compared goes right above it.
    const lines = text.trimEnd().split('\n');
    lines.splice(lines.length - 1, 0, ...context);
    text = `${lines.join('\n')}\n`;
  }
  const verdict = `${summaryIcon(summaryTone(result.summary))} ${summaryText(result.summary)}`;
  await emitText(text, settings.output, io, verdict);
  return result.exitCode;
}

/**
 * What a registry comparison covered, for people: the registry (its URL without credentials), the
 * versions checked, the modes and where they came from, and the cross-check's outcome.
 */
export function describeRegistryCompat(
  result: Pick<RegistryCompatResult, 'subjects' | 'crossChecks'>,
  url: string | undefined,
  crossCheck: boolean,
): string[] {
  const where = url === undefined ? 'the schema registry' : `the schema registry at ${redactUrl(url)}`;
  const versions = result.subjects.reduce((sum, subject) => sum + subject.checkedVersions.length, 0);
  const empty = result.subjects.filter((subject) => subject.registeredVersions.length === 0).length;
  const modes = new Map<string, number>();
  for (const { decision } of result.subjects) {
    const key = `${decision.mode} (${decision.source === 'config-default' ? 'config default' : decision.source === 'contract' ? "the contract's own" : decision.source === 'subject' ? "the subject's level" : "the registry's global level"})`;
    modes.set(key, (modes.get(key) ?? 0) + 1);
  }
  const n = result.subjects.length;
  const parts = [`${versions} registered version${versions === 1 ? '' : 's'} checked`];
  if (empty > 0) parts.push(`${empty} subject${empty === 1 ? ' has' : 's have'} no version yet`);
  const modeText = [...modes].map(([mode, count]) => `${mode} × ${count}`).join(', ');
  const lines = [
    `Compared ${n} contract${n === 1 ? '' : 's'} with ${where}: ${parts.join(', ')}${modeText === '' ? '' : `; modes: ${modeText}`}.`,
  ];
  if (crossCheck) {
    const differing = result.crossChecks.filter((check) => check.kontract !== check.registry).length;
    const asked = result.crossChecks.length;
    lines.push(
      differing === 0
        ? `Cross-check: the registry's compatibility endpoint agrees on ${asked === 1 ? 'the 1 subject' : `all ${asked} subjects`} with versions.`
        : `Cross-check: the registry's verdict differs on ${differing} of ${asked} subject${asked === 1 ? '' : 's'} with versions (see registry/cross-check-*).`,
    );
  }
  return lines;
}

/** The registry part of `diff --against registry` and `check --registry`, from the flags, env and config. */
export async function runRegistryPart(
  invocation: Invocation,
  io: CliIo,
  url: string | undefined,
): Promise<{ result: RegistryCompatResult; context: string[] }> {
  const timeoutMs = timeoutOf(invocation);
  const config = await readServerConfig(invocation, io);
  const registry = registryOptionsOf({ url, timeoutMs }, io.env, config.registry);
  const crossCheck = invocation.options['cross-check'] === true || config.registry?.crossCheck === true;
  const { runRegistryCompat } = await import('../../commands/registry-compat.ts');
  const result = await withServerErrors(invocation.command, () =>
    runRegistryCompat({ ...checkOptionsOf(invocation, io), registry, crossCheck, env: io.env }),
  );
  // A config that cannot be used stops the run before the registry is asked: say so, not "0 compared".
  const asked = result.subjects.length > 0 || result.summary.inputErrors === 0;
  const context = asked
    ? describeRegistryCompat(result, registry.url, crossCheck)
    : ['The schema registry was not asked: the input errors above come first.'];
  return { result, context };
}

/** Parses nothing itself: library options in, report out, exit code back. */
export const runDiffCommand: CommandHandler = async (invocation, io) => {
  const settings = reportSettingsOf(invocation, io);
  const against = invocation.options.against;
  const registryFlag =
    typeof invocation.options.registry === 'string' ? invocation.options.registry : undefined;
  if (against === 'registry' || (against === undefined && registryFlag !== undefined)) {
    const { result, context } = await runRegistryPart(invocation, io, registryFlag);
    return emitWithContext(result, context, settings, io);
  }
  if (
    registryFlag !== undefined ||
    invocation.options['cross-check'] === true ||
    invocation.options.timeout !== undefined
  ) {
    throw new UsageError(
      `--registry, --cross-check and --timeout go with --against registry; diff compares with one base (here ${typeof against === 'string' ? `the git ref ${against}` : 'the git merge base'}).`,
      'diff',
    );
  }
  const result = await runDiff({ ...checkOptionsOf(invocation, io), ...evolutionOptionsOf(invocation, io) });
  return emitDiffResult(result, settings, io);
};
