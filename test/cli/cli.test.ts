import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  baseFields,
  configFor,
  eventContract,
  fieldLine,
  makeWorkspace,
  removeWorkspaces,
  repoRoot,
  runKontract,
} from './cli-harness.ts';

afterAll(removeWorkspaces);

interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  summary: { contracts: number; errors: number; warnings: number; waived: number; exitCode: number };
  diagnostics: {
    ruleId: string;
    severity: string;
    location?: { file: string; line: number; column: number };
    waived?: { reason: string };
  }[];
}

/** `file:line ruleId` of every finding, the compact form these tests compare. */
function findingsOf(stdout: string): string[] {
  const report = JSON.parse(stdout) as JsonReport;
  return report.diagnostics.map(
    (d) => `${d.location ? `${d.location.file}:${d.location.line}` : '-'} ${d.ruleId}`,
  );
}

/** One event with a `double` amount (an error) and one with an undocumented field (a warning). */
function workspaceWithFindings(configExtra: Record<string, unknown> = {}): string {
  return makeWorkspace({
    'contracts/MoneyDeposited.avsc': eventContract('MoneyDeposited', [
      ...baseFields,
      { name: 'amount', type: 'double', doc: 'The amount.' },
    ]),
    'contracts/AccountRenamed.avsc': eventContract('AccountRenamed', [
      ...baseFields,
      { name: 'newName', type: 'string' },
    ]),
    'kontract.config.json': configFor(['MoneyDeposited', 'AccountRenamed'], configExtra),
  });
}

/** Only the undocumented field: a warning and nothing else. */
function workspaceWithWarningOnly(configExtra: Record<string, unknown> = {}): string {
  return makeWorkspace({
    'contracts/AccountRenamed.avsc': eventContract('AccountRenamed', [
      ...baseFields,
      { name: 'newName', type: 'string' },
    ]),
    'kontract.config.json': configFor(['AccountRenamed'], configExtra),
  });
}

const amountLine = fieldLine(baseFields.length);

