/**
 * The contract files as they were at one commit: one `git ls-tree` and one `git cat-file --batch`,
 * whatever the number of files.
 */
import type { SourceFile } from '../contracts/model.ts';
import { openRepository, readObjects, runGit } from './git.ts';
import { HistoryError } from './history-error.ts';
import { createPathFilter, rootPaths } from './path-filter.ts';
import { requireCommit } from './refs.ts';

/** What {@link readFilesAtCommit} reads. */
export interface ReadFilesAtCommitOptions {
  /** The project root (where the config lives); may be a subdirectory of the repository. */
  cwd: string;
  /** A commit: a full sha as returned by `resolveBase`, or any revision git understands. */
  sha: string;
  /** Patterns relative to `cwd` that select contract files, as in the config's `include`. */
  include: readonly string[];
  /** Patterns relative to `cwd` that remove files from the selection, as in the config's `exclude`. */
  exclude?: readonly string[];
}

/** One entry of `git ls-tree -r -z`. @internal */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  /** Path from the repository top. */
  path: string;
}

/** Parses `git ls-tree -r -z` output (`<mode> <type> <oid>\t<path>\0` per entry). @internal */
export function parseLsTree(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode = '', type = '', oid = ''] = record.slice(0, tab).split(' ');
    if (tab < 0 || oid === '') throw new Error(`unexpected ls-tree entry "${record}"`);
    entries.push({ mode, type, oid, path: record.slice(tab + 1) });
  }
  return entries;
}

const symlinkMode = '120000';

/**
 * The files selected by `include`/`exclude` as they were at `sha`, sorted by path, with paths
 * relative to `cwd`. Symbolic links are followed inside the repository (as the working-tree loader
 * follows them on disk); links that dangle or leave the repository are skipped. Binary and huge
 * files are returned as they are: telling a contract from garbage is the caller's job.
 *
 * @throws {HistoryError} `not-a-repository`, `git-not-found`, `ref-not-found` (with the fetch that
 * brings the commit), `object-missing`.
 */
export async function readFilesAtCommit(options: ReadFilesAtCommitOptions): Promise<SourceFile[]> {
  const repository = await openRepository(options.cwd);
  const commit = await requireCommit(repository, options.sha);
  if (options.include.length === 0) return [];
  const filter = createPathFilter(options.include, options.exclude);
  const paths = rootPaths(repository.prefix, filter.roots);
  const { stdout } = await runGit(repository.cwd, [
    '--literal-pathspecs',
    'ls-tree',
    '-r',
    '-z',
    '--full-tree',
    commit,
    ...(paths.length > 0 ? ['--', ...paths] : []),
  ]);
  const selected: Array<{ path: string; name: string; link: boolean }> = [];
  for (const entry of parseLsTree(stdout.toString('utf8'))) {
    if (entry.type !== 'blob' || !entry.path.startsWith(repository.prefix)) continue;
    const path = entry.path.slice(repository.prefix.length);
    if (!filter.matches(path)) continue;
    if (entry.mode === symlinkMode) {
      // cat-file reads its requests line by line; a link whose path holds a newline cannot be asked for.
      if (!entry.path.includes('\n')) selected.push({ path, name: `${commit}:${entry.path}`, link: true });
    } else {
      selected.push({ path, name: entry.oid, link: false });
    }
  }
  const objects = await readObjects(
    repository.cwd,
    selected.map((file) => file.name),
    { followSymlinks: selected.some((file) => file.link) },
  );
  const files: SourceFile[] = [];
  objects.forEach((object, index) => {
    const { path, link } = selected[index]!;
    // A link that dangles, leaves the repository or points at a directory is not a file here, as on disk.
    if (link && (object.kind !== 'object' || object.type !== 'blob')) return;
    if (object.kind !== 'object' || object.type !== 'blob') {
      throw new HistoryError(
        'object-missing',
        `The content of ${path} at ${commit.slice(0, 7)} is missing from the repository.`,
        'The clone is incomplete (a partial clone without access to its remote?): run `git fetch --refetch` or clone again.',
      );
    }
    files.push({ path, bytes: object.bytes });
  });
  return files;
}
