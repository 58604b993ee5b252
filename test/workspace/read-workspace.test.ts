import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWorkspace } from '../../src/workspace/read-workspace.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kontract-workspace-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes an inline file map under the temp dir. */
async function layout(files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

const schema = (name: string): string =>
  JSON.stringify({ type: 'record', name, namespace: 'com.acme', fields: [] });

describe('readWorkspace', () => {
  it('uses the default glob without a config, with paths relative to cwd, sorted', async () => {
    await layout({
      'contracts/orders/b.avsc': schema('B'),
      'contracts/accounts/a.avsc': schema('A'),
      'contracts/notes.md': '# not a contract',
      'elsewhere/c.avsc': schema('C'),
    });
    const workspace = await readWorkspace({ cwd: dir });
    expect(workspace.root).toBe(dir);
    expect(workspace.configFile).toBeUndefined();
    expect(workspace.diagnostics).toEqual([]);
    expect(workspace.files.map((f) => f.path)).toEqual([
      'contracts/accounts/a.avsc',
      'contracts/orders/b.avsc',
    ]);
    expect(new TextDecoder().decode(workspace.files[0]!.bytes)).toBe(schema('A'));
  });

  it("selects files with the config's include and exclude globs", async () => {
    await layout({
      'kontract.config.json': JSON.stringify({
        include: ['schemas/**/*.avsc', 'extra/*.avsc'],
        exclude: ['schemas/old/**'],
      }),
      'schemas/a.avsc': schema('A'),
      'schemas/old/b.avsc': schema('B'),
      'extra/c.avsc': schema('C'),
      'contracts/d.avsc': schema('D'),
    });
    const workspace = await readWorkspace({ cwd: dir });
    expect(workspace.configFile?.path).toBe('kontract.config.json');
    expect(workspace.files.map((f) => f.path)).toEqual(['extra/c.avsc', 'schemas/a.avsc']);
  });

  // With --config, the project root is the config's folder, wherever the command runs.
  it('roots paths at the folder of a config given by path', async () => {
    await layout({
      'project/kontract.config.json': JSON.stringify({ include: ['events/*.avsc'] }),
      'project/events/a.avsc': schema('A'),
    });
    const workspace = await readWorkspace({ cwd: dir, configPath: 'project/kontract.config.json' });
    expect(workspace.root).toBe(path.join(dir, 'project'));
    expect(workspace.configFile?.path).toBe('kontract.config.json');
    expect(workspace.files.map((f) => f.path)).toEqual(['events/a.avsc']);
  });

  it('reports a config path that does not exist', async () => {
    await layout({ 'contracts/a.avsc': schema('A') });
    const workspace = await readWorkspace({ cwd: dir, configPath: 'missing.json' });
    expect(workspace.diagnostics.map((d) => [d.ruleId, d.severity, d.message])).toEqual([
      ['workspace/config-not-found', 'error', 'The config file missing.json does not exist.'],
    ]);
    expect(workspace.configFile).toBeUndefined();
  });

  it('takes the files and folders given instead of the globs; a folder means every .avsc inside', async () => {
    await layout({
      'kontract.config.json': JSON.stringify({ include: ['contracts/**/*.avsc'] }),
      'contracts/a.avsc': schema('A'),
      'other/deep/b.avsc': schema('B'),
      'other/c.txt': 'x',
      'single.avsc': schema('S'),
    });
    const workspace = await readWorkspace({ cwd: dir, paths: ['other', 'single.avsc', './single.avsc'] });
    expect(workspace.diagnostics).toEqual([]);
    expect(workspace.files.map((f) => f.path)).toEqual(['other/deep/b.avsc', 'single.avsc']);
  });

  it('reports each given path that does not exist, and still reads the others', async () => {
    await layout({ 'a.avsc': schema('A') });
    const workspace = await readWorkspace({ cwd: dir, paths: ['a.avsc', 'nope.avsc', 'gone/'] });
    expect(workspace.diagnostics.map((d) => [d.ruleId, d.message])).toEqual([
      ['workspace/path-not-found', 'The path nope.avsc does not exist.'],
      ['workspace/path-not-found', 'The path gone/ does not exist.'],
    ]);
    expect(workspace.files.map((f) => f.path)).toEqual(['a.avsc']);
  });

  it('says which globs found nothing, at the include key of the config', async () => {
    await layout({
      'kontract.config.json': '{\n  "include": ["schemas/**/*.avsc"],\n  "exclude": ["x/**"]\n}',
    });
    const workspace = await readWorkspace({ cwd: dir });
    expect(workspace.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'workspace/no-contracts',
        severity: 'error',
        message:
          'No contract file matches "schemas/**/*.avsc" (excluding "x/**") in the folder of kontract.config.json.',
        location: expect.objectContaining({ file: 'kontract.config.json', line: 2, column: 14 }),
      }),
    ]);
  });

  it('says which folders held no contract', async () => {
    await layout({ 'empty/readme.md': 'x' });
    const workspace = await readWorkspace({ cwd: dir, paths: ['empty'] });
    expect(workspace.diagnostics.map((d) => [d.ruleId, d.message])).toEqual([
      ['workspace/no-contracts', 'No .avsc file found in empty.'],
    ]);
  });

  it('reads bytes as they are, so the core can reject a non-UTF-8 file', async () => {
    await layout({ 'contracts/latin1.avsc': new Uint8Array([0x7b, 0xe9, 0x7d]) });
    const workspace = await readWorkspace({ cwd: dir });
    expect([...workspace.files[0]!.bytes]).toEqual([0x7b, 0xe9, 0x7d]);
  });

  // A broken config must not stop file selection: the caller reports the config's own problems.
  it('falls back to the default globs when the config cannot be parsed', async () => {
    await layout({ 'kontract.config.json': '{ "include": [', 'contracts/a.avsc': schema('A') });
    const workspace = await readWorkspace({ cwd: dir });
    expect(workspace.diagnostics).toEqual([]);
    expect(workspace.configFile?.path).toBe('kontract.config.json');
    expect(workspace.files.map((f) => f.path)).toEqual(['contracts/a.avsc']);
  });
});
