/**
 * The process entry point: `node src/cli/main.ts <command> [options] [paths...]` (and, through
 * `bin/kontract.js`, the `kontract` executable). It only turns on Node's compile cache and then loads
 * the CLI, so that every later start skips stripping types and compiling the modules it has seen:
 * this halves start-up time. `NODE_DISABLE_COMPILE_CACHE=1` turns the cache off; `NODE_COMPILE_CACHE`
 * moves it (default: a folder in the OS temp directory).
 */
import { enableCompileCache } from 'node:module';

/** Enables the compile cache, loads the CLI and runs it on this process's arguments. */
export async function start(): Promise<void> {
  enableCompileCache?.();
  const { runCli } = await import('./cli.ts');
  await runCli();
}

if (import.meta.main) await start();
