/**
 * `kontract replay`: flags into library options (every value checked here, so a bad flag is a usage
 * error before anything loads), the replay run with a progress line on a terminal, and the report:
 * the replay's own formats (pretty, junit, markdown, html: minimal schedule, snapshot diff, timeline,
 * reproduce line) or the generic ones (json, github, sarif) over the same findings.
 */
import { isAbsolute, resolve } from 'node:path';
import {
  type ReplayCommandOptions,
  type ReplayCommandResult,
  replayRuleMetas,
  replayWorkspace,
} from '../../commands/replay.ts';
import { listRules } from '../../commands/rules.ts';
import { closestMatch } from '../../contracts/closest-match.ts';
import { replayPropertyIds } from '../../contracts/config-shape.ts';
import type { ReplayPropertyId } from '../../replay/replay-rules.ts';
import {
  formatReplayHtml,
  formatReplayJunit,
  formatReplayMarkdown,
  formatReplayPretty,
} from '../../replay/report/format-replay.ts';
import { escapeXml } from '../../replay/report/timeline-svg.ts';
import type { ReplayProgress } from '../../replay/run-replay.ts';
import { parseCommitPolicy } from '../../replay/schedule/plan.ts';
import { summaryIcon, summaryText, summaryTone } from '../../report/format-summary.ts';
import { type FailOn, type FormatName, formatNames, render } from '../../report/render.ts';
import type { CommandHandler, Invocation } from '../command-table.ts';
import { type CliIo, type OutputStream, UsageError } from '../io.ts';
import { prepareReplaySources, replaySourceWords } from '../replay-sources.ts';
import { emitText, projectDirOf } from '../report-run.ts';
import { toolInfo } from '../tool-info.ts';

/** Every `--format` of `kontract replay`: the shared formats plus the self-contained HTML page. */
export const replayFormatNames = [...formatNames, 'html'] as const;

/** A `--format` value of `kontract replay`. */
export type ReplayFormatName = FormatName | 'html';

function stringOption(invocation: Invocation, name: string): string | undefined {
  const value = invocation.options[name];
  return typeof value === 'string' ? value : undefined;
}

function listOption(invocation: Invocation, name: string): string[] | undefined {
  const value = invocation.options[name];
  if (value === undefined || typeof value === 'boolean') return undefined;
  return typeof value === 'string' ? [value] : [...value];
}

/** Splits `a.ts,{b,c}.ts` at the commas outside braces, so brace globs keep theirs. */
export function splitList(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '{') depth++;
    else if (char === '}' && depth > 0) depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function usage(message: string): UsageError {
  return new UsageError(message, 'replay');
}

function positiveInteger(invocation: Invocation, name: string): number | undefined {
  const text = stringOption(invocation, name);
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw usage(`--${name} must be a whole number of at least 1, not '${text}'.`);
  }
  return Number(text);
}

/** `not-idempotent` or `replay/not-idempotent` → the property id; anything else is a usage error. */
function propertyIdOf(text: string): ReplayPropertyId {
  const id = text.includes('/') ? text : `replay/${text}`;
  const known: readonly string[] = replayPropertyIds;
  if (known.includes(id)) return id as ReplayPropertyId;
  const suggestion = closestMatch(id, known);
  throw usage(
    `unknown property '${text}'${suggestion ? `; did you mean '${suggestion}'?` : `; the properties are ${known.join(', ')}.`}`,
  );
}

