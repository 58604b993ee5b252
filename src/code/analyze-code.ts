/**
 * The code analysis entry points. They load ts-morph (and TypeScript) only when called, with a
 * dynamic import, so that `kontract lint`, `codegen` and `--help` never pay for it.
 */
import type { ts } from 'ts-morph';
import type { ContractSet } from '../contracts/model.ts';
import type { Diagnostic } from '../report/diagnostic.ts';
import type { CodeAnalysisConfig } from './config.ts';
import type { SendSite } from './facts.ts';
import type { UsageMap } from './usage.ts';

/** What `analyzeCode` needs: the project root, its tsconfigs, the contracts and the `code` config. */
export interface AnalyzeCodeOptions {
  /** Absolute (or cwd-relative) project root; locations are reported relative to it. */
  root: string;
  /** tsconfig files relative to `root`; default `config.tsconfigs`, else `["tsconfig.json"]`. */
  tsconfigs?: string[];
  contracts: ContractSet;
  config?: CodeAnalysisConfig;
  /**
   * Incremental analysis: only these files (relative to `root`) are scanned for sends and
   * consumers; their imports are still loaded for types. Wrapper call sites and helpers outside
   * them are not revisited: pass a file's dependents too, and merge usage with `mergeUsage`.
   */
  files?: string[];
}

/** The same analysis over in-memory sources (paths relative to a virtual root). */
export interface AnalyzeSourcesOptions {
  files: Record<string, string>;
  contracts: ContractSet;
  config?: CodeAnalysisConfig;
  /** Overrides of the default options (ES2022, bundler resolution, strict, legacy decorators). */
  compilerOptions?: ts.CompilerOptions;
}

/** Everything the analysis found. */
export interface CodeAnalysisResult {
  /** Consumer → contract → field path → read locations. */
  usage: UsageMap;
  /** Findings of the `code/*` send rules, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /** Files (or tsconfigs) that could not be fully analysed, and why: never silently skipped. */
  unanalysable: Array<{ file: string; reason: string }>;
  /** The sends found, as facts (for tools that want more than findings). */
  sends: SendSite[];
  /** How many source files were scanned. */
  filesAnalysed: number;
}

/**
 * Analyses a TypeScript project: sends to Kafka (unkeyed, entity leaks, payload mismatches, dynamic
 * topics) and which contract fields each consumer reads. Code that does not type-check is analysed
 * as far as it goes; what could not be is listed in `unanalysable`.
 */
export async function analyzeCode(options: AnalyzeCodeOptions): Promise<CodeAnalysisResult> {
  const { analyseTsconfigs } = await import('./analysis/run-analysis.ts');
  return analyseTsconfigs(options);
}

/** `analyzeCode` over an in-memory file map instead of tsconfigs on disk. */
export async function analyzeSources(options: AnalyzeSourcesOptions): Promise<CodeAnalysisResult> {
  const { analyseInMemory } = await import('./analysis/run-analysis.ts');
  return analyseInMemory(options);
}
