/**
 * Shared helpers of the code-integration tests: copies of the fixture service in temp directories
 * (so tests can edit them), the real CLI, and the JSON report's findings in a comparable form.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliRun, repoRoot, runKontract } from '../cli/cli-harness.ts';
import { tempDirectory } from '../support/git-repo.ts';

export { removeTestRepos } from '../support/git-repo.ts';
export { type CliRun, repoRoot, runKontract };

/** The fixture service: contracts, TypeScript sources with planted faults, and its `kontract.config.json`. */
export const fixtureApp = path.join(repoRoot, 'fixtures/app');

/**
 * A copy of the fixture service in a fresh temp directory (deleted by `removeTestRepos`). Its
 * tsconfig asks for `@types/node`, which TypeScript finds in the repository's `node_modules` only:
 * the copy links to it, as an installed project would have it.
 */
export function copyFixtureApp(): string {
  const dir = tempDirectory('kontract-app-');
  cpSync(fixtureApp, dir, { recursive: true });
  linkNodeTypes(dir);
  return dir;
}

/** Links `<dir>/node_modules/@types` to the repository's, so `"types": ["node"]` resolves. */
export function linkNodeTypes(dir: string): void {
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules/@types'), path.join(dir, 'node_modules/@types'), 'dir');
}

/** Reads a JSON file. */
export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Rewrites a JSON file through `edit`. */
export function editJson<T>(file: string, edit: (value: T) => T): void {
  const value = JSON.parse(readFileSync(file, 'utf8')) as T;
  writeFileSync(file, `${JSON.stringify(edit(value), null, 2)}\n`);
}

/** One finding of a JSON report, as the tests compare them. */
export interface ReportedFinding {
  ruleId: string;
  messageId: string;
  severity: string;
  message: string;
  location?: { file: string; line: number; column: number; endLine?: number; endColumn?: number };
  related?: { file: string; line: number; column: number; message: string }[];
  contract?: string;
  fieldPath?: string;
  waived?: { reason: string };
}

/** The JSON report a run printed. */
export function reportOf(run: CliRun): {
  summary: { errors: number; warnings: number; infos: number; waived: number; exitCode: number };
  diagnostics: ReportedFinding[];
} {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`not a JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** `[ruleId, messageId, file, line, column]` of each finding, in report order. */
export function placesOf(findings: readonly ReportedFinding[]): (string | number | undefined)[][] {
  return findings.map((d) => [d.ruleId, d.messageId, d.location?.file, d.location?.line, d.location?.column]);
}
