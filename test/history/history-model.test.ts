/**
 * readHistory against real git on random histories: random adds, edits, deletions, renames and
 * moves in and out of the include patterns are written with `git fast-import`, and what readHistory
 * returns is compared with a model of the same steps.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type FileLineage, type HistoricalVersion, readHistory } from '../../src/history/index.ts';
import { createRepo, type ImportedCommit, removeTestRepos } from '../support/git-repo.ts';
import { propertyRuns } from '../support/property.ts';

afterAll(removeTestRepos);

/** In the include pattern: the .avsc files; `notes.txt` shares their directory, `other/` lies outside git's pathspec. */
const universe = [
  'contracts/a.avsc',
  'contracts/b.avsc',
  'contracts/sub/c.avsc',
  'contracts/notes.txt',
  'other/e.avsc',
];
const include = ['contracts/**/*.avsc'];
const tracked = (path: string) => path.startsWith('contracts/') && path.endsWith('.avsc');

/** Contents share most of their text, so git pairs a rename with an edit as one rename (-M). */
const body = Array.from({ length: 24 }, (_, i) => `  {"name": "field${i}", "type": "string"},`).join('\n');
const content = (version: number) =>
  `{"type": "record", "name": "E", "fields": [\n${body}\n]}\n// version ${version}\n`;

type Step =
  | { kind: 'add' | 'modify' | 'delete'; path: string }
  | { kind: 'rename'; from: string; to: string; edit: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('add' as const, 'modify' as const, 'delete' as const),
    path: fc.constantFrom(...universe),
  }),
  fc.record({
    kind: fc.constant('rename' as const),
    from: fc.constantFrom(...universe),
    to: fc.constantFrom(...universe),
    edit: fc.boolean(),
  }),
);

interface ModelLineage {
  start: number;
  startPath: string;
  paths: string[];
  contents: number[];
  deletedAt?: number;
  pathAtUntil?: string;
}

/** Applies the steps that are possible (one commit each) to a model, returning the commits to import. */
function plan(steps: Step[]) {
  const files = new Map<string, { version: number; lineage?: ModelLineage }>();
  const lineages: ModelLineage[] = [];
  const commits: ImportedCommit[] = [];
  let nextVersion = 0;
  const begin = (commit: number, path: string, version: number): ModelLineage => {
    const lineage: ModelLineage = { start: commit, startPath: path, paths: [path], contents: [version] };
    lineages.push(lineage);
    return lineage;
  };
  for (const s of steps) {
    const index = commits.length;
    const version = nextVersion;
    if (s.kind === 'add' && !files.has(s.path)) {
      files.set(s.path, { version, ...(tracked(s.path) ? { lineage: begin(index, s.path, version) } : {}) });
      commits.push({ message: `add ${s.path}`, files: { [s.path]: content(version) } });
    } else if (s.kind === 'modify' && files.has(s.path)) {
      const entry = files.get(s.path)!;
      entry.version = version;
      entry.lineage?.contents.push(version);
      commits.push({ message: `edit ${s.path}`, files: { [s.path]: content(version) } });
    } else if (s.kind === 'delete' && files.has(s.path)) {
      const entry = files.get(s.path)!;
      files.delete(s.path);
      if (entry.lineage) entry.lineage.deletedAt = index;
      commits.push({ message: `delete ${s.path}`, files: { [s.path]: null } });
    } else if (s.kind === 'rename' && files.has(s.from) && !files.has(s.to) && s.from !== s.to) {
      const entry = files.get(s.from)!;
      const moved = s.edit ? version : entry.version;
      files.delete(s.from);
      let lineage = entry.lineage;
      if (!tracked(s.to)) {
        if (lineage) lineage.deletedAt = index;
        lineage = undefined;
      } else if (lineage) {
        lineage.paths.push(s.to);
        if (s.edit) lineage.contents.push(moved);
      } else {
        lineage = begin(index, s.to, moved);
      }
      files.set(s.to, { version: moved, ...(lineage ? { lineage } : {}) });
      commits.push({
        message: `move ${s.from} to ${s.to}`,
        moves: { [s.from]: s.to },
        files: s.edit ? { [s.to]: content(moved) } : {},
      });
    } else {
      continue;
    }
    nextVersion++;
  }
  for (const [path, entry] of files) if (entry.lineage) entry.lineage.pathAtUntil = path;
  return { commits, lineages };
}

describe('readHistory on random histories', () => {
  it('agrees with a model of the same adds, edits, deletions, renames and moves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const { commits, lineages } = plan(steps);
        if (commits.length === 0) return;
        const repo = createRepo();
        repo.importCommits(commits);
        const shas = repo.git('rev-list', '--reverse', 'HEAD').split('\n');
        const versions = await readHistory({ cwd: repo.dir, until: 'HEAD', include });
        const byLineage = new Map<FileLineage, HistoricalVersion[]>();
        for (const v of versions) byLineage.set(v.lineage, [...(byLineage.get(v.lineage) ?? []), v]);
        const actual = [...byLineage].map(([lineage, own]) => ({
          id: lineage.id,
          paths: lineage.paths,
          contents: own.map((v) => Number(/version (\d+)/.exec(new TextDecoder().decode(v.bytes))?.[1])),
          deletedIn: lineage.deletedIn?.sha,
          pathAtUntil: lineage.pathAtUntil,
        }));
        const expected = lineages.map((lineage) => ({
          id: `${shas[lineage.start]}:${lineage.startPath}`,
          paths: lineage.paths,
          contents: lineage.contents,
          deletedIn: lineage.deletedAt === undefined ? undefined : shas[lineage.deletedAt],
          pathAtUntil: lineage.pathAtUntil,
        }));
        expect(actual).toEqual(expected);
      }),
      propertyRuns(15),
    );
  });
});
