/**
 * The committed bundle is what GitHub runs, so it must be exactly what the sources build to: this
 * rebuilds it into a temp directory and fails when it differs from `dist/index.js` (run
 * `node scripts/build-action.ts` and commit the result). It also holds the bundle to its size budget.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { actionBundle, buildAction, jitiTransformName } from '../../scripts/build-action.ts';
import { removeTestRepos, tempDirectory } from '../support/git-repo.ts';

const root = new URL('../../', import.meta.url);

afterAll(() => removeTestRepos());

/** The README's promise: the bundle stays under 5 MB. */
const maxBundleBytes = 5 * 1024 * 1024;

describe('dist/index.js', () => {
  it('is what scripts/build-action.ts builds from the current sources', async () => {
    const outfile = join(tempDirectory('kontract-bundle-'), 'index.js');
    const bytes = await buildAction(outfile);
    const rebuilt = readFileSync(outfile, 'utf8');
    const committed = readFileSync(new URL(actionBundle, root), 'utf8');
    // Comparing lengths first keeps a stale bundle's failure message short.
    expect(committed.length, 'dist/index.js is stale: run `node scripts/build-action.ts` and commit it').toBe(
      rebuilt.length,
    );
    expect(
      committed === rebuilt,
      'dist/index.js is stale: run `node scripts/build-action.ts` and commit it',
    ).toBe(true);
    expect(bytes).toBeLessThan(maxBundleBytes);
    // jiti's Babel transform ships beside the bundle, byte for byte as the build copies it.
    expect(readFileSync(join(outfile, '..', jitiTransformName))).toEqual(
      readFileSync(new URL(`dist/${jitiTransformName}`, root)),
    );
  });

  it('leaves ts-morph, the TypeScript compiler and the Kafka client out', () => {
    const bundle = readFileSync(new URL(actionBundle, root), 'utf8');
    expect(bundle).not.toMatch(/\bts-morph\/dist\b|node_modules\/typescript\/lib\/typescript\.js/);
    expect(bundle).not.toContain('node_modules/@platformatic/kafka');
  });
});
