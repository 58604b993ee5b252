/**
 * Property tests for the pure parts of the git adapter: the parsers of git's output (round trips
 * through the exact byte formats git writes) and the engines (file lineages, grouping, trimming,
 * path filtering) against simple models.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BatchObject, parseCatFileBatch } from '../../src/history/git.ts';
import { groupVersions } from '../../src/history/group-versions.ts';
import { createPathFilter, literalRoot, rootPaths } from '../../src/history/path-filter.ts';
import { parseLsTree, type TreeEntry } from '../../src/history/read-files-at-commit.ts';
import {
  type CommitInfo,
  collectVersions,
  type FileLineage,
  type HistoricalVersion,
  keepNewestVersions,
  type LogCommit,
  parseLog,
  type RawChange,
} from '../../src/history/read-history.ts';
import { propertyRuns } from '../support/property.ts';

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

/** Path characters, including those that break naive parsers: newlines, git's separators, quotes, a leading ':'. */
const awkwardPath = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...'abcxyz/._-') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('\n', '\x1e', '\x1f', ':', ' ', '"', '\t', '\\', 'é', '日', '🙂'),
    },
  ),
  minLength: 1,
  maxLength: 24,
});

describe('parseLog', () => {
  const change = fc.oneof(
    fc.record({
      status: fc.constantFrom('A', 'M', 'D', 'T'),
      oldMode: fc.constantFrom('000000', '100644', '120000'),
      newMode: fc.constantFrom('000000', '100644', '100755'),
      newBlob: hex(40),
      path: awkwardPath,
    }),
    fc.record({
      status: fc.constantFrom('R', 'C'),
      oldMode: fc.constant('100644'),
      newMode: fc.constant('100644'),
      newBlob: hex(40),
      path: awkwardPath,
      oldPath: awkwardPath,
    }),
  );
  const commit = fc.record({
    sha: hex(40),
    date: fc.constantFrom('2024-01-01T00:00:00+00:00', '2023-12-31T23:59:59-05:30'),
    subject: fc.string({ unit: fc.constantFrom(...'ab :\x1f\x1e"é'), maxLength: 12 }),
    changes: fc.array(change, { maxLength: 4 }),
  });

  /** The bytes `git log -z --raw --no-abbrev --format=%x1e%H%x1f%cI%x1f%s` writes. */
  const render = (commits: LogCommit[]) =>
    commits
      .map((c) => {
        const header = `\x1e${c.sha}\x1f${c.date}\x1f${c.subject}\0`;
        const raw = c.changes.map((ch) => {
          const score = ch.status === 'R' || ch.status === 'C' ? '087' : '';
          const meta = `:${ch.oldMode} ${ch.newMode} ${'0'.repeat(40)} ${ch.newBlob} ${ch.status}${score}\0`;
          return ch.oldPath === undefined ? `${meta}${ch.path}\0` : `${meta}${ch.oldPath}\0${ch.path}\0`;
        });
        return raw.length === 0 ? header : `${header}\n${raw.join('')}`;
      })
      .join('');

  it('reads back every commit and change git can write, whatever the paths contain', () => {
    fc.assert(
      fc.property(fc.array(commit, { maxLength: 6 }), (commits) => {
        expect(parseLog(render(commits as LogCommit[]))).toEqual(commits);
      }),
      propertyRuns(300),
    );
  });
});

describe('parseCatFileBatch', () => {
  const answer: fc.Arbitrary<BatchObject> = fc.oneof(
    fc
      .record({
        oid: hex(40),
        type: fc.constantFrom('blob', 'tree'),
        bytes: fc.uint8Array({ maxLength: 64 }),
      })
      .map(({ oid, type, bytes }) => ({ kind: 'object' as const, name: oid, oid, type, bytes })),
    fc
      .string({ unit: fc.constantFrom(...'HEAD:contracts/a.avsc'), minLength: 1 })
      .map((name) => ({ kind: 'missing' as const, name })),
    fc
      .record({
        name: fc.constantFrom('HEAD:a', 'HEAD:b/c'),
        reason: fc.constantFrom('symlink' as const, 'dangling' as const, 'loop' as const, 'notdir' as const),
        detail: fc.string({ unit: fc.constantFrom(...'/etc.x\n') }),
      })
      .map((link) => ({ kind: 'unresolved-link' as const, ...link })),
  );

  /** The bytes `git cat-file --batch --follow-symlinks` writes for each answer. */
  const render = (answers: BatchObject[]) =>
    Buffer.concat(
      answers.map((a) => {
        if (a.kind === 'missing') return Buffer.from(`${a.name} missing\n`);
        if (a.kind === 'unresolved-link') {
          const detail = Buffer.from(a.detail);
          return Buffer.concat([Buffer.from(`${a.reason} ${detail.length}\n`), detail, Buffer.from('\n')]);
        }
        return Buffer.concat([
          Buffer.from(`${a.oid} ${a.type} ${a.bytes.length}\n`),
          a.bytes,
          Buffer.from('\n'),
        ]);
      }),
    );

  // Contents hold arbitrary bytes, newlines and text that looks like a header: sizes alone must delimit them.
  it('reads back every answer byte for byte', () => {
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 8 }), (answers) => {
        const parsed = parseCatFileBatch(
          render(answers),
          answers.map((a) => a.name),
        );
        expect(parsed).toEqual(answers);
        for (const object of parsed)
          if (object.kind === 'object') expect(object.bytes.constructor).toBe(Uint8Array);
      }),
      propertyRuns(300),
    );
  });

  it('rejects output that ends inside an object', () => {
    const output = Buffer.from(`${'a'.repeat(40)} blob 10\nshort\n`);
    expect(() => parseCatFileBatch(output, ['a'.repeat(40)])).toThrow('cat-file output is truncated');
  });
});

