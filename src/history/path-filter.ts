/**
 * Which paths are contract files: the config's `include`/`exclude` patterns applied to paths relative
 * to the project root. Glob patterns use Node's `path.matchesGlob` (the same `*`, `**`, `?`, `[...]`,
 * `{a,b}` syntax as the working-tree loader; dot files only match when the pattern names the dot).
 * A pattern without glob characters is a path: it matches that file, or, for a directory, the `.avsc`
 * files under it when included and every file under it when excluded.
 * @internal
 */
import { posix } from 'node:path';

/** A compiled include/exclude pair. @internal */
export interface PathFilter {
  /** True when the project-relative `path` is a contract file. */
  matches(path: string): boolean;
  /**
   * The literal directories (or files) under which every match lies, project-relative, without
   * trailing `/`; `''` means the whole project. Used to narrow git's walk with pathspecs.
   */
  roots: string[];
}

const globCharacters = /[*?[\]{}]|[!@+]\(/;

/** True when `pattern` contains glob syntax rather than naming one path. @internal */
export function isGlobPattern(pattern: string): boolean {
  return globCharacters.test(pattern);
}

function normalizePattern(pattern: string): string {
  let normalized = pattern.trim().replaceAll('\\', '/');
  while (normalized.startsWith('./')) normalized = normalized.slice(2);
  normalized = normalized.replace(/^\/+/, '');
  return normalized.replace(/\/+$/, '');
}

/** The literal leading directories of a pattern: `contracts/**\/*.avsc` → `contracts`. @internal */
export function literalRoot(pattern: string): string {
  const normalized = normalizePattern(pattern);
  if (!isGlobPattern(normalized)) return normalized;
  const segments = normalized.split('/');
  const literal: string[] = [];
  for (const segment of segments) {
    if (isGlobPattern(segment)) break;
    literal.push(segment);
  }
  return literal.join('/');
}

function compile(pattern: string, directoryMatches: (rest: string) => boolean): (path: string) => boolean {
  const normalized = normalizePattern(pattern);
  if (normalized === '') return () => false;
  if (isGlobPattern(normalized)) return (path) => posix.matchesGlob(path, normalized);
  const directory = `${normalized}/`;
  return (path) => path === normalized || (path.startsWith(directory) && directoryMatches(path));
}

/** Compiles include and exclude patterns (relative to the project root) into a {@link PathFilter}. @internal */
export function createPathFilter(include: readonly string[], exclude: readonly string[] = []): PathFilter {
  const included = include.map((pattern) => compile(pattern, (path) => path.endsWith('.avsc')));
  const excluded = exclude.map((pattern) => compile(pattern, () => true));
  const candidates = [...new Set(include.map(literalRoot))].sort();
  const roots = candidates.includes('')
    ? ['']
    : candidates.filter(
        (root) => !candidates.some((other) => other !== root && root.startsWith(`${other}/`)),
      );
  return {
    matches: (path) => included.some((test) => test(path)) && !excluded.some((test) => test(path)),
    roots: include.length === 0 ? [] : roots,
  };
}

/**
 * Paths from the repository top that cover `roots` of a project at `prefix` inside the repository;
 * an empty list means "the whole repository".
 * @internal
 */
export function rootPaths(prefix: string, roots: readonly string[]): string[] {
  const whole = roots.includes('');
  const paths = (whole ? [''] : roots).map((root) => `${prefix}${root}`.replace(/\/+$/, ''));
  return paths.includes('') ? [] : paths;
}

/**
 * {@link rootPaths} as literal, top-anchored pathspecs, so that file names with glob characters work
 * and the current directory does not matter; an empty list means "no restriction".
 * @internal
 */
export function rootPathspecs(prefix: string, roots: readonly string[]): string[] {
  return rootPaths(prefix, roots).map((path) => `:(top,literal)${path}`);
}
