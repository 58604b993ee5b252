/**
 * `kontract diff` and the evolution part of `kontract check` as a user runs them: the real CLI in a
 * child process, on throwaway git repositories. Exit codes, what goes to stdout and stderr, and the
 * line that says what was compared with what.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Json } from '../../src/contracts/model.ts';
import { runKontract } from '../cli/cli-harness.ts';
import { cloneRepo, createRepo, removeTestRepos } from '../support/git-repo.ts';
import { contractFile, lineOfField } from './support.ts';

afterAll(removeTestRepos);

const path = 'contracts/Deposited.avsc';
const id = { name: 'id', type: 'string' };
const currency = { name: 'currency', type: 'string' };
const config = `${JSON.stringify({ include: ['contracts/**/*.avsc'] })}\n`;
/** The machine's own CI variables must not choose the base. */
const env = { GITHUB_BASE_REF: '', GITHUB_ACTIONS: '' };

function repoWithChange(fields: Json[]) {
  return createRepo({
    files: { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config },
    commits: [
      {
        message: 'Change the contract',
        branch: 'feature',
        files: { [path]: contractFile('Deposited', fields) },
      },
    ],
  });
}

describe('kontract diff', () => {
  it('passes an empty diff with exit 0 and says nothing changed since the base', () => {
    const repo = repoWithChange([id]);
    const run = runKontract(['diff'], { cwd: repo.dir, env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `No contract changed since the merge base of HEAD and main (${repo.sha('main').slice(0, 7)}).\n✔ 1 contract, no findings\n`,
    );
    expect(run.status).toBe(0);
  });

  // A contract that no longer loads was not compared, so the line must not read as "nothing changed".
  it('does not claim nothing changed when a changed contract does not load (exit 2)', () => {
    const repo = createRepo({
      files: { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config },
      commits: [
        { message: 'Break the contract', branch: 'feature', files: { [path]: '{ "type": "record",' } },
      ],
    });
    const run = runKontract(['diff'], { cwd: repo.dir, env });
    expect(run.status).toBe(2);
    expect(run.stdout).not.toContain('No contract changed');
    expect(run.stdout).toContain('contracts that did not load were not compared');
  });

  it('fails a breaking change with exit 1, at the exact line, with the fix', () => {
    const repo = repoWithChange([id, currency]);
    const run = runKontract(['diff', '--against', 'main'], { cwd: repo.dir, env });
    const short = repo.sha('main').slice(0, 7);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`${path}:${lineOfField(1)}:`);
    expect(run.stdout).toContain('help: Give `currency` a default (e.g. `"default": ""`)');
    expect(run.stdout.trimEnd().split('\n').slice(-2)).toEqual([
      `1 contract changed since main (${short}).`,
      '✖ 1 error in 1 contract',
    ]);
  });

  it('reports an unknown ref as an input error (exit 2) with the fetch that brings it', () => {
    const repo = repoWithChange([id]);
    const run = runKontract(['diff', '--against', 'v9.9.9'], { cwd: repo.dir, env });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      'Schema evolution could not be checked: The ref "v9.9.9" does not exist in this repository.',
    );
    expect(run.stdout).toContain('git fetch origin tag v9.9.9 --no-tags');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      '✖ 1 error in 1 contract — 1 input error, the check is incomplete',
    );
  });

  it('prints only the JSON report with --format json', () => {
    const repo = repoWithChange([id, currency]);
    const run = runKontract(['diff', '--format', 'json'], { cwd: repo.dir, env });
    const report = JSON.parse(run.stdout) as {
      diagnostics: { ruleId: string; location: { line: number } }[];
    };
    expect(report.diagnostics.map((d) => [d.ruleId, d.location.line])).toEqual([
      ['compat/reader-field-missing-default', lineOfField(1)],
    ]);
    expect(run.status).toBe(1);
  });

  // The checkout a pull request workflow makes: one commit deep, detached, the base branch named by
  // GITHUB_BASE_REF and not fetched.
  it('recovers a CI checkout with --fetch', () => {
    const origin = repoWithChange([id, currency]);
    const clone = cloneRepo(origin, { depth: 1, branch: 'feature', detach: true });
    const ci = { GITHUB_BASE_REF: 'main', GITHUB_ACTIONS: 'true' };
    const missing = runKontract(['diff'], { cwd: clone.dir, env: ci });
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('The ref "origin/main" does not exist in this repository.');
    const fetched = runKontract(['diff', '--fetch'], { cwd: clone.dir, env: ci });
    expect(fetched.status).toBe(1);
    expect(fetched.stdout).toContain('compat/reader-field-missing-default');
    // The base is named the same in every message, however it was fetched; the fetches are listed once.
    expect(fetched.stdout).not.toContain('after fetching');
    expect(fetched.stdout).toMatch(
      /\n1 contract changed since the merge base of HEAD and origin\/main \([0-9a-f]{7}\) \(fetched missing history: git fetch --no-tags --quiet --depth=50 origin \+refs\/heads\/main:refs\/remotes\/origin\/main; .*\)\.\n/,
    );
  });

  it('documents --against and --fetch in its help', () => {
    const run = runKontract(['diff', '--help']);
    expect(run.stdout).toContain('--against <ref>');
    expect(run.stdout).toContain('--fetch');
    expect(run.status).toBe(0);
  });
});

describe('kontract check', () => {
  it('includes the evolution findings, and fails closed on a bad --against', () => {
    const repo = repoWithChange([id, currency]);
    const run = runKontract(['check', '--format', 'json'], { cwd: repo.dir, env });
    const report = JSON.parse(run.stdout) as { diagnostics: { ruleId: string }[] };
    expect(report.diagnostics.map((d) => d.ruleId)).toContain('compat/reader-field-missing-default');
    expect(run.status).toBe(1);
    const bad = runKontract(['check', '--against', 'nope'], { cwd: repo.dir, env });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain('The ref "nope" does not exist in this repository.');
  });
});