describe('parseLsTree', () => {
  const entry: fc.Arbitrary<TreeEntry> = fc.record({
    mode: fc.constantFrom('100644', '100755', '120000', '160000', '040000'),
    type: fc.constantFrom('blob', 'commit', 'tree'),
    oid: hex(40),
    path: awkwardPath,
  });
  it('reads back every entry of `ls-tree -r -z`', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const output = entries.map((e) => `${e.mode} ${e.type} ${e.oid}\t${e.path}\0`).join('');
        expect(parseLsTree(output)).toEqual(entries);
      }),
      propertyRuns(300),
    );
  });
});

describe('collectVersions', () => {
  const universe = ['contracts/a.avsc', 'contracts/b.avsc', 'contracts/c/d.avsc', 'other/e.avsc'];
  const inScope = (path: string) => (path.startsWith('contracts/') ? path : undefined);
  type Intent = {
    kind: 'add' | 'modify' | 'delete' | 'rename' | 'swap';
    i: number;
    j: number;
    content: number;
  };
  const intent = fc.record({
    kind: fc.constantFrom('add', 'modify', 'delete', 'rename', 'swap'),
    i: fc.nat(universe.length - 1),
    j: fc.nat(universe.length - 1),
    content: fc.nat(5),
  }) as fc.Arbitrary<Intent>;

  interface ModelLineage {
    id: string;
    paths: string[];
    blobs: string[];
    deletedIn?: string;
    pathAtUntil?: string;
  }

  /**
   * Applies intents one per commit to a model that moves lineages one rename at a time (a swap is
   * computed from a snapshot), and renders each commit as git's raw changes.
   */
  function simulate(intents: Intent[], reverseOrder: boolean) {
    const files = new Map<string, { blob: string; lineage?: ModelLineage }>();
    const lineages: ModelLineage[] = [];
    const commits: LogCommit[] = [];
    const start = (sha: string, path: string, blob: string) => {
      const lineage: ModelLineage = { id: `${sha}:${path}`, paths: [path], blobs: [blob] };
      lineages.push(lineage);
      return lineage;
    };
    const moved = (
      sha: string,
      entry: { blob: string; lineage?: ModelLineage },
      to: string,
      blob: string,
    ) => {
      if (inScope(to) === undefined) {
        if (entry.lineage) entry.lineage.deletedIn = sha;
        return { blob };
      }
      if (!entry.lineage) return { blob, lineage: start(sha, to, blob) };
      entry.lineage.paths.push(to);
      if (!entry.lineage.blobs.includes(blob)) entry.lineage.blobs.push(blob);
      return { blob, lineage: entry.lineage };
    };
    intents.forEach((step, index) => {
      const sha = `commit${index}`;
      const a = universe[step.i]!;
      const b = universe[step.j]!;
      const blob = `blob${step.content}`;
      const change = (status: string, path: string, newBlob: string, oldPath?: string): RawChange => ({
        status,
        oldMode: status === 'A' ? '000000' : '100644',
        newMode: status === 'D' ? '000000' : '100644',
        newBlob,
        path,
        ...(oldPath === undefined ? {} : { oldPath }),
      });
      let changes: RawChange[] = [];
      const entryA = files.get(a);
      const entryB = files.get(b);
      if (step.kind === 'add' && !entryA) {
        files.set(a, { blob, ...(inScope(a) ? { lineage: start(sha, a, blob) } : {}) });
        changes = [change('A', a, blob)];
      } else if (step.kind === 'modify' && entryA && entryA.blob !== blob) {
        entryA.blob = blob;
        if (entryA.lineage && !entryA.lineage.blobs.includes(blob)) entryA.lineage.blobs.push(blob);
        changes = [change('M', a, blob)];
      } else if (step.kind === 'delete' && entryA) {
        files.delete(a);
        if (entryA.lineage) entryA.lineage.deletedIn = sha;
        changes = [change('D', a, '0'.repeat(40))];
      } else if (step.kind === 'rename' && entryA && !entryB && a !== b) {
        // Even contents move unchanged; odd ones are edited in the same commit (a rename with changes).
        const newBlob = step.content % 2 === 0 ? entryA.blob : blob;
        files.delete(a);
        files.set(b, moved(sha, entryA, b, newBlob));
        changes = [change('R', b, newBlob, a)];
      } else if (step.kind === 'swap' && entryA && entryB && a !== b) {
        const toB = moved(sha, entryA, b, entryA.blob);
        const toA = moved(sha, entryB, a, entryB.blob);
        files.set(a, toA);
        files.set(b, toB);
        changes = [change('R', b, entryA.blob, a), change('R', a, entryB.blob, b)];
      }
      if (changes.length === 0) return;
      if (reverseOrder) changes.reverse();
      commits.push({ sha, date: '2024-01-01T00:00:00+00:00', subject: `step ${index}`, changes });
    });
    for (const [path, entry] of files) if (entry.lineage) entry.lineage.pathAtUntil = path;
    return { commits, lineages };
  }

  // The two-phase walk must agree with a model that applies one rename at a time, swaps included.
  it('follows every file like a step-by-step model: identity, paths, distinct contents, deletion', () => {
    fc.assert(
      fc.property(fc.array(intent, { maxLength: 30 }), fc.boolean(), (intents, reverseOrder) => {
        const { commits, lineages } = simulate(intents, reverseOrder);
        const versions = collectVersions(commits, inScope);
        const byLineage = new Map<FileLineage, typeof versions>();
        for (const version of versions)
          byLineage.set(version.lineage, [...(byLineage.get(version.lineage) ?? []), version]);
        const actual = [...byLineage].map(([lineage, own]) => ({
          id: lineage.id,
          paths: lineage.paths,
          blobs: own.map((version) => version.blob),
          ...(lineage.deletedIn ? { deletedIn: lineage.deletedIn.sha } : {}),
          ...(lineage.pathAtUntil ? { pathAtUntil: lineage.pathAtUntil } : {}),
        }));
        expect(actual).toEqual(lineages.map((lineage) => ({ ...lineage })));
        const order = versions.map((version) =>
          commits.findIndex((commit) => commit.sha === version.commit.sha),
        );
        expect(order).toEqual([...order].sort((x, y) => x - y));
      }),
      propertyRuns(400),
    );
  });

  it('describes each version by what its commit did', () => {
    const commit = (sha: string, changes: RawChange[]): LogCommit => ({
      sha,
      date: 'd',
      subject: sha,
      changes,
    });
    const raw = (status: string, path: string, newBlob: string, oldPath?: string): RawChange => ({
      status,
      oldMode: '100644',
      newMode: '100644',
      newBlob,
      path,
      ...(oldPath ? { oldPath } : {}),
    });
    const versions = collectVersions(
      [
        commit('c1', [raw('A', 'contracts/a.avsc', 'x1'), raw('A', 'other/e.avsc', 'y1')]),
        commit('c2', [raw('R', 'contracts/b.avsc', 'x2', 'contracts/a.avsc')]),
        commit('c3', [raw('R', 'contracts/e.avsc', 'y1', 'other/e.avsc')]),
        commit('c4', [
          raw('C', 'contracts/f.avsc', 'x3', 'contracts/b.avsc'),
          raw('M', 'contracts/b.avsc', 'x4'),
        ]),
        commit('c5', [{ ...raw('T', 'contracts/b.avsc', 'link'), newMode: '120000' }]),
      ],
      inScope,
    );
    expect(versions.map((v) => [v.commit.sha, v.path, v.change, v.previousPath])).toEqual([
      ['c1', 'contracts/a.avsc', 'added', undefined],
      ['c2', 'contracts/b.avsc', 'renamed', 'contracts/a.avsc'],
      ['c3', 'contracts/e.avsc', 'renamed', 'other/e.avsc'],
      ['c4', 'contracts/f.avsc', 'copied', 'contracts/b.avsc'],
      ['c4', 'contracts/b.avsc', 'modified', undefined],
    ]);
    // Turning into a symbolic link ends the file as a contract, like a deletion.
    expect(versions[0]!.lineage.deletedIn?.sha).toBe('c5');
  });
});