describe('the demo', () => {
  // The demo domain is the embedded default of `pnpm contracts:check`: it must stay clean.
  it.each(['check', 'lint'])('%s passes on the demo contracts with exit 0', (command) => {
    const run = runKontract([command]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^✔ \d+ contracts, no findings\n$/);
    expect(run.status).toBe(0);
  });

  it('reports the demo as JSON with the documented envelope', () => {
    const run = runKontract(['check', '--format', 'json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'kontract', version: manifest.version });
    expect(report.diagnostics).toEqual([]);
    expect(report.summary.exitCode).toBe(0);
    expect(run.status).toBe(0);
  });
});

describe('findings', () => {
  it('exits 1 and points at the exact line', () => {
    const run = runKontract(['lint'], { cwd: workspaceWithFindings() });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`contracts/MoneyDeposited.avsc:${amountLine}:`);
    expect(run.stdout).toContain('contract/money-floating-point');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 1 error, 1 warning in 2 contracts');
  });

  it('prints nothing but the JSON report on stdout', () => {
    const run = runKontract(['check', '--format', 'json'], { cwd: workspaceWithFindings() });
    expect(findingsOf(run.stdout)).toEqual([
      `contracts/AccountRenamed.avsc:${fieldLine(baseFields.length)} contract/doc-required`,
      `contracts/MoneyDeposited.avsc:${amountLine} contract/money-floating-point`,
    ]);
    expect(run.status).toBe(1);
  });

  it('writes GitHub annotations on the exact line', () => {
    const run = runKontract(['lint', '--format', 'github'], { cwd: workspaceWithFindings() });
    expect(run.stdout).toMatch(
      new RegExp(
        `^::error file=contracts/MoneyDeposited.avsc,line=${amountLine},col=\\d+,endLine=\\d+,endColumn=\\d+,title=contract/money-floating-point::`,
        'm',
      ),
    );
    expect(run.stdout).toMatch(
      /^::warning file=contracts\/AccountRenamed.avsc,.*title=contract\/doc-required::/m,
    );
    expect(run.status).toBe(1);
  });

  it('lists only errors with --quiet but still counts the warning', () => {
    const run = runKontract(['lint', '--quiet'], { cwd: workspaceWithFindings() });
    expect(run.stdout).not.toContain('contract/doc-required');
    expect(run.stdout).toContain('contract/money-floating-point');
    expect(run.stdout).toContain('1 warning');
  });

  it('checks only the paths given', () => {
    const run = runKontract(['lint', '--format', 'json', 'contracts/MoneyDeposited.avsc'], {
      cwd: workspaceWithFindings(),
    });
    expect(findingsOf(run.stdout)).toEqual([
      `contracts/MoneyDeposited.avsc:${amountLine} contract/money-floating-point`,
    ]);
    expect((JSON.parse(run.stdout) as JsonReport).summary.contracts).toBe(1);
  });

  // A named contract may use types defined in files that were not named; they load as context.
  it('resolves references into files of the config that were not named', () => {
    const cwd = makeWorkspace({
      'contracts/common/Money.avsc': `${JSON.stringify({
        type: 'record',
        name: 'Money',
        namespace: 'com.acme.common',
        doc: 'An exact amount.',
        fields: [
          { name: 'amountMinor', type: 'long', doc: 'Minor units.' },
          { name: 'currency', type: 'string', doc: 'ISO 4217 code.' },
        ],
      })}\n`,
      'contracts/MoneyDeposited.avsc': eventContract('MoneyDeposited', [
        ...baseFields,
        { name: 'amount', type: 'com.acme.common.Money', doc: 'The amount.' },
      ]),
      'contracts/AccountRenamed.avsc': eventContract('AccountRenamed', [
        ...baseFields,
        { name: 'newName', type: 'string' },
      ]),
      'kontract.config.json': configFor(['MoneyDeposited', 'AccountRenamed']),
    });
    const run = runKontract(['lint', 'contracts/MoneyDeposited.avsc'], { cwd });
    expect(run.stdout).toBe('✔ 1 contract, no findings\n');
    expect(run.status).toBe(0);
  });

  // Fixtures and scratch folders are not what the config describes: its entries are not "unknown".
  it('checks paths outside the config on their own, without judging the config against them', () => {
    const cwd = workspaceWithFindings();
    const scratch = makeWorkspace({
      'AccountRenamed.avsc': eventContract('AccountRenamed', [
        ...baseFields,
        { name: 'newName', type: 'string' },
      ]),
    });
    const run = runKontract(['lint', '--format', 'json', join(scratch, 'AccountRenamed.avsc')], { cwd });
    expect(findingsOf(run.stdout).map((f) => f.split(' ')[1])).toEqual(['contract/doc-required']);
    expect(run.status).toBe(0);
  });
});

describe('--fail-on', () => {
  it('lets warnings pass by default and fails on them with --fail-on warning', () => {
    const cwd = workspaceWithWarningOnly();
    const lenient = runKontract(['lint'], { cwd });
    expect(lenient.status).toBe(0);
    expect(lenient.stdout.trimEnd().split('\n').at(-1)).toBe('⚠ 1 warning in 1 contract');
    const strict = runKontract(['lint', '--fail-on', 'warning'], { cwd });
    expect(strict.status).toBe(1);
    expect(strict.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 1 warning in 1 contract');
  });

  // The command line outranks the config, in both directions.
  it("takes the config's failOn, and the flag overrides it", () => {
    const cwd = workspaceWithWarningOnly({ failOn: 'warning' });
    expect(runKontract(['lint'], { cwd }).status).toBe(1);
    expect(runKontract(['lint', '--fail-on', 'error'], { cwd }).status).toBe(0);
  });
});

describe('waivers', () => {
  const waiver = (expires: string) => ({
    waivers: [
      {
        rule: 'contract/doc-required',
        contract: 'com.acme.accounts.AccountRenamed',
        field: 'newName',
        reason: 'Documented in the wiki',
        expires,
      },
    ],
  });

  it('shows a waived finding dimmed with its reason and does not fail on it', () => {
    const cwd = workspaceWithWarningOnly(waiver('2999-12-31'));
    const run = runKontract(['lint', '--fail-on', 'warning'], { cwd });
    expect(run.stdout).toContain('(waived: Documented in the wiki; expires 2999-12-31)');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('✔ 1 contract, no findings (1 waived)');
    expect(run.status).toBe(0);
  });

  // KONTRACT_TODAY pins the date, so an expiry can be tested without waiting for it.
  it('reports an expired waiver in the config and fails on the finding again', () => {
    const cwd = workspaceWithWarningOnly(waiver('2030-01-31'));
    const run = runKontract(['lint', '--format', 'json', '--fail-on', 'warning'], {
      cwd,
      env: { KONTRACT_TODAY: '2030-02-01' },
    });
    expect(findingsOf(run.stdout)).toEqual([
      `contracts/AccountRenamed.avsc:${fieldLine(baseFields.length)} contract/doc-required`,
      expect.stringMatching(/^kontract\.config\.json:\d+ config\/waiver-expired$/),
    ]);
    expect(run.status).toBe(1);
  });
});

describe('input errors', () => {
  it('exits 2 on a malformed contract, with its position and no stack trace', () => {
    const cwd = makeWorkspace({
      'contracts/Broken.avsc': '{\n  "type": "record",\n  "name": "Broken"\n  "fields": []\n}\n',
      'contracts/MoneyDeposited.avsc': eventContract('MoneyDeposited', [
        ...baseFields,
        { name: 'amount', type: 'double', doc: 'The amount.' },
      ]),
      'kontract.config.json': configFor(['MoneyDeposited']),
    });
    const run = runKontract(['check'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^contracts\/Broken\.avsc:4:3 +error +.*contract\/invalid-json$/m);
    // The other contract is still checked: one broken file does not hide the rest.
    expect(run.stdout).toContain('contract/money-floating-point');
    expect(run.stdout).toContain('the check is incomplete');
    expect(run.stderr).toBe('');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a broken config and does not lint with settings it could not read', () => {
    const cwd = makeWorkspace({
      'contracts/MoneyDeposited.avsc': eventContract('MoneyDeposited', [
        ...baseFields,
        { name: 'amount', type: 'double', doc: 'The amount.' },
      ]),
      'kontract.config.json': '{ "include": ["contracts/**/*.avsc"], "failon": "warning" }\n',
    });
    const run = runKontract(['lint', '--format', 'json'], { cwd });
    expect(findingsOf(run.stdout)).toEqual(['kontract.config.json:1 config/unknown-key']);
    expect(run.status).toBe(2);
  });

  it('exits 2 on a path that does not exist', () => {
    const run = runKontract(['lint', 'contracts/Nope.avsc'], { cwd: workspaceWithFindings() });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('workspace/path-not-found');
    expect(run.stdout).toContain('contracts/Nope.avsc');
  });

  it('exits 2 on an empty contracts folder', () => {
    const cwd = makeWorkspace({ 'contracts/README.md': 'No contracts yet.\n' });
    const run = runKontract(['check'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('workspace/no-contracts');
  });

  it('exits 2 when --config names a missing file', () => {
    const run = runKontract(['lint', '--config', 'missing.json'], { cwd: workspaceWithFindings() });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('missing.json');
  });
});

describe('usage errors', () => {
  it('names an unknown command, suggests the closest one and shows usage on stderr', () => {
    const run = runKontract(['lnit']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "kontract: unknown command 'lnit'. Did you mean 'lint'?\nUsage: kontract <command> [options] [paths...]\nRun 'kontract help' for more.\n",
    );
  });

  it('names an unknown option and suggests the closest one', () => {
    const run = runKontract(['check', '--fial-on', 'warning']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "kontract: unknown option '--fial-on' for 'kontract check'. Did you mean '--fail-on'?\nUsage: kontract check [options] [paths...]\nRun 'kontract help check' for more.\n",
    );
  });

  it('rejects a --cwd that is not a directory', () => {
    const run = runKontract(['check', '--cwd', 'package.json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^kontract: --cwd package\.json: no such directory\.\nUsage: kontract check/);
  });

  it('rejects a format that does not exist', () => {
    const run = runKontract(['lint', '--format', 'yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "unknown value 'yaml' for --format; expected one of pretty, json, github, sarif, junit, markdown.",
    );
  });

  it('prints the overview on stderr without a command', () => {
    const run = runKontract([]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^kontract: missing command\.\n\nkontract \S+: keeps Kafka event contracts honest\./,
    );
  });
});

describe('help and version', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints the overview on stdout', (flag) => {
    const run = runKontract([flag]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    for (const command of ['check', 'lint', 'rules', 'help'])
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each([
    ['lint', '--help'],
    ['help', 'lint'],
    ['lint', '-h'],
  ])('%s %s prints the command help', (...argv) => {
    const run = runKontract(argv);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: kontract lint \[options\] \[paths\.\.\.\]\n/);
    expect(run.stdout).toContain('--fail-on <severity>');
  });

  it('prints the version from package.json, also through bin/kontract.js', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(runKontract(['--version']).stdout).toBe(`${manifest.version}\n`);
    const viaBin = runKontract(['--version'], { script: join(repoRoot, 'bin/kontract.js') });
    expect(viaBin).toEqual({ status: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });
});

describe('rules', () => {
  it('prints the Markdown rule table, one row per rule', () => {
    const run = runKontract(['rules', '--format', 'markdown']);
    const json = JSON.parse(runKontract(['rules', '--format', 'json']).stdout) as { rules: { id: string }[] };
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('| Rule | Kind | Default | Description |');
    expect(lines.length).toBe(json.rules.length + 2);
    for (const rule of json.rules) expect(run.stdout).toContain(`| \`${rule.id}\` |`);
    expect(run.status).toBe(0);
  });
});

describe('--output', () => {
  it('writes the report to the file, leaves stdout empty and no temp file behind', () => {
    const cwd = workspaceWithFindings();
    const run = runKontract(['check', '--format', 'json', '--output', 'reports-report.json'], { cwd });
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^Report written to .*reports-report\.json: ✖ 1 error, 1 warning in 2 contracts\n$/,
    );
    expect(run.status).toBe(1);
    expect(findingsOf(readFileSync(join(cwd, 'reports-report.json'), 'utf8'))).toHaveLength(2);
    expect(readdirSync(cwd).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 2 with a one-line message when the file cannot be written', () => {
    const cwd = workspaceWithFindings();
    const run = runKontract(['check', '--output', 'no/such/dir/report.txt'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^kontract: cannot write the report to .*report\.txt \(ENOENT\)\.\n$/);
    expect(existsSync(join(cwd, 'no'))).toBe(false);
  });
});

describe('colour', () => {
  it('is off on a pipe, on with --color, and --no-color wins over FORCE_COLOR', () => {
    const cwd = workspaceWithFindings();
    expect(runKontract(['lint'], { cwd }).stdout).not.toContain('\u001b[');
    expect(runKontract(['lint', '--color'], { cwd }).stdout).toContain('\u001b[31merror');
    expect(runKontract(['lint', '--no-color'], { cwd, env: { FORCE_COLOR: '1' } }).stdout).not.toContain(
      '\u001b[',
    );
    expect(runKontract(['lint'], { cwd, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain(
      '\u001b[',
    );
  });
});
