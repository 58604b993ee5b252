/**
 * The code part of `kontract check`: when the config has a `code` section, analyse the project's
 * producers and consumers (`analyzeCode`), turn what could not be analysed into `info` findings
 * instead of silence, and compare the committed generated types with what `kontract codegen` would
 * write. The usage map it returns is what consumer-aware compatibility needs.
 *
 * ts-morph is loaded by `analyzeCode` itself, with a dynamic import, and only when `code` is
 * configured: importing this module costs nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CodeAnalysisResult } from '../code/analyze-code.ts';
import { analyzeCode } from '../code/analyze-code.ts';
import type { CodeAnalysisConfig } from '../code/config.ts';
import { generateTypes } from '../code/generate-types.ts';
import { checkTypesDrift, codeRules, diagnosticFrom, severityFor } from '../code/run-code-rules.ts';
import type { UsageMap } from '../code/usage.ts';
import type { KontractConfig } from '../contracts/config-types.ts';
import type { Diagnostic, SourceLocation } from '../report/diagnostic.ts';
import { isInputError } from '../report/render.ts';
import { defineRule, type RuleMeta } from '../report/rule.ts';
import type { LoadedWorkspace } from './workspace-run.ts';

/**
 * `code/unanalysable`: a file or tsconfig the analysis could not fully read (a syntax error, an
 * import it cannot resolve, a producer without a type, a missing tsconfig). An `info` by default:
 * the run is not wrong, it is incomplete, and the report says where.
 */
export const codeUnanalysable = defineRule({
  id: 'code/unanalysable',
  kind: 'code',
  defaultSeverity: 'info',
  docs: {
    description: 'Reports the code the analysis could not fully analyse, and why.',
    rationale:
      'Code that does not type-check is analysed as far as it goes; what was skipped must be visible, never silent.',
    help: 'Make the file type-check (install the client package, fix the import or the syntax error), or list its tsconfig in `code.tsconfigs`.',
  },
  messages: { partial: 'Code analysis of {file} is incomplete: {reason}.' },
  check() {
    // Reported by `checkCode` from the analysis's `unanalysable` list: there is nothing to judge.
  },
});

/** Every rule the code part of `check` can report, for the rule catalogue. */
export const codeCheckRules: readonly RuleMeta[] = [...Object.values(codeRules), codeUnanalysable];

/** The analysis options the config's `code` section and `rules` describe. */
export function codeAnalysisConfigOf(config: KontractConfig): CodeAnalysisConfig {
  return { ...config.code, rules: config.rules };
}

/** `generateTypes` for the workspace's contracts with the config's codegen options. */
export function generateWorkspaceTypes(workspace: LoadedWorkspace): string {
  const { output: _output, ...options } = workspace.config.code?.codegen ?? {};
  return generateTypes(workspace.contracts.contracts, options);
}

/** What the code part of `check` produced. */
export interface CodeCheckOutcome {
  /** Send-rule findings, `code/unanalysable` infos and the drift finding, unsorted. */
  findings: Diagnostic[];
  /** The code rules that ran (for waiver bookkeeping). */
  ranRuleIds: Set<string>;
  /** The analysis, when `code` is configured and the config is usable. */
  analysis?: CodeAnalysisResult;
}

/** Where a note's reason names a position (`… at 12:5 …`), else the top of its file. */
function noteLocation(note: { file: string; reason: string }): SourceLocation {
  const at = /\bat (\d+):(\d+)\b/.exec(note.reason);
  return { file: note.file, line: at ? Number(at[1]) : 1, column: at ? Number(at[2]) : 1 };
}

/** The `info` findings for what the analysis could not fully read. */
export function unanalysableFindings(
  unanalysable: readonly { file: string; reason: string }[],
  config: Pick<KontractConfig, 'rules'>,
): Diagnostic[] {
  const severity = severityFor(codeUnanalysable, config.rules);
  if (severity === 'off') return [];
  return unanalysable.map((note) =>
    diagnosticFrom(codeUnanalysable, severity, {
      messageId: 'partial',
      data: { file: note.file, reason: note.reason },
      location: noteLocation(note),
    }),
  );
}

/** Reads a file as text, or `undefined` when it does not exist. */
export async function readTextIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** `/`-separated path of `absolute` relative to `root` (a file outside keeps its `../`). */
export function relativeToRoot(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

/**
 * The drift finding for the committed generated types at `code.codegen.output`, if any. Skipped
 * (no finding) when a contract failed to load: types generated from part of the contracts would
 * report drift that is not there.
 */
export async function checkWorkspaceTypesDrift(workspace: LoadedWorkspace): Promise<Diagnostic[]> {
  const output = workspace.config.code?.codegen?.output;
  if (output === undefined || workspace.inputDiagnostics.some(isInputError)) return [];
  const absolute = path.resolve(workspace.root, output);
  const committed = await readTextIfPresent(absolute);
  return checkTypesDrift(
    generateWorkspaceTypes(workspace),
    committed,
    relativeToRoot(workspace.root, absolute),
    workspace.config.rules,
  );
}

/** Which code rules the config leaves on. */
function enabledCodeRuleIds(config: Pick<KontractConfig, 'rules'>): Set<string> {
  return new Set(
    codeCheckRules.filter((rule) => severityFor(rule, config.rules) !== 'off').map((rule) => rule.id),
  );
}

/**
 * Runs the code analysis of a loaded workspace when its config has a `code` section: send-rule
 * findings, `info` findings for what could not be analysed, and (with `code.codegen.output`) the
 * generated-types drift check. `types: false` skips the drift check (a run over a few named contract
 * files cannot judge a file generated from all of them). Nothing runs for a config without `code`
 * or one that is broken.
 */
export async function checkCode(
  workspace: LoadedWorkspace,
  options: { types?: boolean } = {},
): Promise<CodeCheckOutcome> {
  const code = workspace.config.code;
  if (!workspace.checkable || code === undefined) return { findings: [], ranRuleIds: new Set() };
  const analysis = await analyzeCode({
    root: workspace.root,
    contracts: workspace.contracts,
    config: codeAnalysisConfigOf(workspace.config),
  });
  const types = options.types !== false && code.codegen?.output !== undefined;
  const findings = [
    ...analysis.diagnostics,
    ...unanalysableFindings(analysis.unanalysable, workspace.config),
    ...(types ? await checkWorkspaceTypesDrift(workspace) : []),
  ];
  const ranRuleIds = enabledCodeRuleIds(workspace.config);
  // A waiver of the drift rule is judged (used, unused) only by runs that compared the types.
  if (!types) ranRuleIds.delete(codeRules['code/types-drift'].id);
  return { findings, ranRuleIds, analysis };
}

/**
 * Analyses the workspace's code for its usage map only (consumer-aware compatibility in `kontract
 * diff`, where no code findings are reported).
 */
export async function analyseWorkspaceUsage(workspace: LoadedWorkspace): Promise<UsageMap> {
  const analysis = await analyzeCode({
    root: workspace.root,
    contracts: workspace.contracts,
    config: codeAnalysisConfigOf(workspace.config),
  });
  return analysis.usage;
}
