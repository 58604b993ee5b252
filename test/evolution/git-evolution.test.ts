/**
 * Schema evolution against real git repositories (throwaway repos built from inline file maps):
 * every mode, transitive history across commits and moves, added/deleted/retired contracts, base
 * versions that do not parse, shallow clones and `fetchMissing`, missing refs, unrelated histories,
 * detached HEAD, waivers, and `check` inside and outside git.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/commands/check.ts';
import { type DiffOptions, describeEvolution, runDiff } from '../../src/commands/diff.ts';
import type { CompatibilityMode } from '../../src/contracts/config-types.ts';
import type { Json } from '../../src/contracts/model.ts';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { cloneRepo, createRepo, type FileMap, removeTestRepos, tempDirectory } from '../support/git-repo.ts';
import { contractFile, lineOfField } from './support.ts';

afterAll(removeTestRepos);

const path = 'contracts/Deposited.avsc';
const name = 'com.acme.Deposited';
const id = { name: 'id', type: 'string' };
const amount = { name: 'amount', type: 'long' };
const currency = { name: 'currency', type: 'string' };

function config(extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ include: ['contracts/**/*.avsc'], ...extra }, null, 2)}\n`;
}

function modeConfig(mode: CompatibilityMode, extra: Record<string, unknown> = {}): string {
  return config({ defaults: { compatibility: mode }, ...extra });
}

/** `rule direction? file:line` of each finding, sorted. */
function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map((d) => {
      const direction = d.data?.direction === undefined ? '' : ` ${String(d.data.direction)}`;
      const where = d.location === undefined ? '-' : `${d.location.file}:${d.location.line}`;
      return `${d.ruleId}${direction} ${where}`;
    })
    .sort();
}

function diff(cwd: string, options: Partial<DiffOptions> = {}) {
  // An empty environment: a GITHUB_BASE_REF of the machine running the tests must not leak in.
  return runDiff({ cwd, env: {}, ...options });
}

/** main: `base` files; branch `feature`: `change` on top. HEAD on `feature`. */
function branchRepo(base: FileMap, change: FileMap, moves?: Record<string, string>) {
  return createRepo({
    files: base,
    commits: [
      { message: 'Change the contract', branch: 'feature', files: change, ...(moves ? { moves } : {}) },
    ],
  });
}

describe('the modes, against the merge base with main', () => {
  // The feature branch adds a field without a default (a backward break) and removes one without
  // a default (a forward break).
  const table: [CompatibilityMode, string[]][] = [
    ['BACKWARD', [`compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`]],
    ['BACKWARD_TRANSITIVE', [`compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`]],
    ['FORWARD', [`compat/reader-field-missing-default forward ${path}:3`]],
    ['FORWARD_TRANSITIVE', [`compat/reader-field-missing-default forward ${path}:3`]],
    [
      'FULL',
      [
        `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
        `compat/reader-field-missing-default forward ${path}:3`,
      ],
    ],
    [
      'FULL_TRANSITIVE',
      [
        `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
        `compat/reader-field-missing-default forward ${path}:3`,
      ],
    ],
    ['NONE', []],
  ];
  it.each(table)('%s', async (mode, expected) => {
    const repo = branchRepo(
      { [path]: contractFile('Deposited', [id, amount]), 'kontract.config.json': modeConfig(mode) },
      { [path]: contractFile('Deposited', [id, currency]) },
    );
    const result = await diff(repo.dir);
    expect(brief(result.diagnostics)).toEqual(expected);
    expect(result.exitCode).toBe(expected.length === 0 ? 0 : 1);
    expect(result.evolution?.ref?.sha).toBe(repo.sha('main'));
  });
});

