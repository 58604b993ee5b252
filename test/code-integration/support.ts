/**
 * Shared helpers of the code-integration tests: copies of the fixture service in temp directories
 * (so tests can edit them), the real CLI, and the JSON report's findings in a comparable form.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** Every file under `dir` (relative to the repository root), with its text, keyed by its path under `as`. */
function filesUnder(dir: string, as: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string): void => {
    const absolute = path.join(repoRoot, dir, relative);
    if (statSync(absolute).isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) walk(path.posix.join(relative, entry));
      return;
    }
    files[path.posix.join(as, relative)] = readFileSync(absolute, 'utf8');
  };
  walk('');
  return files;
}

/**
 * The demo service as one repository: the demo contracts (`contracts/`) and `kontract.config.json`
 * of this repository, with a `code` section, and the consumers of the fixture service
 * (`fixtures/app`: `src/consumers`, the kafkajs client module, the client type stubs and the
 * tsconfig). Its generated types are written by `kontract codegen`, as a team would.
 */
export function demoServiceFiles(code: Record<string, unknown> = {}): Record<string, string> {
  const { $schema: _schema, ...config } = JSON.parse(
    readFileSync(path.join(repoRoot, 'kontract.config.json'), 'utf8'),
  ) as Record<string, unknown>;
  return {
    ...filesUnder('contracts', 'contracts'),
    ...filesUnder('fixtures/app/src/consumers', 'src/consumers'),
    ...filesUnder('fixtures/app/types', 'types'),
    'src/kafka/client.mts': readFileSync(path.join(fixtureApp, 'src/kafka/client.mts'), 'utf8'),
    'tsconfig.json': readFileSync(path.join(fixtureApp, 'tsconfig.json'), 'utf8'),
    'kontract.config.json': `${JSON.stringify(
      { ...config, code: { codegen: { output: 'src/generated/contracts.mts' }, ...code } },
      null,
      2,
    )}\n`,
    '.gitignore': 'node_modules\n',
  };
}

/** A contract file's text without the line of field `name` (one field per line, as the demo writes them). */
export function withoutField(text: string, name: string): string {
  const lines = text.split('\n').filter((line) => !line.includes(`{ "name": "${name}",`));
  return lines.join('\n').replace(/,(\n\s*\])/, '$1');
}

/** The 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not found`);
  return index + 1;
}
