import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceFile } from '../../src/contracts/model.ts';
import { HistoryError, readFilesAtCommit } from '../../src/history/index.ts';
import { createRepo, removeTestRepos } from '../support/git-repo.ts';

afterAll(removeTestRepos);

const text = (files: SourceFile[]) =>
  Object.fromEntries(files.map((file) => [file.path, new TextDecoder().decode(file.bytes)]));

describe('readFilesAtCommit', () => {
  it('returns the included files as they were at the commit, sorted, with exclusions applied', async () => {
    const repo = createRepo({
      files: {
        'contracts/accounts/AccountOpened.avsc': 'opened v1',
        'contracts/accounts/MoneyDeposited.avsc': 'deposited v1',
        'contracts/orders/OrderPlaced.avsc': 'placed v1',
        'contracts/legacy/OrderCreated.avsc': 'legacy',
        'contracts/README.md': 'not a contract',
        'src/index.ts': 'code',
      },
    });
    const first = repo.sha();
    repo.commit({
      message: 'change',
      files: {
        'contracts/accounts/MoneyDeposited.avsc': 'deposited v2',
        'contracts/orders/OrderPlaced.avsc': null,
      },
    });
    const files = await readFilesAtCommit({
      cwd: repo.dir,
      sha: first,
      include: ['contracts/**/*.avsc'],
      exclude: ['contracts/legacy/**'],
    });
    expect(text(files)).toEqual({
      'contracts/accounts/AccountOpened.avsc': 'opened v1',
      'contracts/accounts/MoneyDeposited.avsc': 'deposited v1',
      'contracts/orders/OrderPlaced.avsc': 'placed v1',
    });
    expect(files.map((file) => file.path)).toEqual(Object.keys(text(files)).sort());
    expect(
      text(await readFilesAtCommit({ cwd: repo.dir, sha: 'HEAD', include: ['contracts/**/*.avsc'] })),
    ).toEqual({
      'contracts/accounts/AccountOpened.avsc': 'opened v1',
      'contracts/accounts/MoneyDeposited.avsc': 'deposited v2',
      'contracts/legacy/OrderCreated.avsc': 'legacy',
    });
  });

  // Monorepos keep the config in a package directory: paths in and out are relative to it, not to the repository.
  it('works from a project directory inside the repository', async () => {
    const repo = createRepo({
      files: {
        'services/payments/contracts/PaymentApproved.avsc': 'approved',
        'services/payments/kontract.config.json': '{}',
        'services/orders/contracts/OrderPlaced.avsc': 'placed',
        'contracts/Shared.avsc': 'shared',
      },
    });
    const files = await readFilesAtCommit({
      cwd: join(repo.dir, 'services/payments'),
      sha: 'HEAD',
      include: ['contracts/**/*.avsc'],
    });
    expect(text(files)).toEqual({ 'contracts/PaymentApproved.avsc': 'approved' });
  });

  // A pattern without glob characters names a file or a directory, as in the config's include list.
  it('accepts plain paths: a file, or a directory meaning the .avsc files under it', async () => {
    const repo = createRepo({
      files: {
        'contracts/A.avsc': 'a',
        'contracts/nested/B.avsc': 'b',
        'contracts/notes.txt': 'notes',
        'extra/Single.avsc': 'single',
        'extra/Other.avsc': 'other',
      },
    });
    const files = await readFilesAtCommit({
      cwd: repo.dir,
      sha: 'HEAD',
      include: ['./contracts/', 'extra/Single.avsc'],
      exclude: ['contracts/nested'],
    });
    expect(text(files)).toEqual({ 'contracts/A.avsc': 'a', 'extra/Single.avsc': 'single' });
  });

  it('keeps non-ASCII and space-containing paths as they are (core.quotepath=off, -z)', async () => {
    const repo = createRepo({
      files: { 'contracts/Zahlung eingegangen – ü.avsc': 'ü', 'contracts/"q".avsc': 'q' },
    });
    const files = await readFilesAtCommit({ cwd: repo.dir, sha: 'HEAD', include: ['contracts/*.avsc'] });
    expect(text(files)).toEqual({ 'contracts/"q".avsc': 'q', 'contracts/Zahlung eingegangen – ü.avsc': 'ü' });
  });

  // The caller reports binary and huge files; reading them must not fail or alter a byte.
  it('returns binary and large blobs byte for byte', async () => {
    const binary = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256);
    const repo = createRepo({ files: { 'contracts/Blob.avsc': binary, 'contracts/Text.avsc': '{}' } });
    const files = await readFilesAtCommit({ cwd: repo.dir, sha: 'HEAD', include: ['contracts/*.avsc'] });
    expect(files.map((file) => file.path)).toEqual(['contracts/Blob.avsc', 'contracts/Text.avsc']);
    expect(files[0]!.bytes).toEqual(binary);
  });

  // The working-tree loader follows links on disk; at a commit the same file must appear.
  it('follows symbolic links inside the repository and skips dangling ones', async () => {
    const repo = createRepo({ files: { 'shared/Money.avsc': 'money' } });
    symlinkSync('Money.avsc', join(repo.dir, 'shared/Link.avsc'));
    symlinkSync('Missing.avsc', join(repo.dir, 'shared/Dangling.avsc'));
    symlinkSync('/etc/hostname', join(repo.dir, 'shared/Outside.avsc'));
    repo.commit({ message: 'links' });
    const files = await readFilesAtCommit({ cwd: repo.dir, sha: 'HEAD', include: ['shared/*.avsc'] });
    expect(text(files)).toEqual({ 'shared/Link.avsc': 'money', 'shared/Money.avsc': 'money' });
  });

  it('returns nothing for an empty include list', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a' } });
    expect(await readFilesAtCommit({ cwd: repo.dir, sha: 'HEAD', include: [] })).toEqual([]);
  });

  it('names a commit that does not exist', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a' } });
    const missing = 'f'.repeat(40);
    const error = await readFilesAtCommit({
      cwd: repo.dir,
      sha: missing,
      include: ['contracts/*.avsc'],
    }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(HistoryError);
    expect(error).toMatchObject({
      code: 'ref-not-found',
      message: `The ref "${missing}" does not exist in this repository.`,
    });
  });

  it('reads 1,000 contract files through one ls-tree and one cat-file (timing printed)', async () => {
    const repo = createRepo();
    repo.git('commit', '-q', '--allow-empty', '-m', 'root');
    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) {
      files[`contracts/domain${i % 10}/Event${i}.avsc`] = JSON.stringify({
        type: 'record',
        name: `Event${i}`,
        namespace: 'com.acme',
        fields: [{ name: 'id', type: 'string' }],
      });
    }
    repo.importCommits([{ message: 'a thousand contracts', files }]);
    const started = performance.now();
    const read = await readFilesAtCommit({ cwd: repo.dir, sha: 'HEAD', include: ['contracts/**/*.avsc'] });
    const elapsed = performance.now() - started;
    console.log(`readFilesAtCommit: 1,000 files in ${elapsed.toFixed(0)} ms`);
    expect(read).toHaveLength(1000);
    expect(text(read)['contracts/domain7/Event777.avsc']).toBe(files['contracts/domain7/Event777.avsc']);
  });
});