describe('findings', () => {
  it('name the base commit and point at both versions', async () => {
    const repo = branchRepo(
      { [path]: contractFile('Deposited', [id, amount]), 'kontract.config.json': config() },
      { [path]: contractFile('Deposited', [id, amount, currency]) },
    );
    const short = repo.sha('main').slice(0, 7);
    const [finding] = (await diff(repo.dir)).diagnostics;
    expect(finding?.message).toContain(
      `this breaks BACKWARD compatibility with contracts/Deposited.avsc at the merge base of HEAD and main (${short}):`,
    );
    expect(finding?.location).toMatchObject({ file: path, line: lineOfField(2) });
    expect(finding?.previousLocation).toMatchObject({ file: path, line: 3 });
  });

  it('pass an empty diff and say so', async () => {
    const repo = branchRepo(
      { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config() },
      { 'README.md': 'no contract change\n' },
    );
    const result = await diff(repo.dir);
    expect(result.diagnostics).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(describeEvolution(result.evolution!)).toBe(
      `No contract changed since the merge base of HEAD and main (${repo.sha('main').slice(0, 7)}).`,
    );
  });

  // Uncommitted edits are what a developer checks before committing: the work tree is compared.
  it('compare the work tree, committed or not', async () => {
    const repo = createRepo({
      files: { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config() },
    });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${repo.dir}/${path}`, contractFile('Deposited', [id, currency]));
    expect(brief((await diff(repo.dir)).diagnostics)).toEqual([
      `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
    ]);
  });

  it('accept an intentional break through a field-scoped waiver, and show it', async () => {
    const waiver = {
      rule: 'compat/reader-field-missing-default',
      contract: name,
      field: 'currency',
      reason: 'All consumers upgraded first (ACME-12)',
      expires: '2099-12-31',
    };
    const repo = branchRepo(
      { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config({ waivers: [waiver] }) },
      { [path]: contractFile('Deposited', [id, currency]) },
    );
    const result = await diff(repo.dir);
    expect(result.diagnostics.map((d) => [d.ruleId, d.waived?.reason])).toEqual([
      ['compat/reader-field-missing-default', 'All consumers upgraded first (ACME-12)'],
    ]);
    expect(result.summary).toMatchObject({ waived: 1, errors: 0 });
    expect(result.exitCode).toBe(0);
  });
});

describe('history', () => {
  it('checks every earlier version in transitive modes, naming the commit that breaks', async () => {
    const withNote = (note: Json) => contractFile('Deposited', [id, note]);
    const repo = createRepo({
      files: {
        [path]: contractFile('Deposited', [id]),
        'kontract.config.json': modeConfig('BACKWARD_TRANSITIVE'),
      },
      commits: [
        {
          message: 'Add a note with a default',
          files: { [path]: withNote({ name: 'note', type: 'string', default: '' }) },
        },
        {
          message: 'Require the note',
          branch: 'feature',
          files: { [path]: withNote({ name: 'note', type: 'string' }) },
        },
      ],
    });
    const first = repo.sha('main~1').slice(0, 7);
    const result = await diff(repo.dir);
    expect(brief(result.diagnostics)).toEqual([
      `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
    ]);
    expect(result.diagnostics[0]?.message).toContain(
      `with contracts/Deposited.avsc at ${first} ("initial commit", 2024-01-01):`,
    );
    // The same change under BACKWARD only looks at the newest version, which has the default.
    const plain = createRepo({
      files: { [path]: contractFile('Deposited', [id]), 'kontract.config.json': modeConfig('BACKWARD') },
      commits: [
        {
          message: 'Add a note with a default',
          files: { [path]: withNote({ name: 'note', type: 'string', default: '' }) },
        },
        {
          message: 'Require the note',
          branch: 'feature',
          files: { [path]: withNote({ name: 'note', type: 'string' }) },
        },
      ],
    });
    expect((await diff(plain.dir)).diagnostics).toEqual([]);
  });

  // A contract is followed by its full name, so versions from before a move still count.
  it('follows a contract across a move in history and on the branch', async () => {
    const repo = createRepo({
      files: {
        'contracts/Deposited.avsc': contractFile('Deposited', [id]),
        'kontract.config.json': modeConfig('BACKWARD_TRANSITIVE'),
      },
      commits: [
        {
          message: 'Move into accounts, with an optional note',
          moves: { 'contracts/Deposited.avsc': 'contracts/accounts/Deposited.avsc' },
          files: {
            'contracts/accounts/Deposited.avsc': contractFile('Deposited', [
              id,
              { name: 'note', type: 'string', default: '' },
            ]),
          },
        },
        {
          message: 'Move again and require the note',
          branch: 'feature',
          moves: { 'contracts/accounts/Deposited.avsc': 'contracts/ledger/Deposited.avsc' },
          files: {
            'contracts/ledger/Deposited.avsc': contractFile('Deposited', [
              id,
              { name: 'note', type: 'string' },
            ]),
          },
        },
      ],
    });
    const [finding, ...rest] = (await diff(repo.dir)).diagnostics;
    expect(rest).toEqual([]);
    expect(finding?.location).toMatchObject({
      file: 'contracts/ledger/Deposited.avsc',
      line: lineOfField(1),
    });
    expect(finding?.previousLocation).toMatchObject({ file: 'contracts/Deposited.avsc', line: 3 });
    expect(finding?.message).toContain('with contracts/Deposited.avsc at');
  });

  it('matches a moved file without a change: nothing to report', async () => {
    const repo = branchRepo(
      { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config() },
      {},
      { [path]: 'contracts/accounts/Deposited.avsc' },
    );
    const result = await diff(repo.dir);
    expect(result.diagnostics).toEqual([]);
    expect(result.evolution?.outcomes).toEqual([
      { contract: name, status: 'unchanged', file: 'contracts/accounts/Deposited.avsc' },
    ]);
  });

  // A thousand commits of one contract cost two git processes and one pass of the engine each.
  it('reads 1,000 commits of one contract, and a binary blob among them, in seconds', async () => {
    const repo = createRepo({
      files: {
        [path]: contractFile('Deposited', [id]),
        'kontract.config.json': modeConfig('BACKWARD_TRANSITIVE'),
      },
    });
    repo.importCommits(
      Array.from({ length: 1000 }, (_, index) => ({
        message: `Revision ${index + 1}`,
        files: {
          [path]:
            index === 500
              ? new Uint8Array([0, 159, 146, 150, 0, 1])
              : contractFile('Deposited', [id, { name: 'rev', type: 'int', default: index }]),
        },
      })),
    );
    repo.commit({
      message: 'Require a currency',
      branch: 'feature',
      files: { [path]: contractFile('Deposited', [id, currency]) },
    });
    const result = await diff(repo.dir);
    expect(brief(result.diagnostics)).toEqual([
      `compat/history-version-skipped ${path}:3`,
      `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
    ]);
    // The initial version and 998 readable revisions below the newest one break the same way.
    expect(
      result.diagnostics.find((d) => d.ruleId === 'compat/reader-field-missing-default')?.message,
    ).toContain('and 999 earlier versions:');
  });
});

