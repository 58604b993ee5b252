/**
 * Code findings in `kontract check`, through the real CLI on copies of the fixture service: the
 * planted faults at their exact places in the one report, severities and waivers from the config,
 * types drift, what could not be analysed as `info` (never silence), and the promise that commands
 * which do not analyse code never load TypeScript.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { mainScript } from '../cli/cli-harness.ts';
import { tempDirectory } from '../support/git-repo.ts';
import {
  copyFixtureApp,
  editJson,
  fixtureApp,
  placesOf,
  removeTestRepos,
  repoRoot,
  reportOf,
  runKontract,
} from './support.ts';

afterAll(removeTestRepos);

/** The planted faults of the fixture service (see `test/code/fixture-app.test.ts`), in report order. */
const plantedFaults = [
  ['code/entity-leak', 'spreads', 'src/accounts/close-account.mts', 8, 59],
  ['code/unkeyed-send', 'nullish', 'src/accounts/withdraw.mts', 14, 34],
  ['code/entity-leak', 'is', 'src/customers/notify-customer.mts', 11, 83],
  ['code/entity-leak', 'embeds', 'src/legacy/export-rows.mts', 14, 87],
  ['code/entity-leak', 'is', 'src/orders/approve-payment.mts', 11, 62],
  ['code/unkeyed-send', 'constant', 'src/orders/cancel-order.mts', 16, 60],
  ['code/unkeyed-send', 'nullish', 'src/orders/order-relay.mts', 9, 3],
  ['code/unkeyed-send', 'missing', 'src/orders/place-order.mts', 6, 53],
  ['code/payload-mismatch', 'undeclared', 'src/orders/ship-order.mts', 15, 5],
  ['code/payload-mismatch', 'missing', 'src/orders/ship-order.mts', 17, 91],
  ['code/unresolved-topic', 'dynamic', 'src/tenants/tenant-relay.mts', 5, 32],
];

type Config = Record<string, unknown> & { code: Record<string, unknown> };

/**
 * Runs the CLI with a `--import` hook that logs every TypeScript or ts-morph module resolved; returns
 * the run and the logged module URLs.
 */
