import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { groupVersions, type HistoricalVersion, HistoryError, readHistory } from '../../src/history/index.ts';
import { cloneRepo, createRepo, removeTestRepos } from '../support/git-repo.ts';

afterAll(removeTestRepos);

const decoder = new TextDecoder();
const include = ['contracts/**/*.avsc'];

/** path@subject=content, the shape most assertions compare. */
const summary = (versions: HistoricalVersion[]) =>
  versions.map((version) => `${version.path}@${version.commit.subject}=${decoder.decode(version.bytes)}`);

const record = (name: string, fields: string[]) =>
  JSON.stringify({
    type: 'record',
    name,
    namespace: 'com.acme',
    fields: fields.map((f) => ({ name: f, type: 'string' })),
  });

describe('readHistory', () => {
  it('returns each distinct version oldest first, with the commit that introduced it', async () => {
    const repo = createRepo({
      files: { 'contracts/A.avsc': 'a1', 'contracts/B.avsc': 'b1', 'notes.md': 'n1' },
    });
    repo.commit({ message: 'edit A', files: { 'contracts/A.avsc': 'a2' } });
    repo.commit({ message: 'edit notes only', files: { 'notes.md': 'n2' } });
    const third = repo.commit({
      message: 'edit both',
      files: { 'contracts/A.avsc': 'a3', 'contracts/B.avsc': 'b2' },
    });
    const versions = await readHistory({ cwd: repo.dir, until: 'HEAD', include });
    expect(summary(versions)).toEqual([
      'contracts/A.avsc@initial commit=a1',
      'contracts/B.avsc@initial commit=b1',
      'contracts/A.avsc@edit A=a2',
      'contracts/A.avsc@edit both=a3',
      'contracts/B.avsc@edit both=b2',
    ]);
    const last = versions[3]!;
    expect(last.commit).toEqual({ sha: third, date: '2024-01-01T00:04:00+00:00', subject: 'edit both' });
    expect(last.change).toBe('modified');
    expect(last.blob).toBe(repo.git('rev-parse', `${third}:contracts/A.avsc`));
    expect(last.lineage).toBe(versions[0]!.lineage);
    expect(last.lineage).toEqual({
      id: `${versions[0]!.commit.sha}:contracts/A.avsc`,
      paths: ['contracts/A.avsc'],
      pathAtUntil: 'contracts/A.avsc',
    });
  });

  it('stops at `until` and includes its own versions', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a1' } });
    const base = repo.commit({ message: 'base', files: { 'contracts/A.avsc': 'a2' } });
    repo.commit({ message: 'after base', files: { 'contracts/A.avsc': 'a3' } });
    const versions = await readHistory({ cwd: repo.dir, until: base, include });
    expect(summary(versions)).toEqual(['contracts/A.avsc@initial commit=a1', 'contracts/A.avsc@base=a2']);
  });

  // A move changes the path, not the contract: the caller chains versions through the lineage.
  it('follows a renamed and moved file, with and without a content change', async () => {
    const v1 = record('MoneyDeposited', ['id', 'amount', 'currency', 'accountId', 'occurredAt']);
    const v2 = record('MoneyDeposited', ['id', 'amount', 'currency', 'accountId', 'occurredAt', 'channel']);
    const repo = createRepo({ files: { 'contracts/Deposit.avsc': v1 } });
    repo.commit({ message: 'rename', moves: { 'contracts/Deposit.avsc': 'contracts/MoneyDeposited.avsc' } });
    repo.commit({
      message: 'move and extend',
      moves: { 'contracts/MoneyDeposited.avsc': 'contracts/accounts/MoneyDeposited.avsc' },
      files: { 'contracts/accounts/MoneyDeposited.avsc': v2 },
    });
    const versions = await readHistory({ cwd: repo.dir, until: 'HEAD', include });
    expect(versions.map((version) => [version.path, version.change, version.previousPath])).toEqual([
      ['contracts/Deposit.avsc', 'added', undefined],
      ['contracts/accounts/MoneyDeposited.avsc', 'renamed', 'contracts/MoneyDeposited.avsc'],
    ]);
    expect(versions[1]!.lineage).toBe(versions[0]!.lineage);
    expect(versions[0]!.lineage.paths).toEqual([
      'contracts/Deposit.avsc',
      'contracts/MoneyDeposited.avsc',
      'contracts/accounts/MoneyDeposited.avsc',
    ]);
    expect(versions[0]!.lineage.pathAtUntil).toBe('contracts/accounts/MoneyDeposited.avsc');
  });

  it('marks deleted files, and starts a new lineage when the path is used again', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a1', 'contracts/B.avsc': 'b1' } });
    const deletion = repo.commit({ message: 'retire B', files: { 'contracts/B.avsc': null } });
    repo.commit({ message: 'new B', files: { 'contracts/B.avsc': 'b-new' } });
    const versions = await readHistory({ cwd: repo.dir, until: 'HEAD', include });
    expect(summary(versions)).toEqual([
      'contracts/A.avsc@initial commit=a1',
      'contracts/B.avsc@initial commit=b1',
      'contracts/B.avsc@new B=b-new',
    ]);
    const [, oldB, newB] = versions;
    expect(oldB!.lineage.deletedIn).toMatchObject({ sha: deletion, subject: 'retire B' });
    expect(oldB!.lineage.pathAtUntil).toBeUndefined();
    expect(newB!.lineage).not.toBe(oldB!.lineage);
    expect(newB!.lineage.pathAtUntil).toBe('contracts/B.avsc');
  });

  // Registering the same schema twice yields one version in a registry; history behaves the same.
  it('does not repeat a content the file had before (a revert)', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a1' } });
    repo.commit({ message: 'change', files: { 'contracts/A.avsc': 'a2' } });
    repo.commit({ message: 'revert', files: { 'contracts/A.avsc': 'a1' } });
    const versions = await readHistory({ cwd: repo.dir, until: 'HEAD', include });
    expect(summary(versions)).toEqual(['contracts/A.avsc@initial commit=a1', 'contracts/A.avsc@change=a2']);
  });

  // Work-in-progress commits of a merged branch never reached main; by default only main's states count.
  it('walks the first-parent chain by default and every commit with firstParent: false', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a1' } });
    repo.commit({ message: 'wip 1', branch: 'feature', files: { 'contracts/A.avsc': 'a-wip' } });
    repo.commit({ message: 'wip 2', files: { 'contracts/A.avsc': 'a2' } });
    repo.commit({ message: 'other on main', branch: 'main', files: { 'contracts/B.avsc': 'b1' } });
    repo.commit({ message: 'Merge feature', merge: 'feature' });
    const mainline = await readHistory({ cwd: repo.dir, until: 'HEAD', include });
    expect(summary(mainline)).toEqual([
      'contracts/A.avsc@initial commit=a1',
      'contracts/B.avsc@other on main=b1',
      'contracts/A.avsc@Merge feature=a2',
    ]);
    const everything = await readHistory({ cwd: repo.dir, until: 'HEAD', include, firstParent: false });
    expect(summary(everything).sort()).toEqual(
      [
        'contracts/A.avsc@initial commit=a1',
        'contracts/A.avsc@wip 1=a-wip',
        'contracts/A.avsc@wip 2=a2',
        'contracts/B.avsc@other on main=b1',
      ].sort(),
    );
  });

  it('keeps only the newest versions of each file with maxVersionsPerFile', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a1', 'contracts/B.avsc': 'b1' } });
    repo.commit({ message: 'two', files: { 'contracts/A.avsc': 'a2' } });
    repo.commit({ message: 'three', files: { 'contracts/A.avsc': 'a3' } });
    const versions = await readHistory({ cwd: repo.dir, until: 'HEAD', include, maxVersionsPerFile: 2 });
    expect(summary(versions)).toEqual([
      'contracts/B.avsc@initial commit=b1',
      'contracts/A.avsc@two=a2',
      'contracts/A.avsc@three=a3',
    ]);
  });

  it('applies include and exclude patterns and works from a project subdirectory', async () => {
    const repo = createRepo({
      files: {
        'svc/contracts/A.avsc': 'a1',
        'svc/contracts/legacy/Old.avsc': 'old',
        'svc/contracts/A.json': 'not included',
        'contracts/Elsewhere.avsc': 'other project',
      },
    });
    repo.commit({
      message: 'edit',
      files: { 'svc/contracts/A.avsc': 'a2', 'svc/contracts/legacy/Old.avsc': 'old2' },
    });
    const versions = await readHistory({
      cwd: join(repo.dir, 'svc'),
      until: 'HEAD',
      include,
      exclude: ['contracts/legacy/**'],
    });
    expect(summary(versions)).toEqual(['contracts/A.avsc@initial commit=a1', 'contracts/A.avsc@edit=a2']);
  });

  // A binary file matching the globs must come back as bytes for the caller to report, not break the walk.
  it('returns a binary blob in history byte for byte', async () => {
    const binary = Uint8Array.from([0, 159, 146, 150, 0, 10, 0x1e, 0x1f, 58, 255]);
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a1' } });
    repo.commit({ message: 'oops, binary', files: { 'contracts/A.avsc': binary } });
    repo.commit({ message: 'fixed', files: { 'contracts/A.avsc': 'a2' } });
    const versions = await readHistory({ cwd: repo.dir, until: 'HEAD', include });
    expect(versions.map((version) => version.commit.subject)).toEqual([
      'initial commit',
      'oops, binary',
      'fixed',
    ]);
    expect(versions[1]!.bytes).toEqual(binary);
  });

  it('names an `until` that does not exist', async () => {
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a1' } });
    const error = await readHistory({ cwd: repo.dir, until: 'origin/main', include }).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(HistoryError);
    expect(error).toMatchObject({
      code: 'ref-not-found',
      hint: expect.stringContaining('git fetch origin main'),
    });
  });

  it('reads 1,000 commits of one contract (timing printed)', async () => {
    const repo = createRepo({ files: { 'README.md': 'history' } });
    const commits = Array.from({ length: 1000 }, (_, i) => ({
      message: `Evolve MoneyDeposited #${i}`,
      files: {
        'contracts/MoneyDeposited.avsc': record(
          'MoneyDeposited',
          Array.from({ length: 1 + (i % 40) }, (_, f) => `field${f}_${i}`),
        ),
      },
    }));
    repo.importCommits(commits);
    const started = performance.now();
    const versions = await readHistory({ cwd: repo.dir, until: 'HEAD', include });
    const elapsed = performance.now() - started;
    console.log(`readHistory: 1,000 commits of one contract in ${elapsed.toFixed(0)} ms`);
    expect(versions).toHaveLength(1000);
    expect(versions[999]!.commit.subject).toBe('Evolve MoneyDeposited #999');
    expect(decoder.decode(versions[500]!.bytes)).toBe(commits[500]!.files['contracts/MoneyDeposited.avsc']);
  });
});

