/**
 * Throwaway copies of the demo workspace for registry tests: the demo contracts and config, with the
 * topics renamed by a unique suffix so that each test's subjects are its own on the shared registry.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A unique, registry-safe suffix for topic and subject names. */
export function uniqueSuffix(label: string): string {
  return `${label}-${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** A demo workspace in a temporary folder. */
export interface DemoWorkspace {
  root: string;
  /** Topic name for `accounts` / `orders` in this copy. */
  topic(name: 'accounts' | 'orders'): string;
  /** Subject of a contract under the demo config's TopicRecordName strategy. */
  subject(fullName: string): string;
  /** Rewrites one contract file (path relative to the root) through `edit`. */
  editContract(file: string, edit: (schema: SchemaJson) => void): Promise<void>;
  /** Rewrites the config through `edit`. */
  editConfig(edit: (config: ConfigJson) => void): Promise<void>;
  remove(): Promise<void>;
}

/** A contract document, loosely typed for edits. */
export type SchemaJson = {
  fields: { name: string; type: unknown; default?: unknown; doc?: string }[];
} & Record<string, unknown>;
/** The config document, loosely typed for edits. */
export type ConfigJson = {
  defaults: Record<string, unknown>;
  contracts: Record<string, Record<string, unknown>>;
} & Record<string, unknown>;

/** Copies `contracts/` and `kontract.config.json` into a temp folder, topics renamed `<topic>-<suffix>`. */
export async function demoWorkspace(suffix: string): Promise<DemoWorkspace> {
  const root = await mkdtemp(path.join(tmpdir(), 'kontract-registry-'));
  await cp(path.join(repoRoot, 'contracts'), path.join(root, 'contracts'), { recursive: true });
  const config = JSON.parse(
    await readFile(path.join(repoRoot, 'kontract.config.json'), 'utf8'),
  ) as ConfigJson;
  delete config.$schema;
  for (const entry of Object.values(config.contracts)) {
    if (typeof entry.topic === 'string') entry.topic = `${entry.topic}-${suffix}`;
  }
  const configPath = path.join(root, 'kontract.config.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const topic = (name: 'accounts' | 'orders') => `${name}-${suffix}`;
  return {
    root,
    topic,
    subject: (fullName) =>
      `${topic(fullName.startsWith('com.acme.accounts.') ? 'accounts' : 'orders')}-${fullName}`,
    async editContract(file, edit) {
      const target = path.join(root, file);
      const schema = JSON.parse(await readFile(target, 'utf8')) as SchemaJson;
      edit(schema);
      await writeFile(target, `${JSON.stringify(schema, null, 2)}\n`);
    },
    async editConfig(edit) {
      const current = JSON.parse(await readFile(configPath, 'utf8')) as ConfigJson;
      edit(current);
      await writeFile(configPath, JSON.stringify(current, null, 2));
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The 1-based line of the first line of `file` that contains `text`. */
export async function lineOf(root: string, file: string, text: string): Promise<number> {
  const lines = (await readFile(path.join(root, file), 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${text} is not in ${file}`);
  return index + 1;
}
