#!/usr/bin/env node
// The `kontract` executable: a plain-JS shim that checks the Node version, then runs the TypeScript
// CLI directly (Node >= 22.18 strips types; no build step).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `kontract: Node.js >= 22.18 is required (it runs TypeScript sources directly); this is Node ${process.versions.node}.\n`,
  );
  process.exitCode = 2;
} else {
  // Enabled here as well as in main.ts, so that main.ts itself comes from the cache too.
  (await import('node:module')).enableCompileCache?.();
  const { start } = await import('../src/cli/main.ts');
  await start();
}