describe('contracts that come and go', () => {
  const other = 'contracts/Other.avsc';

  it('notes a new contract and passes', async () => {
    const repo = branchRepo(
      { [other]: contractFile('Other', [id]), 'kontract.config.json': config() },
      { [path]: contractFile('Deposited', [id]) },
    );
    const result = await diff(repo.dir);
    expect(brief(result.diagnostics)).toEqual([`compat/contract-added ${path}:3`]);
    expect(result.exitCode).toBe(0);
  });

  it('fails a deleted contract unless the config marks it retired', async () => {
    const deleted = branchRepo(
      {
        [path]: contractFile('Deposited', [id]),
        [other]: contractFile('Other', [id]),
        'kontract.config.json': config(),
      },
      { [path]: null },
    );
    const result = await diff(deleted.dir);
    expect(brief(result.diagnostics)).toEqual(['compat/contract-removed -']);
    expect(result.exitCode).toBe(1);
    const retired = branchRepo(
      {
        [path]: contractFile('Deposited', [id]),
        [other]: contractFile('Other', [id]),
        'kontract.config.json': config(),
      },
      { [path]: null, 'kontract.config.json': config({ contracts: { [name]: { retired: true } } }) },
    );
    const accepted = await diff(retired.dir);
    expect(accepted.diagnostics.map((d) => [d.ruleId, d.severity, d.location?.file])).toEqual([
      ['compat/contract-removed', 'info', 'kontract.config.json'],
    ]);
    expect(accepted.exitCode).toBe(0);
  });

  // The loader reports the broken file (exit 2); calling it deleted as well would mislead.
  it('does not take a contract file that no longer loads for a deletion', async () => {
    const repo = branchRepo(
      {
        [path]: contractFile('Deposited', [id]),
        [other]: contractFile('Other', [id]),
        'kontract.config.json': config(),
      },
      { [path]: '{ "type": "record", "name": ' },
    );
    const result = await diff(repo.dir);
    expect(brief(result.diagnostics)).toEqual([`contract/invalid-json ${path}:1`]);
    expect(result.exitCode).toBe(2);
  });

  it('reports a record renamed without an alias as one contract removed and one added', async () => {
    const repo = branchRepo(
      {
        [path]: contractFile('Deposited', [id]),
        [other]: contractFile('Other', [id]),
        'kontract.config.json': config(),
      },
      { [path]: contractFile('Credited', [id]) },
    );
    const result = await diff(repo.dir);
    expect(brief(result.diagnostics)).toEqual([
      `compat/contract-added ${path}:3`,
      'compat/contract-removed -',
    ]);
    expect(result.diagnostics.find((d) => d.ruleId === 'compat/contract-removed')?.help).toContain(
      'If it was renamed, add `"aliases": ["com.acme.Deposited"]` to the new record.',
    );
  });

  // Checking one file says nothing about the others: they are not deleted, only not selected.
  it('judges no deletions when only some files are checked', async () => {
    const repo = branchRepo(
      {
        [path]: contractFile('Deposited', [id]),
        [other]: contractFile('Other', [id]),
        'kontract.config.json': config(),
      },
      { [path]: null, [other]: contractFile('Other', [id, currency]) },
    );
    const result = await diff(repo.dir, { paths: [other] });
    expect(brief(result.diagnostics)).toEqual([
      `compat/reader-field-missing-default backward ${other}:${lineOfField(1)}`,
    ]);
  });
});