describe('readHistory in a shallow clone', () => {
  function shallowClone() {
    const repo = createRepo({ files: { 'contracts/A.avsc': 'a1' } });
    repo.commit({ message: 'two', files: { 'contracts/A.avsc': 'a2' } });
    repo.commit({ message: 'three', files: { 'contracts/A.avsc': 'a3' } });
    return cloneRepo(repo, { depth: 1 });
  }

  // A transitive check over a cut history would pass without having seen the older versions.
  it('refuses a history cut by a shallow clone, with the fix', async () => {
    const clone = shallowClone();
    const error = await readHistory({ cwd: clone.dir, until: 'HEAD', include }).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(HistoryError);
    expect(error).toMatchObject({
      code: 'shallow-clone',
      message: `The history of ${clone.sha().slice(0, 7)} is cut off by a shallow clone, so earlier versions of the contracts are missing (transitive compatibility needs all of them).`,
      hint: expect.stringContaining('git fetch --unshallow'),
    });
  });

  it('returns what is there with allowShallow, and the whole history with fetchMissing', async () => {
    const clone = shallowClone();
    const partial = await readHistory({ cwd: clone.dir, until: 'HEAD', include, allowShallow: true });
    expect(summary(partial)).toEqual(['contracts/A.avsc@three=a3']);
    const fetched: string[] = [];
    const complete = await readHistory({
      cwd: clone.dir,
      until: 'HEAD',
      include,
      fetchMissing: true,
      onFetch: (command) => fetched.push(command),
    });
    expect(fetched).toEqual(['git fetch --no-tags --quiet --unshallow origin']);
    expect(summary(complete)).toEqual([
      'contracts/A.avsc@initial commit=a1',
      'contracts/A.avsc@two=a2',
      'contracts/A.avsc@three=a3',
    ]);
  });
});

