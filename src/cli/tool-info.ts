/**
 * kontract's own name and version, read from its package.json (next to `src/`), for `--version` and
 * the `tool` field of machine-readable reports; and where its README is published, from the
 * manifest's `repository` field, for the help links of SARIF rules.
 */
import { readFileSync } from 'node:fs';
import type { ToolInfo } from '../report/render.ts';

let cached: ToolInfo | undefined;

/**
 * The web address of the README of a GitHub repository named by a package.json `repository` field
 * (`github:owner/repo`, `owner/repo`, `https://github.com/owner/repo.git`, `git+https://...`,
 * `{ "url": ... }`), on its default branch; undefined for anything that is not a GitHub repository.
 */
export function readmeUrlOf(repository: unknown): string | undefined {
  const raw =
    typeof repository === 'string'
      ? repository
      : typeof repository === 'object' && repository !== null && 'url' in repository
        ? String(repository.url)
        : undefined;
  if (raw === undefined) return undefined;
  const match =
    /^(?:github:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(raw) ??
    /^(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(raw);
  return match ? `https://github.com/${match[1]}/${match[2]}/blob/main/README.md` : undefined;
}

/** The running kontract's name, version and README address. */
export function toolInfo(): ToolInfo {
  if (!cached) {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
      repository?: unknown;
    };
    cached = { name: manifest.name, version: manifest.version };
    const readmeUrl = readmeUrlOf(manifest.repository);
    if (readmeUrl !== undefined) cached.readmeUrl = readmeUrl;
  }
  return cached;
}