describe('base versions that cannot be read as they are', () => {
  it('fails closed on a base that does not parse, and still compares the rest', async () => {
    const repo = branchRepo(
      {
        [path]: '{ "type": "record", "name": "Deposited", "namespace": "com.acme", "fields": [\n',
        'contracts/Other.avsc': contractFile('Other', [id]),
        'kontract.config.json': config(),
      },
      {
        [path]: contractFile('Deposited', [id]),
        'contracts/Other.avsc': contractFile('Other', [id, currency]),
      },
    );
    const result = await diff(repo.dir);
    expect(brief(result.diagnostics)).toEqual([
      `compat/reader-field-missing-default backward contracts/Other.avsc:${lineOfField(1)}`,
      `workspace/base-unparseable ${path}:3`,
    ]);
    const failure = result.diagnostics.find((d) => d.ruleId === 'workspace/base-unparseable');
    expect(failure?.message).toContain(
      `could not be compared with contracts/Deposited.avsc at the merge base of HEAD and main (${repo.sha('main').slice(0, 7)})`,
    );
    expect(result.exitCode).toBe(2);
  });

  it('compares a base with defaults today’s validation rejects, and says so', async () => {
    const repo = branchRepo(
      {
        [path]: contractFile('Deposited', [id, { name: 'n', type: 'int', default: 'x' }]),
        'kontract.config.json': config(),
      },
      { [path]: contractFile('Deposited', [id, { name: 'n', type: 'int', default: 0 }, currency]) },
    );
    const result = await diff(repo.dir);
    expect(brief(result.diagnostics)).toEqual([
      `compat/base-invalid-default ${path}:3`,
      `compat/reader-field-missing-default backward ${path}:${lineOfField(2)}`,
    ]);
  });
});