describe('groupVersions on real history', () => {
  // Git sees a rewrite into another file as delete + add; the full name inside still ties the versions together.
  it('chains a contract moved to a file git does not see as a rename, by full name', async () => {
    const repo = createRepo({ files: { 'contracts/Deposit.avsc': record('MoneyDeposited', ['id']) } });
    repo.commit({
      message: 'rewrite into the accounts folder',
      files: {
        'contracts/Deposit.avsc': null,
        'contracts/accounts/MoneyDeposited.avsc': JSON.stringify(
          { namespace: 'com.acme', type: 'record', name: 'MoneyDeposited', doc: 'rewritten', fields: [] },
          null,
          4,
        ),
        'contracts/accounts/Broken.avsc': '{ not json',
      },
    });
    const versions = await readHistory({ cwd: repo.dir, until: 'HEAD', include });
    expect(versions.map((version) => version.change)).toEqual(['added', 'added', 'added']);
    const fullName = (version: HistoricalVersion) => {
      try {
        const schema = JSON.parse(decoder.decode(version.bytes)) as { namespace: string; name: string };
        return `${schema.namespace}.${schema.name}`;
      } catch {
        return undefined;
      }
    };
    const { groups, unkeyed } = groupVersions(versions, fullName);
    expect([...groups.keys()]).toEqual(['com.acme.MoneyDeposited']);
    expect(groups.get('com.acme.MoneyDeposited')!.map((version) => version.path)).toEqual([
      'contracts/Deposit.avsc',
      'contracts/accounts/MoneyDeposited.avsc',
    ]);
    expect(unkeyed.map((version) => version.path)).toEqual(['contracts/accounts/Broken.avsc']);
  });
});
