/**
 * `kontract usage` through the real CLI: the fixture service's usage map as text and JSON (the same
 * map the library returns), notes on stderr for what could not be analysed (stdout stays the map),
 * and exit 2 with a report on stderr when the config cannot be read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readersOf, type UsageMap } from '../../src/code/usage.ts';
import { runUsage } from '../../src/commands/usage.ts';
import { copyFixtureApp, fixtureApp, removeTestRepos, runKontract } from './support.ts';

afterAll(removeTestRepos);

let libraryUsage: UsageMap;

beforeAll(async () => {
  const result = await runUsage({ cwd: fixtureApp });
  expect(result.exitCode).toBe(0);
  libraryUsage = result.usage;
});

describe('kontract usage', () => {
  it('prints the JSON usage map the library computes, and nothing on stderr', () => {
    const run = runKontract(['usage', '--format', 'json', '--cwd', 'fixtures/app']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const usage = JSON.parse(run.stdout) as UsageMap;
    expect(usage).toEqual(libraryUsage);
    expect(usage.consumers.map((consumer) => consumer.consumer)).toEqual([
      'balance-projection',
      'order-audit',
      'order-emails',
    ]);
    const readers = readersOf(usage, 'com.acme.accounts.MoneyWithdrawn', 'amount');
    expect(readers.map((r) => `${r.location.file}:${r.location.line}:${r.location.column}`)).toEqual([
      'src/consumers/balance-projection.mts:22:42',
      'src/consumers/balance-projection.mts:23:66',
    ]);
  });

  it('prints one line per consumer, contract and field as text', () => {
    const run = runKontract(['usage'], { cwd: fixtureApp });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'balance-projection (defineConsumer, accounts) at src/consumers/balance-projection.mts:9:16',
      '  com.acme.accounts.AccountClosed',
      '    accountId  src/consumers/balance-projection.mts:31:22',
      '    reason  src/consumers/balance-projection.mts:31:47',
    ]);
    expect(lines).toContain('order-emails (kafkajs, orders) at src/consumers/order-emails.mts:8:9');
  });

  it('writes the map to --output', () => {
    const app = copyFixtureApp();
    const run = runKontract(['usage', '--format', 'json', '--output', 'usage.json'], { cwd: app });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(app, 'usage.json'), 'utf8'))).toEqual(libraryUsage);
  });

  // Code that does not compile is analysed as far as it goes and the gap is said out loud, on stderr.
  it('notes what it could not analyse on stderr and still prints the map', () => {
    const app = copyFixtureApp();
    writeFileSync(
      path.join(app, 'src/consumers/broken.mts'),
      [
        "import { helper } from 'not-installed-anywhere';",
        '',
        'export function broken(event: { amount: number }) {',
        '  return helper(event.amount +;',
        '}',
        '',
      ].join('\n'),
    );
    const run = runKontract(['usage', '--format', 'json'], { cwd: app });
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n')).toEqual([
      "kontract: note: src/consumers/broken.mts:1:24: not fully analysed: module 'not-installed-anywhere' (imported at 1:24) cannot be resolved: values from it have no type",
      'kontract: note: src/consumers/broken.mts:4:31: not fully analysed: 1 syntax error(s), the first at 4:31: Expression expected; analysed what parsed',
      '',
    ]);
    expect(JSON.parse(run.stdout)).toEqual(libraryUsage);
  });

  it('exits 2 with the config problem on stderr, and prints no map', () => {
    const app = copyFixtureApp();
    writeFileSync(path.join(app, 'kontract.config.json'), '{ "code": { "tsconfigs": "tsconfig.json" } }\n');
    const run = runKontract(['usage'], { cwd: app, env: { NO_COLOR: '1' } });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'kontract.config.json:1:26  error    "tsconfigs" must be an array, not the string "tsconfig.json".  config/invalid-value',
    );
  });
});
