/**
 * The workspace adapter: finds `kontract.config.json` and the contract files on disk and hands
 * their bytes to the pure core. The only place in the contracts capability that touches the file
 * system. Paths it returns are relative to the project root (the config file's folder, or `cwd`
 * without a config) and `/`-separated; a file outside the root keeps its `../` prefix.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { parseConfig } from '../contracts/load-config.ts';
import { loaderDiagnostic } from '../contracts/load-diagnostics.ts';
import type { SourceFile } from '../contracts/model.ts';
import type { Diagnostic, SourceLocation } from '../report/diagnostic.ts';

/** The config file name looked up in the working directory. */
export const configFileName = 'kontract.config.json';

/** What to read: the working directory, an explicit config path, explicit files or folders. */
export interface ReadWorkspaceOptions {
  cwd: string;
  /** Path of the config file (relative to `cwd`); when given it must exist. */
  configPath?: string;
  /** Files or folders (relative to `cwd`) to check instead of the config's globs; a folder means every `.avsc` in it. */
  paths?: readonly string[];
}

/** The files found, ready for `parseConfig` and `loadContracts`. */
export interface Workspace {
  /** Absolute path of the project root. */
  root: string;
  configFile?: SourceFile;
  /** Contract files sorted by path. */
  files: SourceFile[];
  /** Only workspace problems; config problems come from `parseConfig(configFile)`. */
  diagnostics: Diagnostic[];
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

async function kindOf(absolute: string): Promise<'file' | 'directory' | 'missing' | 'other'> {
  try {
    const info = await stat(absolute);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** Reads a file's raw bytes as a plain `Uint8Array` view (the core does not know Buffer). */
async function readBytes(absolute: string): Promise<Uint8Array> {
  const buffer = await readFile(absolute);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

/** Finds the config (`kontract.config.json` at cwd or the given path) and the contract files (config globs, or the files/folders given). */
export async function readWorkspace(options: ReadWorkspaceOptions): Promise<Workspace> {
  const cwd = path.resolve(options.cwd);
  const diagnostics: Diagnostic[] = [];

  let configAbsolute: string | undefined;
  if (options.configPath !== undefined) {
    const given = path.resolve(cwd, options.configPath);
    const kind = await kindOf(given);
    if (kind === 'file') configAbsolute = given;
    else {
      diagnostics.push(
        loaderDiagnostic(
          'workspace/config-not-found',
          kind === 'missing' ? 'missing' : 'not-a-file',
          kind === 'missing'
            ? `The config file ${options.configPath} does not exist.`
            : `The config path ${options.configPath} is not a file.`,
          undefined,
          {
            data: { path: options.configPath },
            help: 'Fix the --config path, or omit it to use kontract.config.json in the current folder.',
          },
        ),
      );
    }
  } else {
    const candidate = path.join(cwd, configFileName);
    if ((await kindOf(candidate)) === 'file') configAbsolute = candidate;
  }

  const root = configAbsolute === undefined ? cwd : path.dirname(configAbsolute);
  const relative = (absolute: string): string => toPosix(path.relative(root, absolute));

  let configFile: SourceFile | undefined;
  if (configAbsolute !== undefined) {
    try {
      configFile = { path: relative(configAbsolute), bytes: await readBytes(configAbsolute) };
    } catch (error) {
      diagnostics.push(
        loaderDiagnostic(
          'workspace/unreadable',
          'unreadable',
          `The config file could not be read (${errorMessage(error)}).`,
          {
            file: relative(configAbsolute),
            line: 1,
            column: 1,
          },
        ),
      );
    }
  }
  // Only the globs are needed here; the caller validates the config and reports its problems.
  const { config } = parseConfig(configFile);

  const selected = new Set<string>();
  if (options.paths !== undefined && options.paths.length > 0) {
    const empty: string[] = [];
    for (const given of options.paths) {
      const absolute = path.resolve(cwd, given);
      const kind = await kindOf(absolute);
      if (kind === 'missing' || kind === 'other') {
        diagnostics.push(
          loaderDiagnostic(
            'workspace/path-not-found',
            'missing',
            kind === 'missing'
              ? `The path ${given} does not exist.`
              : `The path ${given} is neither a file nor a folder.`,
            undefined,
            { data: { path: given } },
          ),
        );
      } else if (kind === 'file') selected.add(absolute);
      else {
        const found = await glob(['**/*.avsc'], {
          cwd: absolute,
          absolute: true,
          onlyFiles: true,
          expandDirectories: false,
        });
        if (found.length === 0) empty.push(given);
        for (const file of found) selected.add(path.resolve(file));
      }
    }
    if (selected.size === 0 && diagnostics.every((d) => d.ruleId !== 'workspace/path-not-found')) {
      diagnostics.push(
        loaderDiagnostic(
          'workspace/no-contracts',
          'no-contracts-in-paths',
          `No .avsc file found in ${empty.join(', ')}.`,
          undefined,
          {
            data: { paths: empty.join(',') },
          },
        ),
      );
    }
  } else {
    const found = await glob(config.include, {
      cwd: root,
      ignore: config.exclude,
      absolute: true,
      onlyFiles: true,
      expandDirectories: false,
    });
    for (const file of found) selected.add(path.resolve(file));
    if (selected.size === 0) {
      const globs = config.include.map((pattern) => JSON.stringify(pattern)).join(', ');
      const where: SourceLocation | undefined = config.source?.positions.locate('/include');
      const excluded =
        config.exclude.length > 0
          ? ` (excluding ${config.exclude.map((p) => JSON.stringify(p)).join(', ')})`
          : '';
      diagnostics.push(
        loaderDiagnostic(
          'workspace/no-contracts',
          'no-contracts-for-globs',
          `No contract file matches ${globs}${excluded} in ${configFile ? `the folder of ${configFile.path}` : 'the current folder'}.`,
          where,
          {
            data: { globs: config.include.join(',') },
            help: configFile
              ? 'Fix "include" in the config, or pass the contract files or folders on the command line.'
              : `Put the .avsc files under contracts/, add a ${configFileName} with "include" globs, or pass files or folders on the command line.`,
          },
        ),
      );
    }
  }

  const files: SourceFile[] = [];
  for (const absolute of [...selected].sort()) {
    const filePath = relative(absolute);
    try {
      files.push({ path: filePath, bytes: await readBytes(absolute) });
    } catch (error) {
      diagnostics.push(
        loaderDiagnostic(
          'workspace/unreadable',
          'unreadable',
          `The file could not be read (${errorMessage(error)}).`,
          {
            file: filePath,
            line: 1,
            column: 1,
          },
        ),
      );
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const workspace: Workspace = { root, files, diagnostics };
  if (configFile !== undefined) workspace.configFile = configFile;
  return workspace;
}
