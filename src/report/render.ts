/**
 * Rendering a run: the summary of a set of findings, the exit code it implies, and the one registry
 * of output formats. Pure: data in, text out. The CLI decides where the text goes and whether the
 * stream supports colour.
 */
import {
  compareDiagnostics,
  type Diagnostic,
  isAtLeast,
  type Severity,
  type SourceLocation,
} from './diagnostic.ts';
import { formatGithub } from './format-github.ts';
import { formatJson, orderedDiagnostic } from './format-json.ts';
import { formatJunit } from './format-junit.ts';
import { formatMarkdown } from './format-markdown.ts';
import { formatPretty } from './format-pretty.ts';
import { formatSarif } from './format-sarif.ts';
import type { RuleMeta } from './rule.ts';

/** The program that produced a report, as written into machine-readable formats. */
export interface ToolInfo {
  name: string;
  version: string;
  /**
   * Web address of kontract's README, where SARIF points each rule's help
   * (`<readmeUrl>#rule-contract-version-field`); absent when unknown, and SARIF then carries no help links.
   */
  readmeUrl?: string;
}

/** Severity threshold at which findings fail a run (exit 1). `info` never fails a run. */
export type FailOn = Exclude<Severity, 'info'>;

/**
 * What a run amounted to. Counts exclude waived findings (those are counted in `waived` only), so
 * `errors + warnings + infos + waived` is the number of findings.
 */
export interface RunSummary {
  /** Contract files examined, including the ones that failed to load. */
  contracts: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Findings accepted by a waiver in the config. */
  waived: number;
  /** Errors among `errors` that mean the input could not be checked fully (see {@link isInputError}). */
  inputErrors: number;
  failOn: FailOn;
  /** 0: nothing at or above `failOn`; 1: findings at or above `failOn`; 2: input, config or internal error. */
  exitCode: 0 | 1 | 2;
}

/** Settings every formatter receives. */
export interface FormatOptions {
  /** Emit ANSI colour (only meaningful for human formats). The caller decides from the stream and `NO_COLOR`. */
  color: boolean;
  /** List only unwaived errors; everything else is still counted in the summary. */
  quiet: boolean;
  tool: ToolInfo;
  /** The rule catalogue (`listRules()`), for formats that describe rules (SARIF); absent = ids only. */
  rules?: readonly RuleMeta[];
  /**
   * Where a finding's place can be opened in a browser (a blob URL with a line anchor), for the
   * Markdown report: `previous` places (`previousLocation`) are in the base version, `current` ones in
   * the checked-out one. Absent, or undefined for a place = shown as text.
   */
  linkTo?: (location: SourceLocation, version: 'current' | 'previous') => string | undefined;
  /**
   * A file (relative to the project root, usually the config file) that formats which require every
   * finding to have a place (SARIF: GitHub code scanning rejects an upload with one result without a
   * location) anchor file-less findings at; absent = such findings become tool notifications instead.
   */
  anchorFile?: string;
}

/** A report renderer: a pure function of sorted findings and the run summary, returning the whole text. */
export type Formatter = (
  diagnostics: readonly Diagnostic[],
  summary: RunSummary,
  options: FormatOptions,
) => string;

/**
 * Every report format, by the name `--format` accepts. Adding a format is one entry here plus its
 * `format-<name>.ts` module.
 */
export const formatters = {
  pretty: formatPretty,
  json: formatJson,
  github: formatGithub,
  sarif: formatSarif,
  junit: formatJunit,
  markdown: formatMarkdown,
} satisfies Record<string, Formatter>;

/** Names accepted by `--format`. */
export type FormatName = keyof typeof formatters;

/** The format names in registry order, for help texts and validation. */
export const formatNames = Object.keys(formatters) as FormatName[];

/** True when `name` is a registered report format. */
export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(formatters, name);
}

