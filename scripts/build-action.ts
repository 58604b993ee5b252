/**
 * Bundles the GitHub Action (`src/action/main.ts`) into the one committed file the runner executes,
 * `dist/index.js`: ESM for Node 24, every dependency inlined except the heavy ones that the Action's
 * commands never load (ts-morph and the TypeScript compiler for code analysis, the Kafka client for
 * `record`), which stay external so the bundle stays small. The output is deterministic, so
 * `test/action/bundle-fresh.test.ts` can rebuild it and fail when the committed bundle is stale.
 *
 * `node scripts/build-action.ts` rewrites `dist/index.js`; `--outfile <path>` writes elsewhere;
 * `--from-index` builds from the staged sources (stage your changes, build, stage the bundle).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';

/** The repository's top directory: every path in the bundle is relative to it, wherever it is built. */
const root = fileURLToPath(new URL('..', import.meta.url));

/** The committed bundle, relative to the repository. */
export const actionBundle = 'dist/index.js';

/**
 * Modules left out of the bundle: the Kafka clients (only `kontract record` uses them, which the
 * Action does not run) and the TypeScript compiler. ts-morph is handled by {@link lazyTsMorph}.
 */
export const externalModules = ['typescript', '@platformatic/kafka', 'kafkajs'] as const;

/** Names the sources import from ts-morph; the stand-in module exports exactly these. */
export const tsMorphImports = ['ts', 'Project'] as const;

/**
 * ts-morph (with the TypeScript compiler, about 10 MB) stays out of the bundle, yet code analysis
 * must still work when a project configures it. An external ESM import would be hoisted to the top
 * of the bundle and fail at start-up wherever ts-morph is not installed, so `ts-morph` resolves to a
 * stand-in module instead: it runs only when code analysis runs (esbuild initialises modules reached
 * through `import()` lazily) and then `require`s ts-morph from the project being checked, where the
 * workflow has installed it, or fails with what to do.
 */
const lazyTsMorph: Plugin = {
  name: 'kontract-lazy-ts-morph',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^ts-morph$/ }, () => ({ path: 'ts-morph', namespace: 'lazy-ts-morph' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lazy-ts-morph' }, () => ({
      loader: 'js',
      resolveDir: root,
      contents: [
        "import { createRequire } from 'node:module';",
        "import { join } from 'node:path';",
        'function loadTsMorph() {',
        '  const dirs = [process.env.KONTRACT_PROJECT_DIR, process.env.GITHUB_WORKSPACE, process.cwd()];',
        '  for (const dir of dirs) {',
        '    if (!dir) continue;',
        "    try { return createRequire(join(dir, 'package.json'))('ts-morph'); } catch {}",
        '  }',
        `  const error = new Error("code analysis (the config's code section) needs ts-morph, which the kontract Action does not bundle, and the project has none installed.");`,
        "  error.name = 'ActionSetupError';",
        `  error.hint = "Add ts-morph to the project's devDependencies and install them in a step before kontract (working-directory pointing at that project).";`,
        '  throw error;',
        '}',
        'const tsMorph = loadTsMorph();',
        ...tsMorphImports.map((name) => `export const ${name} = tsMorph.${name};`),
      ].join('\n'),
    }));
  },
};

/**
 * Reads kontract's own sources from the git index instead of the work tree, so that the bundle
 * committed next to staged changes is exactly what a clean checkout of that commit builds, even
 * while other changes to the sources are still being made in the same work tree.
 */
const sourcesFromIndex: Plugin = {
  name: 'kontract-sources-from-index',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.(ts|json)$/ }, (args) => {
      const path = relative(root, args.path).split(sep).join('/');
      if (path.startsWith('..') || path.startsWith('node_modules/')) return undefined;
      const contents = execFileSync('git', ['show', `:${path}`], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
      return { contents, loader: path.endsWith('.json') ? 'json' : 'ts', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * The Action imports package.json for its name and version only: the bundle gets just those two
 * fields, so that a new dependency or script does not make the committed bundle stale.
 */
function manifestSubset(fromIndex: boolean): Plugin {
  return {
    name: 'kontract-manifest-subset',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /package\.json$/ }, (args) => {
        if (relative(root, args.path) !== 'package.json') return undefined;
        const text = fromIndex
          ? execFileSync('git', ['show', ':package.json'], { cwd: root, encoding: 'utf8' })
          : readFileSync(args.path, 'utf8');
        const { name, version } = JSON.parse(text) as { name: string; version: string };
        return { contents: JSON.stringify({ name, version }), loader: 'json' };
      });
    },
  };
}

/**
 * Builds the bundle into `outfile` (absolute, or relative to the repository) and returns its size in
 * bytes. `fromIndex` builds from the staged sources (see {@link sourcesFromIndex}).
 */
export async function buildAction(outfile: string = actionBundle, fromIndex = false): Promise<number> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/action/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: [...externalModules],
    plugins: [manifestSubset(fromIndex), lazyTsMorph, ...(fromIndex ? [sourcesFromIndex] : [])],
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
  // jiti (which loads consumer modules for `command: replay`) requires its Babel transform at run
  // time as `../dist/babel.cjs` next to the importing file: inside the bundle that is
  // `dist/babel.cjs`, so it ships beside `dist/index.js` instead of being inlined.
  const transform = join(dirname(outfile.startsWith('/') ? outfile : join(root, outfile)), jitiTransformName);
  copyFileSync(jitiTransformSource, transform);
  const bundled = Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
  return bundled + statSync(transform).size;
}

/** The file jiti loads at run time, and where it comes from. */
export const jitiTransformName = 'babel.cjs';
// Not in jiti's `exports`: found next to its package.json.
const jitiTransformSource = join(
  dirname(createRequire(import.meta.url).resolve('jiti/package.json')),
  'dist',
  'babel.cjs',
);

if (import.meta.main) {
  const { values } = parseArgs({
    options: { outfile: { type: 'string' }, 'from-index': { type: 'boolean' } },
  });
  const outfile = values.outfile ?? actionBundle;
  const bytes = await buildAction(outfile, values['from-index'] === true);
  process.stdout.write(`${outfile}: ${(bytes / 1024).toFixed(1)} KiB\n`);
}
