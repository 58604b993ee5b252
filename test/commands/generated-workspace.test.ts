import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { median } from '../../bench/bench-kit.ts';
import { generateContracts } from '../../bench/generate-contracts.ts';
import { runCheck } from '../../src/commands/check.ts';

const dir = mkdtempSync(join(tmpdir(), 'kontract-generated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The bench times `kontract check` on this workspace: if it stopped loading or linting cleanly, the
// bench would time error reporting instead of checking, and its numbers would mean nothing.
describe('the bench workspace', () => {
  it('loads with cross-file references and passes every rule', async () => {
    const generated = generateContracts(dir, 60);
    const result = await runCheck({ cwd: dir });
    expect(result.diagnostics).toEqual([]);
    expect(result.summary.contracts).toBe(generated.files);
    expect(generated.files).toBe(60 + 2 + 3 * 5);
    expect(result.exitCode).toBe(0);
  });
});

describe('median', () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
