import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/commands/check.ts';
import { lintWorkspace } from '../../src/commands/lint.ts';
import { listRules } from '../../src/commands/rules.ts';
import { isoToday } from '../../src/commands/workspace-run.ts';
import { lintRuleIds } from '../../src/lint/rules/index.ts';
import {
  baseFields,
  configFor,
  eventContract,
  fieldLine,
  makeWorkspace,
  removeWorkspaces,
  repoRoot,
} from '../cli/cli-harness.ts';

afterAll(removeWorkspaces);

function countAvsc(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.avsc'))
    .length;
}

/** `file:line ruleId` of each finding. */
function brief(result: Awaited<ReturnType<typeof runCheck>>): string[] {
  return result.diagnostics.map(
    (d) => `${d.location ? `${d.location.file}:${d.location.line}` : '-'} ${d.ruleId}`,
  );
}

const undocumented = { name: 'newName', type: 'string' };

describe('runCheck', () => {
  it('passes on the demo and counts every contract file', async () => {
    const result = await runCheck({ cwd: repoRoot });
    expect(result.diagnostics).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.summary.contracts).toBe(countAvsc(join(repoRoot, 'contracts')));
    expect(result.configFile).toBe('kontract.config.json');
  });

  it('returns findings with positions relative to the root, and exit 1 at or above failOn', async () => {
    const cwd = makeWorkspace({
      'contracts/AccountRenamed.avsc': eventContract('AccountRenamed', [...baseFields, undocumented]),
      'kontract.config.json': configFor(['AccountRenamed']),
    });
    const lenient = await runCheck({ cwd });
    expect(brief(lenient)).toEqual([`contracts/AccountRenamed.avsc:${fieldLine(4)} contract/doc-required`]);
    expect(lenient.exitCode).toBe(0);
    expect((await runCheck({ cwd, failOn: 'warning' })).exitCode).toBe(1);
  });

  // Waivers are judged against the date of the run; `today` makes that date an input.
  it('applies waivers against the given date', async () => {
    const cwd = makeWorkspace({
      'contracts/AccountRenamed.avsc': eventContract('AccountRenamed', [...baseFields, undocumented]),
      'kontract.config.json': configFor(['AccountRenamed'], {
        failOn: 'warning',
        waivers: [
          {
            rule: 'contract/doc-required',
            contract: 'com.acme.accounts.AccountRenamed',
            reason: 'Documented elsewhere',
            expires: '2030-06-30',
          },
        ],
      }),
    });
    const before = await runCheck({ cwd, today: '2030-06-30' });
    expect(before.summary).toMatchObject({ waived: 1, warnings: 0, exitCode: 0 });
    const after = await runCheck({ cwd, today: '2030-07-01' });
    expect(brief(after)).toEqual([
      `contracts/AccountRenamed.avsc:${fieldLine(4)} contract/doc-required`,
      expect.stringMatching(/^kontract\.config\.json:\d+ config\/waiver-expired$/),
    ]);
    expect(after.exitCode).toBe(1);
  });

  // A config that cannot be read would silently turn rules back on: report it and nothing else.
  it('reports a broken config without linting under default settings', async () => {
    const cwd = makeWorkspace({
      'contracts/AccountRenamed.avsc': eventContract('AccountRenamed', [...baseFields, undocumented]),
      'kontract.config.json':
        '{ "include": ["contracts/**/*.avsc"], "rules": { "contract/doc-required": "of" } }\n',
    });
    const result = await runCheck({ cwd });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['config/invalid-value']);
    expect(result.exitCode).toBe(2);
  });

  it('reports missing paths as input errors (exit 2) instead of throwing', async () => {
    const cwd = makeWorkspace({ 'kontract.config.json': configFor([]) });
    const result = await runCheck({ cwd, paths: ['contracts/Nope.avsc'] });
    expect(result.diagnostics.map((d) => d.ruleId)).toContain('workspace/path-not-found');
    expect(result.exitCode).toBe(2);
  });

  it('agrees with lintWorkspace while lint is the only capability', async () => {
    const cwd = makeWorkspace({
      'contracts/MoneyDeposited.avsc': eventContract('MoneyDeposited', [
        ...baseFields,
        { name: 'amount', type: 'float', doc: 'Amount.' },
      ]),
      'kontract.config.json': configFor(['MoneyDeposited']),
    });
    const [check, lint] = await Promise.all([runCheck({ cwd }), lintWorkspace({ cwd })]);
    expect(check).toEqual(lint);
    expect(brief(check)).toEqual([
      `contracts/MoneyDeposited.avsc:${fieldLine(4)} contract/money-floating-point`,
    ]);
  });
});

describe('listRules', () => {
  it('lists every rule once, sorted, with a description, every lint rule among them', () => {
    const ids = listRules().map((r) => r.id);
    expect(ids).toEqual([...new Set(ids)].sort());
    expect(ids).toEqual(expect.arrayContaining([...lintRuleIds]));
    for (const rule of listRules()) expect(rule.docs.description.length).toBeGreaterThan(0);
  });
});

describe('isoToday', () => {
  it('is the UTC date', () => {
    expect(isoToday(new Date('2030-01-31T23:59:59-05:00'))).toBe('2030-02-01');
  });
});
