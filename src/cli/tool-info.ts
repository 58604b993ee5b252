/**
 * kontract's own name and version, read from its package.json (next to `src/`), for `--version` and
 * the `tool` field of machine-readable reports.
 */
import { readFileSync } from 'node:fs';
import type { ToolInfo } from '../report/render.ts';

let cached: ToolInfo | undefined;

/** The running kontract's name and version. */
export function toolInfo(): ToolInfo {
  if (!cached) {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    cached = { name: manifest.name, version: manifest.version };
  }
  return cached;
}