describe('keepNewestVersions', () => {
  it('keeps the last `limit` versions of each file and the overall order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(3), { maxLength: 30 }), fc.nat(5), (owners, limit) => {
        const lineages = [0, 1, 2, 3].map((i) => ({ id: `l${i}`, paths: [] }) as FileLineage);
        const versions = owners.map((owner, index) => ({ index, lineage: lineages[owner]! }));
        const kept = keepNewestVersions(versions, limit);
        for (const lineage of lineages) {
          const all = versions.filter((v) => v.lineage === lineage);
          expect(kept.filter((v) => v.lineage === lineage)).toEqual(
            all.slice(Math.max(0, all.length - limit)),
          );
        }
        expect(kept.map((v) => v.index)).toEqual([...kept.map((v) => v.index)].sort((x, y) => x - y));
        expect(keepNewestVersions(versions, undefined)).toEqual(versions);
      }),
      propertyRuns(300),
    );
  });
});

describe('groupVersions', () => {
  const commit: CommitInfo = { sha: 'c', date: 'd', subject: 's' };
  const spec = fc.array(
    fc.record({
      lineage: fc.nat(3),
      blob: fc.nat(4),
      key: fc.option(fc.constantFrom('K1', 'K2', 'K3'), { nil: undefined }),
    }),
    { maxLength: 25 },
  );

  it('puts each version in the group of its own key, else of its file, else unkeyed; each content once per group', () => {
    fc.assert(
      fc.property(spec, (specs) => {
        const lineages = [0, 1, 2, 3].map((i) => ({ id: `l${i}`, paths: [`p${i}`] }) as FileLineage);
        const versions: HistoricalVersion[] = specs.map((s, index) => ({
          path: `p${s.lineage}#${index}`,
          bytes: new Uint8Array(),
          blob: `b${s.blob}`,
          commit,
          change: 'modified',
          lineage: lineages[s.lineage]!,
        }));
        const ownKey = new Map(versions.map((v, index) => [v, specs[index]!.key]));
        const { groups, unkeyed } = groupVersions(versions, (v) => ownKey.get(v));
        const placed = new Map<HistoricalVersion, string | undefined>();
        for (const [key, members] of groups) {
          expect(new Set(members.map((v) => v.blob)).size).toBe(members.length);
          const positions = members.map((v) => versions.indexOf(v));
          expect(positions).toEqual([...positions].sort((x, y) => x - y));
          for (const v of members) placed.set(v, key);
        }
        for (const v of unkeyed) placed.set(v, undefined);
        versions.forEach((version) => {
          const keysOfFile = versions.filter((v) => v.lineage === version.lineage).map((v) => ownKey.get(v));
          const own = ownKey.get(version);
          if (!placed.has(version)) {
            // Dropped only as a repeat of a content already in the group it belongs to.
            const group = [...groups.values()].find((members) =>
              members.some((m) => m.blob === version.blob && versions.indexOf(m) < versions.indexOf(version)),
            );
            expect(group).toBeDefined();
            return;
          }
          const key = placed.get(version);
          if (own !== undefined) expect(key).toBe(own);
          else if (key === undefined) expect(keysOfFile.every((k) => k === undefined)).toBe(true);
          else expect(keysOfFile).toContain(key);
        });
      }),
      propertyRuns(300),
    );
  });
});

