import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string): string => `${root}node_modules/.bin/${name}`;

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

// The suite is what CI runs, so the type check and the linter (which also enforces the pure-core
// import boundary) run as tests: a change that breaks either cannot land.
describe('static checks', () => {
  it('type-checks with the strictest settings', { timeout: 180_000 }, () => {
    const { status, output } = run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
    expect(output.trim() === '' ? 0 : status, output).toBe(0);
  });

  it('passes biome (format, lint, pure-core boundary)', { timeout: 120_000 }, () => {
    const { status, output } = run(bin('biome'), ['check', '--colors=off', '.']);
    expect(status, output).toBe(0);
  });
});