/** Quotes a shell word when it needs it (the reproduce line is meant to be pasted into a shell). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The flags of an invocation as library options; every value checked. */
export function replayOptionsOf(invocation: Invocation, io: CliIo): ReplayCommandOptions {
  const options: ReplayCommandOptions = { cwd: projectDirOf(invocation, io) };
  if (io.env.KONTRACT_TODAY) options.today = io.env.KONTRACT_TODAY;
  const config = stringOption(invocation, 'config');
  if (config !== undefined) options.configPath = config;
  const consumers = listOption(invocation, 'consumers')?.flatMap(splitList);
  if (consumers !== undefined) {
    if (consumers.length === 0) throw usage('--consumers needs a path or a glob.');
    options.consumers = consumers;
  }
  const logs = listOption(invocation, 'log');
  if (logs !== undefined) {
    if (logs.some((log) => log.trim() === '')) throw usage('--log needs a file.');
    options.logs = logs;
  }
  const names = listOption(invocation, 'consumer');
  if (names !== undefined) options.consumerNames = names;
  const properties = listOption(invocation, 'property')?.flatMap(splitList);
  if (properties !== undefined) options.properties = [...new Set(properties.map(propertyIdOf))];
  const runs = positiveInteger(invocation, 'runs');
  if (runs !== undefined) options.runs = runs;
  const maxRecords = positiveInteger(invocation, 'max-records');
  if (maxRecords !== undefined) options.maxRecords = maxRecords;
  const seed = stringOption(invocation, 'seed');
  if (seed !== undefined) {
    const value = Number(seed);
    if (!/^-?\d+$/.test(seed) || value < -(2 ** 31) || value >= 2 ** 31) {
      throw usage(`--seed must be a whole number that fits 32 bits, as a failure prints it, not '${seed}'.`);
    }
    options.seed = value;
  }
  const path = stringOption(invocation, 'path');
  if (path !== undefined) {
    if (!/^\d+(:\d+)*$/.test(path)) {
      throw usage(`--path must be a fast-check path such as 4:0:1, as a failure prints it, not '${path}'.`);
    }
    if (options.seed === undefined) throw usage('--path replays a failure of one seed: give its --seed too.');
    if (options.properties?.length !== 1) {
      throw usage("--path replays one property's failure: give the one --property it failed.");
    }
    options.path = path;
  }
  const budget = stringOption(invocation, 'budget');
  if (budget !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(budget) || Number(budget) <= 0) {
      throw usage(`--budget must be a number of seconds above 0, not '${budget}'.`);
    }
    options.budgetMs = Math.round(Number(budget) * 1000);
  }
  const commit = stringOption(invocation, 'commit');
  if (commit !== undefined) {
    const policy = parseCommitPolicy(commit);
    if (policy === undefined) {
      throw usage(
        `--commit must be per-record, batch:N or interval:MS (N, MS whole numbers of at least 1), not '${commit}'.`,
      );
    }
    options.commitPolicy = policy;
  }
  if (invocation.options['idempotent-producers'] === true) options.producerDuplicates = false;
  const failOn = stringOption(invocation, 'fail-on');
  // The parser has checked the value against the option's choices.
  if (failOn !== undefined) options.failOn = failOn as FailOn;
  options.command = reproducePrefix(invocation);
  return options;
}

/**
 * `kontract replay` plus the flags that chose the inputs, so that the reproduce line of a failure
 * replays the same consumers over the same log prefix wherever they came from.
 */
function reproducePrefix(invocation: Invocation): string {
  const words = ['kontract', 'replay'];
  for (const name of ['cwd', 'config']) {
    const value = stringOption(invocation, name);
    if (value !== undefined) words.push(`--${name}`, shellWord(value));
  }
  for (const pattern of listOption(invocation, 'consumers')?.flatMap(splitList) ?? []) {
    words.push('--consumers', shellWord(pattern));
  }
  for (const log of listOption(invocation, 'log') ?? []) words.push('--log', shellWord(log));
  words.push(...replaySourceWords(invocation));
  const maxRecords = stringOption(invocation, 'max-records');
  if (maxRecords !== undefined) words.push('--max-records', maxRecords);
  return words.join(' ');
}

/**
 * A one-line progress display for a terminal: the consumer, the property and the run, redrawn in
 * place at most every 100 ms, erased when the replay ends so that only the report remains.
 */