describe('path filter', () => {
  const segment = fc.constantFrom('contracts', 'a', 'b', 'x1', 'a.avsc', 'c.avsc', '.hidden');
  const patternSegment = fc.constantFrom(
    'contracts',
    'a',
    '*',
    '**',
    '*.avsc',
    'x?',
    '{a,b}',
    '[ab]',
    'c.avsc',
  );
  const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
  const pattern = fc.array(patternSegment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));

  // git is only asked about paths under the roots, so a match outside them would be lost silently.
  it('never matches a path outside the roots it gives git', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 3 }), path, (include, candidate) => {
        const filter = createPathFilter(include);
        if (!filter.matches(candidate)) return;
        expect(
          filter.roots.some((root) => root === '' || candidate === root || candidate.startsWith(`${root}/`)),
        ).toBe(true);
      }),
      propertyRuns(500),
    );
  });

  it('derives roots, paths and matches for the usual patterns', () => {
    expect(literalRoot('contracts/**/*.avsc')).toBe('contracts');
    expect(literalRoot('./contracts/v{1,2}/*.avsc')).toBe('contracts');
    expect(literalRoot('**/*.avsc')).toBe('');
    expect(createPathFilter(['contracts/**/*.avsc', 'contracts/x/*.avsc', 'schemas']).roots).toEqual([
      'contracts',
      'schemas',
    ]);
    expect(rootPaths('svc/', ['contracts', ''])).toEqual(['svc']);
    expect(rootPaths('', ['contracts', ''])).toEqual([]);
    const filter = createPathFilter(['contracts/**/*.avsc'], ['contracts/legacy']);
    expect(filter.matches('contracts/A.avsc')).toBe(true);
    expect(filter.matches('contracts/deep/er/A.avsc')).toBe(true);
    expect(filter.matches('contracts/legacy/A.avsc')).toBe(false);
    expect(filter.matches('contracts/A.json')).toBe(false);
  });
});
