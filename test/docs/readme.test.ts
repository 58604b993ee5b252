import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applySections, readmeSections } from '../../scripts/readme-sections.ts';
import { formatNames } from '../../src/report/render.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  // The command, config and rule references are generated from the code; a change that adds a
  // command, an option, a config key or a rule without `pnpm docs:readme` fails here.
  it('has generated sections identical to what the code describes', async () => {
    expect(applySections(readme, await readmeSections())).toBe(readme);
  });

  it('documents every output format', () => {
    for (const format of formatNames) expect(readme).toContain(`\`${format}\``);
  });

  it('opens with the two commands that set up and run the demo check and the tests', () => {
    const opening = readme.slice(0, 1500);
    expect(opening).toContain('pnpm contracts:check');
    expect(opening).toContain('pnpm test');
  });

  it('gives the test command that .ci/run runs', () => {
    const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
    expect(ci).toMatch(/^pnpm test$/m);
    expect(readme).toMatch(/^pnpm test$/m);
  });
});