describe('the base, fail closed', () => {
  function remoteWithFeature() {
    const origin = createRepo({
      files: { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config() },
      commits: [
        { message: 'Work on main', files: { 'NOTES.md': 'main moves on\n' } },
        {
          message: 'Require a currency',
          branch: 'feature',
          from: 'main~1',
          files: { [path]: contractFile('Deposited', [id, currency]) },
        },
      ],
    });
    return origin;
  }

  it('names the missing ref and the fetch that brings it (exit 2)', async () => {
    const repo = branchRepo(
      { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config() },
      {},
    );
    const result = await diff(repo.dir, { against: 'release/9' });
    expect(result.diagnostics.map((d) => [d.ruleId, d.messageId])).toEqual([
      ['workspace/git-history', 'ref-not-found'],
    ]);
    expect(result.diagnostics[0]?.message).toBe(
      'Schema evolution could not be checked: The ref "release/9" does not exist in this repository.',
    );
    expect(result.diagnostics[0]?.help).toContain('git fetch origin release/9:refs/remotes/origin/release/9');
    expect(result.exitCode).toBe(2);
  });

  it('explains a shallow clone (exit 2), and recovers with fetchMissing', async () => {
    const origin = remoteWithFeature();
    const clone = cloneRepo(origin, { depth: 1, branch: 'feature', allBranches: true });
    const shallow = await diff(clone.dir);
    expect(shallow.diagnostics.map((d) => [d.ruleId, d.messageId])).toEqual([
      ['workspace/git-history', 'shallow-clone'],
    ]);
    expect(shallow.diagnostics[0]?.help).toContain('git fetch --deepen=50 origin main');
    expect(shallow.exitCode).toBe(2);
    const fetched = await diff(clone.dir, { fetchMissing: true });
    expect(brief(fetched.diagnostics)).toEqual([
      `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
    ]);
    expect(fetched.evolution?.fetched.length).toBeGreaterThan(0);
    expect(fetched.evolution?.ref?.sha).toBe(origin.sha('main~1'));
  });

  // actions/checkout: depth 1, only the PR branch, GITHUB_BASE_REF names the base branch.
  it('fetches the base branch a CI checkout lacks, when allowed', async () => {
    const origin = remoteWithFeature();
    const clone = cloneRepo(origin, { depth: 1, branch: 'feature', detach: true });
    const env = { GITHUB_BASE_REF: 'main', GITHUB_ACTIONS: 'true' };
    const missing = await diff(clone.dir, { env });
    expect(missing.diagnostics.map((d) => d.messageId)).toEqual(['ref-not-found']);
    expect(missing.exitCode).toBe(2);
    const fetched = await diff(clone.dir, { env, fetchMissing: true });
    expect(brief(fetched.diagnostics)).toEqual([
      `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
    ]);
  });

  it('refuses unrelated histories (exit 2)', async () => {
    const repo = createRepo({
      files: { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config() },
    });
    repo.git('checkout', '-q', '--orphan', 'rewrite');
    repo.commit({ message: 'Start over', files: { [path]: contractFile('Deposited', [id, currency]) } });
    const result = await diff(repo.dir);
    expect(result.diagnostics.map((d) => d.messageId)).toEqual(['unrelated-histories']);
    expect(result.exitCode).toBe(2);
    // An explicit ref needs no merge base: the comparison runs.
    const explicit = await diff(repo.dir, { against: 'main' });
    expect(brief(explicit.diagnostics)).toEqual([
      `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
    ]);
  });

  it('works from a detached HEAD, as in CI', async () => {
    const repo = branchRepo(
      { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config() },
      { [path]: contractFile('Deposited', [id, currency]) },
    );
    repo.checkout('feature', { detach: true });
    expect(brief((await diff(repo.dir)).diagnostics)).toEqual([
      `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
    ]);
  });

  it('is an error outside a git repository', async () => {
    const dir = tempDirectory();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(`${dir}/contracts`);
    writeFileSync(`${dir}/${path}`, contractFile('Deposited', [id]));
    const result = await diff(dir);
    expect(result.diagnostics.map((d) => [d.ruleId, d.messageId])).toEqual([
      ['workspace/git-history', 'not-a-repository'],
    ]);
    expect(result.exitCode).toBe(2);
  });
});

describe('check', () => {
  it('adds schema evolution to the lint findings in a git repository', async () => {
    const repo = branchRepo(
      { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config() },
      { [path]: contractFile('Deposited', [id, currency]) },
    );
    const result = await runCheck({ cwd: repo.dir, env: {} });
    expect(brief(result.diagnostics).filter((line) => line.startsWith('compat/'))).toEqual([
      `compat/reader-field-missing-default backward ${path}:${lineOfField(1)}`,
    ]);
    expect(result.exitCode).toBe(1);
  });

  // Without version control there is no earlier version: nothing is said, as for loose files.
  it('does not check evolution outside git, and reports nothing about it', async () => {
    const dir = tempDirectory();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(`${dir}/contracts`);
    writeFileSync(`${dir}/${path}`, contractFile('Deposited', [id]));
    const result = await runCheck({ cwd: dir, env: {} });
    expect(
      result.diagnostics.filter((d) => d.ruleId.startsWith('compat/') || d.ruleId.startsWith('workspace/')),
    ).toEqual([]);
  });

  it('says evolution was not checked in a repository without a base branch', async () => {
    const repo = createRepo({
      defaultBranch: 'trunk',
      files: { [path]: contractFile('Deposited', [id]), 'kontract.config.json': config() },
    });
    const result = await runCheck({ cwd: repo.dir, env: {} });
    const notes = result.diagnostics.filter((d) => d.ruleId === 'compat/not-checked');
    expect(notes.map((d) => [d.severity, d.message])).toEqual([
      [
        'info',
        'Schema evolution was not checked: No base to compare against: none of origin/main, main, origin/master, master exists, and GITHUB_BASE_REF is not set.',
      ],
    ]);
    // With --against the same situation fails the run.
    const strict = await runCheck({ cwd: repo.dir, env: {}, against: 'main' });
    expect(
      strict.diagnostics.filter((d) => d.ruleId === 'workspace/git-history').map((d) => d.messageId),
    ).toEqual(['ref-not-found']);
    expect(strict.exitCode).toBe(2);
  });
});
