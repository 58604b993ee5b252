/**
 * Runs the real CLI as a child process (the same Node that runs the tests: the `node` devDependency)
 * on throwaway workspaces built from inline file maps.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The CLI entry point. */
export const mainScript = join(repoRoot, 'src/cli/main.ts');

/** What a CLI run printed and how it exited. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node src/cli/main.ts ...args` in `cwd`. The environment is cleaned of colour settings so that
 * output does not depend on the terminal the tests run in.
 */
export function runKontract(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; script?: string } = {},
): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'KONTRACT_DEBUG', 'KONTRACT_TODAY']) {
    if (!options.env || !(name in options.env)) delete env[name];
  }
  const result = spawnSync(process.execPath, [options.script ?? mainScript, ...args], {
    cwd: options.cwd ?? repoRoot,
    env,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const created: string[] = [];

/** Deletes every workspace made so far; test files call it from `afterAll`. */
export function removeWorkspaces(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `files` (path → content; bytes for non-text) into a fresh temp directory and returns it. */
export function makeWorkspace(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'kontract-cli-'));
  created.push(root);
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return root;
}

/** A field of an event schema, one per line in the file so tests know every field's line. */
export interface FieldSpec {
  name: string;
  type: unknown;
  doc?: string;
  default?: unknown;
}

/** Fields every valid demo event has (the lint rules require them). */
export const baseFields: FieldSpec[] = [
  { name: 'eventId', type: { type: 'string', logicalType: 'uuid' }, doc: 'Unique id of this event.' },
  { name: 'version', type: 'int', doc: 'Schema version of this event.' },
  { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When it happened.' },
  { name: 'accountId', type: 'string', doc: 'Id of the account; the record key.' },
];

/**
 * An event contract as text, with the record header on lines 1–5 and field `i` (0-based) on line
 * `7 + i`, so a test can name the line of any field.
 */
export function eventContract(name: string, fields: readonly FieldSpec[]): string {
  const lines = fields.map((field, index) => {
    const comma = index < fields.length - 1 ? ',' : '';
    return `    ${JSON.stringify(field)}${comma}`;
  });
  return [
    '{',
    '  "type": "record",',
    `  "name": "${name}",`,
    '  "namespace": "com.acme.accounts",',
    `  "doc": "The ${name} event.",`,
    '  "fields": [',
    ...lines,
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** A config that declares each named contract's topic and key. */
export function configFor(names: readonly string[], extra: Record<string, unknown> = {}): string {
  const contracts = Object.fromEntries(
    names.map((name) => [
      `com.acme.accounts.${name}`,
      { topic: 'accounts', key: 'accountId', owner: 'team-accounts' },
    ]),
  );
  return `${JSON.stringify({ include: ['contracts/**/*.avsc'], contracts, ...extra }, null, 2)}\n`;
}

/** Line of field `index` in a file written by {@link eventContract}. */
export function fieldLine(index: number): number {
  return 7 + index;
}
