/**
 * Bundles the GitHub Action (`src/action/main.ts`) into the one committed file the runner executes,
 * `dist/index.js`: ESM for Node 24, every dependency inlined except the heavy ones that the Action's
 * commands never load (ts-morph and the TypeScript compiler for code analysis, the Kafka client for
 * `record`), which stay external so the bundle stays small. The output is deterministic, so
 * `test/action/bundle-fresh.test.ts` can rebuild it and fail when the committed bundle is stale.
 *
 * `node scripts/build-action.ts` rewrites `dist/index.js`; `--outfile <path>` writes elsewhere.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

/** The repository's top directory: every path in the bundle is relative to it, wherever it is built. */
const root = fileURLToPath(new URL('..', import.meta.url));

/** The committed bundle, relative to the repository. */
export const actionBundle = 'dist/index.js';

/**
 * Modules left out of the bundle. None is imported by the code the Action runs today; if a command
 * the Action runs starts to `import()` one of them, it fails with "Cannot find package" until the
 * module is resolved from the project's own node_modules (see docs/github-action.md).
 */
export const externalModules = ['ts-morph', 'typescript', '@platformatic/kafka', 'kafkajs'] as const;

/** Builds the bundle into `outfile` (absolute, or relative to the repository) and returns its size in bytes. */
export async function buildAction(outfile: string = actionBundle): Promise<number> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/action/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: [...externalModules],
    // ESM builds first: jsonc-parser's `main` is a UMD build whose require() calls a bundler cannot follow.
    mainFields: ['module', 'main'],
    // Bundled CommonJS dependencies call require() for Node built-ins; ESM has none of its own.
    banner: {
      js: [
        '// The kontract GitHub Action, bundled by scripts/build-action.ts from src/action/main.ts. Do not edit.',
        "import { createRequire as __kontractCreateRequire } from 'node:module';",
        'const require = __kontractCreateRequire(import.meta.url);',
      ].join('\n'),
    },
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  return Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
  const bytes = await buildAction(values.outfile ?? actionBundle);
  process.stdout.write(`${values.outfile ?? actionBundle}: ${(bytes / 1024).toFixed(1)} KiB\n`);
}