function runLoggingHeavyModules(args: string[], cwd: string): { status: number | null; heavy: string[] } {
  const log = path.join(tempDirectory('kontract-modules-'), 'modules.log');
  const hook = pathToFileURL(path.join(repoRoot, 'test/code-integration/heavy-module-hook.ts')).href;
  const run = spawnSync(process.execPath, ['--import', hook, mainScript, ...args], {
    cwd,
    env: { ...process.env, KONTRACT_MODULE_LOG: log, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const heavy = existsSync(log) ? [...new Set(readFileSync(log, 'utf8').trim().split('\n'))] : [];
  return { status: run.status, heavy };
}

describe('code findings in kontract check', () => {
  it('reports exactly the planted faults of the fixture service in the one report', () => {
    const run = runKontract(['check', '--format', 'json'], { cwd: copyFixtureApp() });
    expect(run.status, run.stderr).toBe(1);
    const report = reportOf(run);
    expect(placesOf(report.diagnostics)).toEqual(plantedFaults);
    expect(report.summary).toMatchObject({ errors: 10, warnings: 0, infos: 1, exitCode: 1 });
    const withdraw = report.diagnostics[1];
    expect(withdraw?.related?.map((r) => [r.file, r.line, r.column])).toEqual([
      ['src/kafka/publish.mts', 7, 9],
    ]);
  });

  it('takes severities from the config and applies waivers to code findings', () => {
    const app = copyFixtureApp();
    editJson<Config>(path.join(app, 'kontract.config.json'), (config) => ({
      ...config,
      rules: { 'code/unresolved-topic': 'off', 'code/entity-leak': 'warning' },
      waivers: [
        {
          rule: 'code/payload-mismatch',
          contract: 'com.acme.orders.OrderShipped',
          field: 'internalNote',
          reason: 'The relay strips it before the topic (ticket in the tracker).',
        },
      ],
    }));
    const run = runKontract(['check', '--format', 'json'], { cwd: app });
    expect(run.status).toBe(1);
    const { diagnostics, summary } = reportOf(run);
    expect(placesOf(diagnostics)).toEqual(plantedFaults.slice(0, -1));
    expect(diagnostics.filter((d) => d.ruleId === 'code/entity-leak').map((d) => d.severity)).toEqual([
      'warning',
      'warning',
      'warning',
      'warning',
    ]);
    expect(diagnostics.find((d) => d.waived)?.fieldPath).toBe('internalNote');
    expect(summary).toMatchObject({ errors: 5, warnings: 4, infos: 0, waived: 1 });
  });

  it('reports drift of the generated types, and skips that check when only some contracts are named', () => {
    const app = copyFixtureApp();
    editJson<{ doc: string }>(path.join(app, 'contracts/accounts/account-closed.avsc'), (schema) => ({
      ...schema,
      doc: 'An account was closed for good.',
    }));
    const whole = reportOf(runKontract(['check', '--format', 'json'], { cwd: app }));
    const drift = whole.diagnostics.filter((d) => d.ruleId === 'code/types-drift');
    expect(drift.map((d) => [d.messageId, d.location?.file])).toEqual([
      ['stale', 'src/generated/contracts.mts'],
    ]);

    const some = runKontract(['check', '--format', 'json', 'contracts/accounts'], { cwd: app });
    const ruleIds = reportOf(some).diagnostics.map((d) => d.ruleId);
    expect(ruleIds).not.toContain('code/types-drift');
    expect(ruleIds).toContain('code/entity-leak');
  });

  // Not compiling is no reason to go quiet: the report says which file was skipped where, and why.
  it('reports code it could not analyse as info findings that do not fail the run', () => {
    const app = copyFixtureApp();
    writeFileSync(path.join(app, 'src/consumers/broken.mts'), 'export const broken = (;\n');
    editJson<Config>(path.join(app, 'kontract.config.json'), (config) => ({
      ...config,
      code: { ...config.code, tsconfigs: ['tsconfig.json', 'packages/missing/tsconfig.json'] },
    }));
    const { diagnostics } = reportOf(runKontract(['check', '--format', 'json'], { cwd: app }));
    const notes = diagnostics.filter((d) => d.ruleId === 'code/unanalysable');
    expect(notes.map((d) => [d.severity, d.location?.file, d.location?.line, d.location?.column])).toEqual([
      ['info', 'packages/missing/tsconfig.json', 1, 1],
      ['info', 'src/consumers/broken.mts', 1, 24],
    ]);
    expect(notes[0]?.message).toBe(
      'Code analysis of packages/missing/tsconfig.json is incomplete: tsconfig file not found: nothing under it was analysed.',
    );
    // The planted faults are still all found: one broken file does not stop the rest.
    expect(diagnostics.filter((d) => d.ruleId !== 'code/unanalysable').length).toBe(plantedFaults.length);
  });

  it('does not analyse code when the config has no code section', () => {
    const app = copyFixtureApp();
    editJson<Config>(
      path.join(app, 'kontract.config.json'),
      ({ code: _code, ...config }) => config as Config,
    );
    const run = runKontract(['check', '--format', 'json'], { cwd: app });
    expect(run.status, run.stdout).toBe(0);
    expect(reportOf(run).diagnostics).toEqual([]);
  });
});

describe('lazy loading of TypeScript by the commands', () => {
  // The control: the hook does see ts-morph when check analyses code, so the empty lists below mean something.
  it('loads ts-morph for check when code is configured', () => {
    const { status, heavy } = runLoggingHeavyModules(['check'], fixtureApp);
    expect(status).toBe(1);
    expect(heavy.some((url) => url.includes('/ts-morph/'))).toBe(true);
  });

  it('never loads TypeScript for lint, codegen, rules or --help', () => {
    const app = copyFixtureApp();
    for (const args of [['lint'], ['codegen', '--check'], ['rules'], ['--help'], ['check', '--help']]) {
      const { status, heavy } = runLoggingHeavyModules(args, app);
      expect([args.join(' '), status, heavy]).toEqual([args.join(' '), 0, []]);
    }
  });

  it('never loads TypeScript for check when the config has no code section', () => {
    const app = copyFixtureApp();
    rmSync(path.join(app, 'kontract.config.json'));
    writeFileSync(
      path.join(app, 'kontract.config.json'),
      JSON.stringify({ include: ['contracts/**/*.avsc'] }),
    );
    const { heavy } = runLoggingHeavyModules(['check'], app);
    expect(heavy).toEqual([]);
  });
});
