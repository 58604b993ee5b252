/**
 * Consumer-aware compatibility on the demo, through the real CLI and real git: a repository of the
 * demo contracts and the fixture service's consumers, and pull requests against its `main`. Removing
 * a field a consumer reads fails with the consumer's lines in `related`, whatever the compatibility
 * mode; removing one nobody reads passes with a note; Avro's findings about an unread removal are
 * lowered. `kontract diff` agrees with `kontract check`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepo, type FileMap, type TestRepo } from '../support/git-repo.ts';
import {
  demoServiceFiles,
  lineOf,
  linkNodeTypes,
  type ReportedFinding,
  removeTestRepos,
  reportOf,
  runKontract,
  withoutField,
} from './support.ts';

const withdrawnFile = 'contracts/accounts/MoneyWithdrawn.avsc';
const consumerFile = 'src/consumers/balance-projection.mts';
/** No pull-request environment of the machine running the tests may choose the base. */
const env = { GITHUB_BASE_REF: '', GITHUB_ACTIONS: '' };

let repo: TestRepo;
let baseWithdrawn: string;
let branches = 0;

function kontract(args: string[]) {
  return runKontract(args, { cwd: repo.dir, env });
}

/** Builds the service's `main`: the demo files, then the types `kontract codegen` generates for them. */
function buildService(code: Record<string, unknown> = {}): TestRepo {
  const service = createRepo();
  repo = service;
  const files = demoServiceFiles(code);
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(service.dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  linkNodeTypes(service.dir);
  const codegen = kontract(['codegen']);
  expect(codegen.status, codegen.stderr).toBe(0);
  service.commit({ message: 'Add the accounts service' });
  return service;
}

/**
 * Opens a pull request from `main`: a branch with the given file edits, and (unless `regenerate` is
 * false) the contract types regenerated the way its author would. Leaves the branch checked out.
 */
function openPullRequest(files: FileMap, options: { regenerate?: boolean } = {}): void {
  branches += 1;
  repo.checkout('main');
  repo.commit({ branch: `pr-${branches}`, message: 'Change the MoneyWithdrawn contract', files });
  if (options.regenerate === false) return;
  const codegen = kontract(['codegen']);
  expect(codegen.status, codegen.stderr).toBe(0);
  repo.commit({ message: 'Regenerate the contract types' });
}

/** The config as `main` has it (the work tree may be on another pull request's branch). */
function mainConfig() {
  return JSON.parse(repo.git('show', 'main:kontract.config.json'));
}

/** Sets the compatibility mode of MoneyWithdrawn in the config text. */
function withMode(mode: string): FileMap {
  const config = mainConfig() as { contracts: Record<string, Record<string, unknown>> };
  const entry = config.contracts['com.acme.accounts.MoneyWithdrawn'] ?? {};
  config.contracts['com.acme.accounts.MoneyWithdrawn'] = { ...entry, compatibility: mode };
  return { 'kontract.config.json': `${JSON.stringify(config, null, 2)}\n` };
}

/** What a finding says and where, as the assertions compare it. */
function described(finding: ReportedFinding) {
  return {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    severity: finding.severity,
    at: `${finding.location?.file}:${finding.location?.line}`,
    related: (finding.related ?? []).map((r) => `${r.file}:${r.line}:${r.column} ${r.message}`),
  };
}

const amountReads = [
  `${consumerFile}:22:42 balance-projection reads \`amount\` here`,
  `${consumerFile}:23:66 balance-projection reads \`amount\` here`,
];

beforeAll(() => {
  buildService();
  baseWithdrawn = readFileSync(path.join(repo.dir, withdrawnFile), 'utf8');
});

afterAll(removeTestRepos);

describe('consumer-aware compatibility on the demo service', () => {
  it('starts from a clean main', () => {
    const run = kontract(['check', '--format', 'json']);
    expect(run.status, run.stdout).toBe(0);
    expect(reportOf(run).diagnostics).toEqual([]);
  });

  // The example: BACKWARD_TRANSITIVE (the demo's mode) accepts the removal, the consumer does not.
  it('fails a pull request that removes a field a consumer reads, with the consumer lines in related', () => {
    openPullRequest({ [withdrawnFile]: withoutField(baseWithdrawn, 'amount') });
    const run = kontract(['check', '--format', 'json']);
    expect(run.status).toBe(1);
    const { diagnostics } = reportOf(run);
    const base = repo.sha('main').slice(0, 7);
    const against = `${withdrawnFile} at the merge base of HEAD and main (${base})`;
    expect(diagnostics.map(described)).toEqual([
      {
        ruleId: 'compat/consumer-reads-removed-field',
        messageId: 'removed',
        severity: 'error',
        at: `${withdrawnFile}:3`,
        related: [
          ...amountReads,
          `${withdrawnFile}:${lineOf(baseWithdrawn, '"amount"')}:15 the field in ${against}`,
        ],
      },
    ]);
    expect(diagnostics[0]?.message).toBe(
      `Field \`amount\` of \`MoneyWithdrawn\` is removed since ${against}, but it is still read by consumer \`balance-projection\` (${consumerFile}:22 and 1 more place).`,
    );
    expect(diagnostics[0]?.fieldPath).toBe('amount');
  });

  it('passes a pull request that removes a field nobody reads, with a note that says so', () => {
    openPullRequest({ [withdrawnFile]: withoutField(baseWithdrawn, 'balanceAfter') });
    const run = kontract(['check', '--format', 'json']);
    expect(run.status, run.stdout).toBe(0);
    const { diagnostics } = reportOf(run);
    expect(diagnostics.map((d) => [d.ruleId, d.messageId, d.severity])).toEqual([
      ['compat/consumer-reads-removed-field', 'unread', 'info'],
    ]);
    expect(diagnostics[0]?.message).toMatch(
      /^Field `balanceAfter` of `MoneyWithdrawn` is removed since .*; no consumer in the analysed code reads it\.$/,
    );
  });

  it('takes the note severity from the unreadRemovedField option, and rejects an unknown one at its line', () => {
    const configWith = (setting: string): FileMap => {
      const config = mainConfig();
      const rules = {
        ...config.rules,
        'compat/consumer-reads-removed-field': { options: { unreadRemovedField: setting } },
      };
      return {
        'kontract.config.json': `${JSON.stringify({ ...config, failOn: 'error', rules }, null, 2)}\n`,
      };
    };
    openPullRequest({
      ...configWith('warning'),
      [withdrawnFile]: withoutField(baseWithdrawn, 'balanceAfter'),
    });
    const warned = kontract(['check', '--format', 'json']);
    expect(warned.status).toBe(0);
    expect(reportOf(warned).diagnostics.map((d) => [d.messageId, d.severity])).toEqual([
      ['unread', 'warning'],
    ]);

    openPullRequest({ ...configWith('fatal'), [withdrawnFile]: withoutField(baseWithdrawn, 'balanceAfter') });
    const rejected = kontract(['check', '--format', 'json']);
    expect(rejected.status).toBe(2);
    const problem = reportOf(rejected).diagnostics.find((d) => d.ruleId === 'config/invalid-value');
    expect(problem?.message).toBe(
      'Option `unreadRemovedField` of `compat/consumer-reads-removed-field` must be one of `error`, `warning`, `info`, `off`.',
    );
    const configText = readFileSync(path.join(repo.dir, 'kontract.config.json'), 'utf8');
    expect(problem?.location?.line).toBe(lineOf(configText, '"unreadRemovedField"'));
  });

  // NONE lets the registry accept anything; the consumer still reads `undefined`.
  it('fails the read removal under mode NONE too', () => {
    openPullRequest({ ...withMode('NONE'), [withdrawnFile]: withoutField(baseWithdrawn, 'amount') });
    const run = kontract(['check', '--format', 'json']);
    expect(run.status).toBe(1);
    expect(reportOf(run).diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([
      ['compat/consumer-reads-removed-field', 'error'],
    ]);
  });

  it('under FORWARD, lowers Avro’s finding about an unread removal and keeps the one about a read removal', () => {
    openPullRequest({
      ...withMode('FORWARD'),
      [withdrawnFile]: withoutField(withoutField(baseWithdrawn, 'balanceAfter'), 'amount'),
    });
    const run = kontract(['check', '--format', 'json']);
    expect(run.status).toBe(1);
    const found = reportOf(run).diagnostics.map((d) => [d.ruleId, d.messageId, d.severity, d.fieldPath]);
    expect(found).toEqual([
      ['compat/consumer-reads-removed-field', 'removed', 'error', 'amount'],
      ['compat/consumer-reads-removed-field', 'unread', 'info', 'balanceAfter'],
      ['compat/reader-field-missing-default', 'noDefault', 'error', 'amount'],
      ['compat/reader-field-missing-default', 'noDefault', 'info', 'balanceAfter'],
    ]);
    const lowered = reportOf(run).diagnostics[3];
    expect(lowered?.message).toMatch(/; no consumer in the analysed code reads `balanceAfter`\.$/);
  });

  // Avro reads the old data under the new name; the code still asks for the old one.
  it('fails a rename through an alias when a consumer still reads the old name', () => {
    const renamed = baseWithdrawn.replace(
      '{ "name": "amount",',
      '{ "name": "amountWithdrawn", "aliases": ["amount"],',
    );
    openPullRequest({ [withdrawnFile]: renamed });
    const run = kontract(['check', '--format', 'json']);
    expect(run.status).toBe(1);
    expect(reportOf(run).diagnostics.map((d) => [d.ruleId, d.messageId, d.location?.line])).toEqual([
      ['compat/consumer-reads-removed-field', 'renamed', lineOf(renamed, 'amountWithdrawn')],
    ]);
  });

  it('gives the same verdict in kontract diff', () => {
    openPullRequest({ [withdrawnFile]: withoutField(baseWithdrawn, 'amount') });
    const run = kontract(['diff', '--format', 'json']);
    expect(run.status).toBe(1);
    expect(reportOf(run).diagnostics.map(described)[0]?.related.slice(0, 2)).toEqual(amountReads);
  });

  it('accepts a waiver for the finding, with its reason', () => {
    openPullRequest({
      [withdrawnFile]: withoutField(baseWithdrawn, 'amount'),
      'kontract.config.json': JSON.stringify({
        ...mainConfig(),
        waivers: [
          {
            rule: 'compat/consumer-reads-removed-field',
            contract: 'com.acme.accounts.MoneyWithdrawn',
            field: 'amount',
            reason: 'The balance projection moves to balanceAfter in the same release.',
          },
        ],
      }),
    });
    const run = kontract(['check', '--format', 'json']);
    expect(run.status, run.stdout).toBe(0);
    expect(reportOf(run).diagnostics.map((d) => [d.ruleId, d.waived?.reason])).toEqual([
      [
        'compat/consumer-reads-removed-field',
        'The balance projection moves to balanceAfter in the same release.',
      ],
    ]);
  });

  // The control: without the code section the same removal passes, which is what the rule is for.
  it('does not know about consumers when the config has no code section', () => {
    const config = mainConfig();
    const { code: _code, ...withoutCode } = config as Record<string, unknown>;
    openPullRequest(
      {
        [withdrawnFile]: withoutField(baseWithdrawn, 'amount'),
        'kontract.config.json': JSON.stringify(withoutCode),
      },
      { regenerate: false },
    );
    const run = kontract(['check', '--format', 'json']);
    expect(run.status, run.stdout).toBe(0);
    expect(reportOf(run).diagnostics).toEqual([]);
  });
});
