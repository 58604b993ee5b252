/**
 * `kontract lint`, `codegen` and `--help` must not pay for TypeScript: importing the code
 * capability and generating types must not load ts-morph or typescript; only `analyzeCode` does.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '../..');
const node = path.join(repository, 'node_modules/.bin/node');

/** Runs `body` in a fresh Node process and returns the heavy modules it resolved. */
function heavyModulesLoadedBy(body: string): string[] {
  const index = pathToFileURL(path.join(repository, 'src/code/index.ts')).href;
  const script = `
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    if (/(^|\\/)(ts-morph|typescript)(\\/|$)/.test(specifier)) seen.add(specifier);
    return next(specifier, context);
  },
});
const code = await import(${JSON.stringify(index)});
${body}
console.log(JSON.stringify([...seen]));
`;
  const output = execFileSync(node, ['--input-type=module', '--eval', script], {
    cwd: repository,
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('lazy loading of the analysis', () => {
  it('does not load ts-morph to import the capability or generate types', () => {
    expect(heavyModulesLoadedBy('code.generateTypes([]); code.checkTypesDrift("", "", "x.ts");')).toEqual([]);
  });

  // The control: the hook does see ts-morph when the analysis runs, so the empty list above means something.
  it('loads ts-morph once the analysis runs', () => {
    const loaded = heavyModulesLoadedBy(
      'await code.analyzeSources({ files: {}, contracts: { contracts: [], diagnostics: [], byFullName: new Map() } });',
    );
    expect(loaded).toContain('ts-morph');
  });
});
