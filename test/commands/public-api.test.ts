import { describe, expect, it } from 'vitest';
import * as kontract from '../../src/index.ts';
import { repoRoot } from '../cli/cli-harness.ts';

// The package entry is what library users import; it must load on its own and expose the commands,
// the core and the renderers under stable names.
describe('the public API', () => {
  it('exports the commands, the core and the renderers', () => {
    const exported: Record<string, unknown> = { ...kontract };
    for (const name of [
      'runCheck',
      'lintWorkspace',
      'listRules',
      'parseConfig',
      'loadContracts',
      'defineConfig',
      'runLint',
      'applyWaivers',
      'render',
      'summarize',
      'formatPretty',
      'formatJson',
      'formatGithub',
      'formatRuleList',
    ]) {
      expect(typeof exported[name], name).toBe('function');
    }
    expect(Object.keys(kontract.formatters)).toEqual([
      'pretty',
      'json',
      'github',
      'sarif',
      'junit',
      'markdown',
    ]);
  });

  it('checks the demo and renders the result as a library user would', async () => {
    const result = await kontract.runCheck({ cwd: repoRoot });
    const text = kontract.render('json', result.diagnostics, result.summary, {
      color: false,
      quiet: false,
      tool: { name: 'kontract', version: 'test' },
    });
    expect(JSON.parse(text)).toMatchObject({ version: 1, summary: { exitCode: 0 }, diagnostics: [] });
  });
});
