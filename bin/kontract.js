#!/usr/bin/env node
// The `kontract` executable: a plain-JS shim that checks the Node version, then runs the TypeScript
// CLI directly (Node >= 22.18 strips types; no build step).
const [major, minor] = process.versions.node.split('.').map(Number);

/**
 * `kontract record` must run with V8's young generation capped (`--max-semi-space-size=16`, the same
 * flag as `recordSemiSpaceFlag` in src/cli/commands/record.ts): without it a million-record recording
 * peaks above 300 MB. The flag only works at process start, so the recording runs in a child Node
 * started with it. Doing that here, before any TypeScript loads, keeps the waiting parent at a bare
 * Node's size (about 45 MB instead of about 80 MB once the CLI is loaded); the command's own re-run
 * (in record.ts) covers the other entry points, and sees the flag here, so it never runs twice.
 */
function recordNeedsSemiSpaceLimit() {
  const args = process.argv.slice(2);
  if (args[0] !== 'record' || args.includes('--help') || args.includes('-h')) return false;
  const given = /(^|\s)--max[-_]semi[-_]space[-_]size\b/;
  return !given.test(process.env.NODE_OPTIONS ?? '') && !process.execArgv.some((flag) => given.test(flag));
}

if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `kontract: Node.js >= 22.18 is required (it runs TypeScript sources directly); this is Node ${process.versions.node}.\n`,
  );
  process.exitCode = 2;
} else if (recordNeedsSemiSpaceLimit()) {
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  const child = spawn(
    process.execPath,
    [...process.execArgv, '--max-semi-space-size=16', ...process.argv.slice(1)],
    {
      stdio: 'inherit',
    },
  );
  // A Ctrl-C in a terminal reaches both processes; a signal sent to this one alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`kontract: could not start the recording process: ${error.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
  });
} else {
  // Enabled here as well as in main.ts, so that main.ts itself comes from the cache too.
  (await import('node:module')).enableCompileCache?.();
  const { start } = await import('../src/cli/main.ts');
  await start();
}
