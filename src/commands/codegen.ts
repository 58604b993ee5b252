/**
 * `kontract codegen` as a library function: TypeScript types for every contract of the workspace
 * (`generateTypes`), written atomically to `code.codegen.output` (or the `out` option), or, with
 * `check`, compared with the committed file (`code/types-drift`). read → load → generate → write or
 * compare → report, like every command.
 *
 * Never loads ts-morph: generating types reads the schemas only.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkTypesDrift } from '../code/run-code-rules.ts';
import { loaderDiagnostic } from '../contracts/load-diagnostics.ts';
import type { Diagnostic } from '../report/diagnostic.ts';
import { isInputError } from '../report/render.ts';
import { generateWorkspaceTypes, readTextIfPresent, relativeToRoot } from './code-check.ts';
import { knownRuleIds } from './rules.ts';
import {
  type CheckOptions,
  type CheckResult,
  finishRun,
  type LoadedWorkspace,
  loadWorkspace,
} from './workspace-run.ts';

/** Options of `runCodegen`. */
export interface CodegenCommandOptions extends CheckOptions {
  /** File to write (relative to `cwd`, or absolute) instead of the config's `code.codegen.output`. */
  out?: string;
  /** Compare with the file instead of writing it: drift is a `code/types-drift` finding (exit 1). */
  check?: boolean;
}

/**
 * What codegen did: `written` (the file was created or changed), `unchanged` (it already held exactly
 * this text, so it was not touched), `checked` (`check`: no drift), `drifted` (`check`: the file
 * differs or is missing), `refused` (the contracts or the config could not be read, or no output file
 * is named: nothing was written).
 */
export type CodegenOutcome = 'written' | 'unchanged' | 'checked' | 'drifted' | 'refused';

/** The check result plus what happened to the generated file. */
export interface CodegenResult extends CheckResult {
  outcome: CodegenOutcome;
  /** The generated file, relative to the project root; absent when none is named. */
  file?: string;
  /** The generated file's absolute path; absent when none is named. */
  absolutePath?: string;
  /** How many contracts the types were generated from. */
  contractCount: number;
}

/** The generated file could not be read (for the comparison) or written: which file, and the system's code. */
export class CodegenFileError extends Error {
  /** Absolute path of the file. */
  readonly file: string;
  /** The system error code (`EACCES`, `EISDIR`, ...). */
  readonly code: string;

  constructor(file: string, action: 'read' | 'write', code: string) {
    super(`cannot ${action} the generated types at ${file} (${code}).`);
    this.name = 'CodegenFileError';
    this.file = file;
    this.code = code;
  }
}

/** Runs a file operation, turning a system error into a {@link CodegenFileError}. */
async function onFile<T>(file: string, action: 'read' | 'write', operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
    if (code === undefined) throw error;
    throw new CodegenFileError(file, action, code);
  }
}

/**
 * Writes `text` so that readers see the old file or the whole new one: a temporary file in the same
 * directory (same file system, so the rename is atomic) replaces the target.
 */
async function writeTextAtomic(target: string, text: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The error for a run that names no output file, located at the config's `code` section (or its top). */
function noOutputDiagnostic(workspace: LoadedWorkspace, check: boolean): Diagnostic {
  const source = workspace.config.source;
  const where = source === undefined ? 'a kontract.config.json' : source.file;
  return loaderDiagnostic(
    'config/invalid-value',
    'codegen-output',
    `\`kontract codegen\` needs a file to ${check ? 'compare' : 'write'}: set \`code.codegen.output\` in ${where} or pass \`--out\`.`,
    source?.positions.locate('/code/codegen'),
    { help: 'Add `"code": { "codegen": { "output": "src/generated/contracts.ts" } }` to the config.' },
  );
}

/**
 * Generates the contract types and writes them (atomically, creating folders; an identical file is
 * left untouched), or with `check` reports drift from the committed file. Contracts that fail to load
 * or a broken config refuse the run (exit 2) rather than write types for part of the contracts. A file
 * that cannot be read or written throws {@link CodegenFileError}.
 */
export async function runCodegen(options: CodegenCommandOptions): Promise<CodegenResult> {
  const workspace = await loadWorkspace(options, knownRuleIds());
  const contractCount = workspace.contracts.contracts.length;
  const refuse = (extra: Diagnostic[] = []): CodegenResult => ({
    ...finishRun(workspace, extra, new Set(), options),
    outcome: 'refused',
    contractCount,
  });
  if (!workspace.checkable || workspace.inputDiagnostics.some(isInputError)) return refuse();

  const configured = workspace.config.code?.codegen?.output;
  const target =
    options.out !== undefined
      ? path.resolve(options.cwd, options.out)
      : configured !== undefined
        ? path.resolve(workspace.root, configured)
        : undefined;
  if (target === undefined) return refuse([noOutputDiagnostic(workspace, options.check === true)]);
  const file = relativeToRoot(workspace.root, target);
  const expected = generateWorkspaceTypes(workspace);
  const committed = await onFile(target, 'read', () => readTextIfPresent(target));

  if (options.check === true) {
    const drift = checkTypesDrift(expected, committed, file, workspace.config.rules);
    const result = finishRun(workspace, drift, new Set(['code/types-drift']), options);
    const outcome = drift.length > 0 ? 'drifted' : 'checked';
    return { ...result, outcome, file, absolutePath: target, contractCount };
  }
  // Writing judges nothing, so no waiver is used or unused in this run.
  const result = finishRun(workspace, [], new Set(), options);
  if (committed === expected)
    return { ...result, outcome: 'unchanged', file, absolutePath: target, contractCount };
  await onFile(target, 'write', () => writeTextAtomic(target, expected));
  return { ...result, outcome: 'written', file, absolutePath: target, contractCount };
}