export function progressLine(stream: OutputStream, now: () => number = Date.now) {
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  const draw = (text: string) => {
    stream.write(`\r\x1b[2K${text.length > 118 ? `${text.slice(0, 117)}…` : text}`);
    shown = true;
  };
  return {
    update(event: ReplayProgress): void {
      if (event.kind === 'consumer') {
        draw(`replay ${event.consumer}: ${event.records} records, reference runs`);
        last = now();
        return;
      }
      if (event.kind === 'property') {
        draw(`replay ${event.consumer}: ${event.property} ${event.status} (${event.runs} runs)`);
        last = now();
        return;
      }
      if (now() - last < 100) return;
      draw(`replay ${event.consumer}: ${event.property} run ${event.run}/${event.of}`);
      last = now();
    },
    finish(): void {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}

/** The page `--format html` gives when the inputs were unusable and nothing was replayed. */
function inputErrorsHtml(result: ReplayCommandResult): string {
  const items = result.diagnostics.map((d) => {
    const where = d.location ? `${d.location.file}:${d.location.line}: ` : '';
    return `<li><strong>${d.severity}</strong> <code>${escapeXml(d.ruleId)}</code> ${escapeXml(where + d.message)}${d.help ? ` <em>${escapeXml(d.help)}</em>` : ''}</li>`;
  });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>kontract replay report</title></head><body>',
    '<h1>kontract replay report</h1>',
    `<p>Nothing was replayed: ${escapeXml(summaryText(result.summary))}.</p>`,
    `<ul>\n${items.join('\n')}\n</ul>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** The report text of a replay in the chosen format. */
export function renderReplay(result: ReplayCommandResult, format: ReplayFormatName, quiet: boolean): string {
  const replay = result.replay;
  if (replay !== undefined && format !== 'json' && format !== 'github' && format !== 'sarif') {
    const full = { ...replay, diagnostics: result.diagnostics };
    if (format === 'junit') return formatReplayJunit(full);
    if (format === 'markdown') return formatReplayMarkdown(full);
    if (format === 'html') return formatReplayHtml(full);
    const text = formatReplayPretty(full);
    if (!replay.truncated) return text;
    // Said right under the header: every property above was searched on a prefix of the log.
    const [header, ...rest] = text.split('\n');
    const note = `the logs hold ${replay.records} valid records; the search covered the first ${result.settings.maxRecords} of them (--max-records)`;
    return [header, note, ...rest].join('\n');
  }
  if (format === 'html') return inputErrorsHtml(result);
  return render(format, result.diagnostics, result.summary, {
    color: false,
    quiet,
    tool: toolInfo(),
    rules: [...listRules(), ...replayRuleMetas()],
    ...(result.configFile !== undefined ? { anchorFile: result.configFile } : {}),
  });
}

/** Parses nothing itself: flags into library options, the replay, the report, the exit code. */
export const runReplayCommand: CommandHandler = async (invocation, io) => {
  const format = (stringOption(invocation, 'format') ?? 'pretty') as ReplayFormatName;
  // The parser has checked the value against the option's choices.
  const quiet = invocation.options.quiet === true;
  const options = replayOptionsOf(invocation, io);
  const outputOption = stringOption(invocation, 'output');
  const output =
    outputOption === undefined
      ? undefined
      : isAbsolute(outputOption)
        ? outputOption
        : resolve(options.cwd, outputOption);
  const progress = io.stderr.isTTY === true && !quiet ? progressLine(io.stderr) : undefined;
  if (progress) options.onProgress = (event) => progress.update(event);
  // --from-kafka and --registry: a temporary log recorded from the topic, writer schemas from the registry.
  const sources = await prepareReplaySources(invocation, io, options);
  let result: ReplayCommandResult | undefined;
  try {
    result = await replayWorkspace(options);
  } finally {
    progress?.finish();
    await sources.finish(result);
  }
  const text = renderReplay(result, format, quiet);
  const verdict = `${summaryIcon(summaryTone(result.summary))} ${summaryText(result.summary)}`;
  await emitText(text, output, io, verdict);
  return result.exitCode;
};
