/**
 * `kontract publish`: registers the contracts whose schemas their subjects do not hold yet, after the
 * lint and the registry compatibility check pass (`runPublish`). The pretty report is the publish
 * table (subject, version, id, status) followed by any other finding and the verdict; every other
 * format carries the table as `publish/*` info findings. Exit 0 published (or nothing to publish),
 * 1 refused because the checks found errors (nothing was registered), 2 a bad config or contract, or
 * a registry that cannot be asked (down, timeout, wrong password: the message says which, without
 * the secret).
 */
import { formatPublishTable, type PublishResult, runPublish } from '../../commands/publish.ts';
import { listRules } from '../../commands/rules.ts';
import { summaryIcon, summaryText, summaryTone } from '../../report/format-summary.ts';
import { type RunSummary, render, summarize } from '../../report/render.ts';
import type { CommandHandler } from '../command-table.ts';
import { shouldColor } from '../io.ts';
import { checkOptionsOf, emitText, type ReportSettings, reportSettingsOf } from '../report-run.ts';
import { readServerConfig, registryOptionsOf, timeoutOf, withServerErrors } from '../server-settings.ts';
import { toolInfo } from '../tool-info.ts';

/**
 * The exit code of a publish: 2 when an input could not be used, 1 exactly when publish refused
 * (nothing was registered), else 0. Warnings at `failOn` do not make it 1: they did not stop the
 * registration, and 1 must mean "nothing was registered".
 */
export function publishExitCode(result: Pick<PublishResult, 'summary' | 'refused'>): 0 | 1 | 2 {
  if (result.summary.exitCode === 2) return 2;
  return result.refused ? 1 : 0;
}

/** One line above the verdict: what publish did, or why it did nothing. */
export function describePublish(result: PublishResult, dryRun: boolean): string {
  if (result.refused) {
    return result.summary.exitCode === 2
      ? 'Publish did not run: the config or the contracts could not be used; nothing was registered.'
      : 'Publish refused: the checks found errors; nothing was registered.';
  }
  const count = (status: string) => result.entries.filter((entry) => entry.status === status).length;
  if (dryRun) {
    const would = count('would-register');
    return `Dry run: ${would} schema${would === 1 ? '' : 's'} would be registered, ${count('unchanged')} already registered; nothing was registered.`;
  }
  const registered = count('registered');
  return `Registered ${registered} schema${registered === 1 ? '' : 's'}; ${count('unchanged')} already registered.`;
}

/** The report text: the table and the other findings (pretty), or every finding in the chosen format. */
export function renderPublish(
  result: PublishResult,
  settings: ReportSettings,
  options: { color: boolean; dryRun: boolean },
): { text: string; summary: RunSummary } {
  const exitCode = publishExitCode(result);
  const summary: RunSummary = { ...result.summary, exitCode };
  const formatOptions = {
    color: options.color,
    quiet: settings.quiet,
    tool: toolInfo(),
    rules: listRules(),
    ...(result.configFile !== undefined ? { anchorFile: result.configFile } : {}),
  };
  if (settings.format !== 'pretty') {
    return { text: render(settings.format, result.diagnostics, summary, formatOptions), summary };
  }
  // The table says what the publish/* findings say; listing both would say it twice.
  const others = result.diagnostics.filter((d) => !d.ruleId.startsWith('publish/'));
  const othersSummary: RunSummary = {
    ...summarize(others, { contracts: result.summary.contracts, failOn: result.summary.failOn }),
    exitCode,
  };
  const report = render('pretty', others, othersSummary, formatOptions).trimEnd().split('\n');
  // The verdict is the last line; what publish did goes right above it.
  report.splice(report.length - 1, 0, describePublish(result, options.dryRun));
  const findings = report.join('\n');
  const table = result.entries.length > 0 ? `${formatPublishTable(result.entries)}\n` : '';
  return { text: `${table}${findings}\n`, summary: othersSummary };
}

/** Parses nothing itself: library options in, the table and report out, exit code back. */
export const runPublishCommand: CommandHandler = async (invocation, io) => {
  const settings = reportSettingsOf(invocation, io);
  const timeoutMs = timeoutOf(invocation);
  const config = await readServerConfig(invocation, io);
  const registryFlag = invocation.options.registry;
  const registry = registryOptionsOf(
    { url: typeof registryFlag === 'string' ? registryFlag : undefined, timeoutMs },
    io.env,
    config.registry,
  );
  const dryRun = invocation.options['dry-run'] === true;
  const result = await withServerErrors('publish', () =>
    runPublish({ ...checkOptionsOf(invocation, io), registry, dryRun, env: io.env }),
  );
  const toFile = settings.output !== undefined;
  const color = toFile ? settings.color === true : shouldColor(settings.color, io.stdout, io.env);
  const { text, summary } = renderPublish(result, settings, { color, dryRun });
  const verdict = `${summaryIcon(summaryTone(summary))} ${summaryText(summary)}`;
  await emitText(text, settings.output, io, verdict);
  return summary.exitCode;
};