/** Rule ids produced by the contract loader when a file cannot be checked at all. */
const inputErrorRuleIds: ReadonlySet<string> = new Set([
  'contract/invalid-json',
  'contract/invalid-avro',
  'contract/invalid-encoding',
  'contract/too-deep',
  'contract/unresolved-reference',
  'contract/reference-cycle',
  'contract/duplicate-name',
]);

/**
 * Waiver bookkeeping lives under `config/` but is about findings, not about a config kontract could
 * not read: an expired waiver means the finding is back, which is a failing finding (exit 1).
 */
const waiverRuleIdPrefix = 'config/waiver-';

/**
 * True for an error that means kontract could not check its input fully: a contract that does not
 * load, a bad config, a missing path, an empty selection, or a rule that crashed. These exit with 2,
 * never 1, so findings and breakage never share an exit code.
 */
export function isInputError(diagnostic: Diagnostic): boolean {
  if (diagnostic.severity !== 'error' || diagnostic.waived) return false;
  const id = diagnostic.ruleId;
  if (inputErrorRuleIds.has(id)) return true;
  if (id.startsWith(waiverRuleIdPrefix)) return false;
  return id.startsWith('config/') || id.startsWith('workspace/') || id.startsWith('internal/');
}

/** True when an unwaived finding is serious enough to fail a run with `failOn`. */
export function failsRun(diagnostic: Diagnostic, failOn: FailOn): boolean {
  return !diagnostic.waived && diagnostic.severity !== 'info' && isAtLeast(diagnostic.severity, failOn);
}

/** Counts findings and derives the exit code of a run. */
export function summarize(
  diagnostics: readonly Diagnostic[],
  run: { contracts: number; failOn: FailOn },
): RunSummary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let waived = 0;
  let inputErrors = 0;
  let failing = false;
  for (const diagnostic of diagnostics) {
    if (diagnostic.waived) {
      waived++;
      continue;
    }
    if (diagnostic.severity === 'error') errors++;
    else if (diagnostic.severity === 'warning') warnings++;
    else infos++;
    if (isInputError(diagnostic)) inputErrors++;
    if (failsRun(diagnostic, run.failOn)) failing = true;
  }
  const exitCode = inputErrors > 0 ? 2 : failing ? 1 : 0;
  return {
    contracts: run.contracts,
    errors,
    warnings,
    infos,
    waived,
    inputErrors,
    failOn: run.failOn,
    exitCode,
  };
}

/**
 * Total order over findings: by file, line, column and rule id (the shared order), then by message id,
 * message and fingerprint, and as a last resort by their whole content, so that the report of a run
 * never depends on the order in which capabilities produced the findings.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const shared = compareDiagnostics(a, b);
    if (shared !== 0) return shared;
    for (const [x, y] of [
      [a.messageId, b.messageId],
      [a.message, b.message],
      [a.fingerprint, b.fingerprint],
    ] as const) {
      if (x !== y) return x < y ? -1 : 1;
    }
    // Only reached by findings that agree on all of the above; stringify order is stable for the
    // objects one producer builds, and such ties are rare enough for the cost not to matter.
    const ja = JSON.stringify(orderedDiagnostic(a));
    const jb = JSON.stringify(orderedDiagnostic(b));
    return ja < jb ? -1 : ja > jb ? 1 : 0;
  });
}

/** The findings a report lists: all of them, or with `quiet` only the unwaived errors. Sorted. */
export function selectListed(diagnostics: readonly Diagnostic[], quiet: boolean): Diagnostic[] {
  const listed = quiet ? diagnostics.filter((d) => d.severity === 'error' && !d.waived) : diagnostics;
  return sortDiagnostics(listed);
}

/** Renders a run in the named format. Findings are sorted and filtered for `quiet` here, once for all formats. */
export function render(
  format: FormatName,
  diagnostics: readonly Diagnostic[],
  summary: RunSummary,
  options: FormatOptions,
): string {
  return formatters[format](selectListed(diagnostics, options.quiet), summary, options);
}
