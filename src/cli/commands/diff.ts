/**
 * `kontract diff`: schema evolution only, against a git ref (default: the merge base with the base
 * branch). The pretty report says what was compared with what (`No contract changed since …`) just
 * above its verdict; the other formats carry the findings only.
 */
import {
  type DiffResult,
  describeEvolution,
  type EvolutionCommandOptions,
  runDiff,
} from '../../commands/diff.ts';
import { listRules } from '../../commands/rules.ts';
import { summaryIcon, summaryText, summaryTone } from '../../report/format-summary.ts';
import { render } from '../../report/render.ts';
import type { CommandHandler, Invocation } from '../command-table.ts';
import { type CliIo, shouldColor } from '../io.ts';
import { checkOptionsOf, emitText, type ReportSettings, reportSettingsOf } from '../report-run.ts';
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
  const toFile = settings.output !== undefined;
  const color = toFile ? settings.color === true : shouldColor(settings.color, io.stdout, io.env);
  let text = render(settings.format, result.diagnostics, result.summary, {
    color,
    quiet: settings.quiet,
    tool: toolInfo(),
    rules: listRules(),
    ...(result.configFile !== undefined ? { anchorFile: result.configFile } : {}),
  });
  if (settings.format === 'pretty' && result.evolution !== undefined) {
    // The verdict is the last line; what was compared goes right above it.
    const lines = text.trimEnd().split('\n');
    lines.splice(lines.length - 1, 0, describeEvolution(result.evolution));
    text = `${lines.join('\n')}\n`;
  }
  const verdict = `${summaryIcon(summaryTone(result.summary))} ${summaryText(result.summary)}`;
  await emitText(text, settings.output, io, verdict);
  return result.exitCode;
}

/** Parses nothing itself: library options in, report out, exit code back. */
export const runDiffCommand: CommandHandler = async (invocation, io) => {
  const settings = reportSettingsOf(invocation, io);
  const result = await runDiff({ ...checkOptionsOf(invocation, io), ...evolutionOptionsOf(invocation, io) });
  return emitDiffResult(result, settings, io);
};
