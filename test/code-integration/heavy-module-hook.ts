/**
 * A `node --import` hook for the lazy-loading tests: appends the URL of every module of TypeScript
 * or ts-morph that the process resolves (through `import` or `require`) to the file named by
 * `KONTRACT_MODULE_LOG`, so a test can prove that a command never loaded them.
 */
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const log = process.env.KONTRACT_MODULE_LOG;
const heavy = /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:typescript|ts-morph|@ts-morph\/common)\//;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (log !== undefined && heavy.test(resolved.url)) appendFileSync(log, `${resolved.url}\n`);
    return resolved;
  },
});
