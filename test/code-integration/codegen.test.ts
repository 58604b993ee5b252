/**
 * `kontract codegen` through the real CLI on copies of the fixture service: writing (atomically,
 * creating folders, leaving an identical file alone), `--check` drift at the first differing line,
 * `--out`, and the refusals (no output named, contracts that do not load, an unwritable target).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixtureApp, editJson, placesOf, removeTestRepos, reportOf, runKontract } from './support.ts';

afterAll(removeTestRepos);

const generatedFile = 'src/generated/contracts.mts';
const withdrawn = 'contracts/accounts/money-withdrawn.avsc';

/** Adds an optional `note` field to MoneyWithdrawn, so the generated types change. */
function addNoteField(app: string): void {
  editJson<{ fields: unknown[] }>(path.join(app, withdrawn), (schema) => ({
    ...schema,
    fields: [...schema.fields, { name: 'note', type: ['null', 'string'], default: null, doc: 'A note.' }],
  }));
}

/** 1-based number of the first line where two texts differ. */
function firstDifferingLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  let index = 0;
  while (index < left.length && left[index] === right[index]) index++;
  return index + 1;
}

describe('kontract codegen', () => {
  it('finds no drift in the committed generated types of the fixture service', () => {
    const app = copyFixtureApp();
    const run = runKontract(['codegen', '--check', '--format', 'json'], { cwd: app });
    expect(run.status, run.stderr).toBe(0);
    expect(reportOf(run).diagnostics).toEqual([]);
  });

  // The drift finding must point at the line a reviewer has to look at, not at the top of the file.
  it('reports drift at the first differing line with --check, and writes nothing', () => {
    const app = copyFixtureApp();
    const committed = readFileSync(path.join(app, generatedFile), 'utf8');
    addNoteField(app);
    const run = runKontract(['codegen', '--check', '--format', 'json'], { cwd: app });
    expect(run.status).toBe(1);
    expect(readFileSync(path.join(app, generatedFile), 'utf8')).toBe(committed);

    const fresh = runKontract(['codegen', '--out', 'fresh.mts'], { cwd: app });
    expect(fresh.status, fresh.stderr).toBe(0);
    const expected = readFileSync(path.join(app, 'fresh.mts'), 'utf8');
    const line = firstDifferingLine(committed, expected);
    const { diagnostics } = reportOf(run);
    expect(placesOf(diagnostics)).toEqual([['code/types-drift', 'stale', generatedFile, line, 1]]);
    expect(diagnostics[0]?.message).toBe(
      `Generated contract types in ${generatedFile} are out of date from line ${line} on.`,
    );
  });

  it('writes the types to code.codegen.output, and leaves an up-to-date file untouched', () => {
    const app = copyFixtureApp();
    addNoteField(app);
    const write = runKontract(['codegen'], { cwd: app });
    expect(write.status, write.stderr).toBe(0);
    expect(write.stderr).toBe(`Wrote ${generatedFile} (9 contracts).\n`);
    const text = readFileSync(path.join(app, generatedFile), 'utf8');
    expect(text).toContain('  note: string | null;');
    expect(runKontract(['codegen', '--check'], { cwd: app }).status).toBe(0);

    const before = statSync(path.join(app, generatedFile)).mtimeMs;
    const again = runKontract(['codegen'], { cwd: app });
    expect(again.status).toBe(0);
    expect(again.stderr).toBe(`${generatedFile} is up to date (9 contracts).\n`);
    expect(statSync(path.join(app, generatedFile)).mtimeMs).toBe(before);
    // The atomic write leaves no temporary file behind.
    expect(readdirSync(path.join(app, 'src/generated'))).toEqual(['contracts.mts']);
  });

  it('writes to --out, creating its folders, instead of the configured file', () => {
    const app = copyFixtureApp();
    const committed = readFileSync(path.join(app, generatedFile), 'utf8');
    const run = runKontract(['codegen', '--out', 'out/types/contracts.ts'], { cwd: app });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(path.join(app, 'out/types/contracts.ts'), 'utf8')).toBe(committed);
  });

  it('reports a missing generated file as drift with --check', () => {
    const app = copyFixtureApp();
    const run = runKontract(['codegen', '--check', '--out', 'nowhere.ts', '--format', 'json'], { cwd: app });
    expect(run.status).toBe(1);
    expect(placesOf(reportOf(run).diagnostics)).toEqual([
      ['code/types-drift', 'missing', 'nowhere.ts', 1, 1],
    ]);
  });

  it('is a config error (exit 2) when no output file is named', () => {
    const app = copyFixtureApp();
    editJson<{ code: Record<string, unknown> }>(path.join(app, 'kontract.config.json'), (config) => ({
      ...config,
      code: { ...config.code, codegen: {} },
    }));
    const run = runKontract(['codegen', '--format', 'json'], { cwd: app });
    expect(run.status).toBe(2);
    const [finding] = reportOf(run).diagnostics;
    expect([finding?.ruleId, finding?.location?.file]).toEqual([
      'config/invalid-value',
      'kontract.config.json',
    ]);
    expect(finding?.message).toContain('set `code.codegen.output` in kontract.config.json or pass `--out`');
  });

  // Types generated from part of the contracts would silently drop the broken one's type.
  it('refuses to write when a contract does not load', () => {
    const app = copyFixtureApp();
    const committed = readFileSync(path.join(app, generatedFile), 'utf8');
    writeFileSync(path.join(app, withdrawn), '{ "type": "record", ');
    const run = runKontract(['codegen', '--format', 'json'], { cwd: app });
    expect(run.status).toBe(2);
    // The config's entry for the broken contract now names nothing: an input error too.
    expect(reportOf(run).diagnostics.map((d) => d.ruleId)).toEqual([
      'contract/invalid-json',
      'config/unknown-contract',
    ]);
    expect(readFileSync(path.join(app, generatedFile), 'utf8')).toBe(committed);
  });

  it('says why a target cannot be written, with exit 2 and no stack', () => {
    const app = copyFixtureApp();
    mkdirSync(path.join(app, 'taken.ts'));
    writeFileSync(path.join(app, 'taken.ts', 'keep'), '');
    const run = runKontract(['codegen', '--out', 'taken.ts'], { cwd: app });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `kontract: cannot read the generated types at ${path.join(app, 'taken.ts')} (EISDIR).\n`,
    );
  });
});
