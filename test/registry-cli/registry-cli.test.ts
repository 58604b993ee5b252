/**
 * `kontract publish`, `diff --against registry` and `check --registry` through the real CLI (a child
 * process running src/cli/main.ts) against the real schema registry of docs/infra.md: each test works
 * on its own copy of the demo workspace, whose topics (and so subjects) carry a unique suffix.
 * Covers the publish table and its idempotence, an incompatible change named by subject and version
 * in diff, check and publish, the cross-check, a registry that is down, wrong credentials (never
 * printed), credentials refused in the config, and where the URL comes from.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegistryClient } from '../../src/registry/registry-client.ts';
import { type CliRun, runKontract } from '../cli/cli-harness.ts';
import { ensureAuthRegistry } from '../infra/servers.ts';
import { type DemoWorkspace, demoWorkspace, lineOf, uniqueSuffix } from '../registry/demo-workspace.ts';

let registryUrl: string;
const workspaces: DemoWorkspace[] = [];

beforeAll(() => {
  registryUrl = inject('kontractRegistryUrl');
});

afterAll(async () => {
  await Promise.all(workspaces.map((workspace) => workspace.remove()));
});

/**
 * A copy of the demo workspace whose every subject is its own: the topics carry a unique suffix, and
 * so do the subjects of the two shared types without a topic (`Money`, `OrderLine`), which would
 * otherwise be one subject for every test on the shared registry.
 */
async function workspace(label: string): Promise<DemoWorkspace> {
  const suffix = uniqueSuffix(label);
  const made = await demoWorkspace(suffix);
  workspaces.push(made);
  await made.editConfig((config) => {
    for (const shared of ['com.acme.common.Money', 'com.acme.orders.OrderLine']) {
      config.contracts[shared] = { subject: `${shared}-${suffix}` };
    }
  });
  return made;
}

/** Runs the CLI in the workspace, with no registry variable from the outer environment. */
function kontract(root: string, args: readonly string[], env: Record<string, string> = {}): CliRun {
  return runKontract(args, {
    cwd: root,
    env: {
      KONTRACT_REGISTRY_URL: '',
      KONTRACT_REGISTRY_USERNAME: '',
      KONTRACT_REGISTRY_PASSWORD: '',
      KONTRACT_REGISTRY_TOKEN: '',
      ...env,
    },
  });
}

/** The rows of the publish table: subject, version, id, status. */
function tableRows(stdout: string): string[][] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => /^subject\s+version\s+id\s+status$/.test(line));
  expect(header, stdout).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === '') break;
    rows.push(line.trim().split(/\s+/));
  }
  return rows;
}

interface JsonReport {
  summary: { exitCode: number; errors: number; infos: number };
  diagnostics: {
    ruleId: string;
    severity: string;
    message: string;
    data?: Record<string, unknown>;
    location?: { file: string; line: number; column: number };
  }[];
}

/** A port on which nothing listens: a registry that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The demo's `AccountOpened` with a required field the registered versions do not have. */
async function addRequiredBranchCode(demo: DemoWorkspace): Promise<void> {
  await demo.editContract('contracts/accounts/AccountOpened.avsc', (schema) => {
    schema.fields.push({ name: 'branchCode', type: 'string', doc: 'Branch that opened the account.' });
  });
}

const accountOpened = 'com.acme.accounts.AccountOpened';

describe('kontract publish', () => {
  // The whole promise of publish: the first run registers every contract, the second registers
  // nothing and names the same versions and ids, in the table and in the machine-readable report.
  it('registers every contract once and nothing on a second run', async () => {
    const demo = await workspace('cli-pub');
    const first = kontract(demo.root, ['publish', '--registry', registryUrl]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const registered = tableRows(first.stdout);
    expect(registered).toHaveLength(12);
    expect(new Set(registered.map((row) => row[3]))).toEqual(new Set(['registered']));
    expect(registered.map((row) => row[0])).toContain(demo.subject(accountOpened));
    expect(registered.every((row) => row[1] === '1' && /^\d+$/.test(row[2] ?? ''))).toBe(true);
    expect(first.stdout).toContain('Registered 12 schemas; 0 already registered.');
    expect(first.stdout.trimEnd().endsWith('✔ 12 contracts, no findings')).toBe(true);

    const second = kontract(demo.root, ['publish', '--registry', registryUrl]);
    expect(second.status).toBe(0);
    const unchanged = tableRows(second.stdout);
    expect(unchanged.map((row) => row[3])).toEqual(registered.map(() => 'unchanged'));
    expect(unchanged.map((row) => row.slice(0, 3))).toEqual(registered.map((row) => row.slice(0, 3)));
    expect(second.stdout).toContain('Registered 0 schemas; 12 already registered.');

    const json = kontract(demo.root, ['publish', '--registry', registryUrl, '--format', 'json']);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => d.ruleId)).toEqual(registered.map(() => 'publish/unchanged'));
    const opened = report.diagnostics.find((d) => d.data?.subject === demo.subject(accountOpened));
    const openedRow = registered.find((row) => row[0] === demo.subject(accountOpened));
    expect(opened?.data).toEqual({
      subject: demo.subject(accountOpened),
      version: 1,
      id: Number(openedRow?.[2]),
    });
  });

  it('registers nothing on a dry run and says what it would register', async () => {
    const demo = await workspace('cli-dry');
    const dry = kontract(demo.root, ['publish', '--dry-run', '--registry', registryUrl]);
    expect(dry.status).toBe(0);
    const rows = tableRows(dry.stdout);
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => row[1] === '-' && row[2] === '-' && row[3] === 'would-register')).toBe(true);
    expect(dry.stdout).toContain(
      'Dry run: 12 schemas would be registered, 0 already registered; nothing was registered.',
    );
    const client = await RegistryClient.connect({ url: registryUrl }, {});
    expect(await client.listVersions(demo.subject(accountOpened))).toEqual([]);
  });
});

describe('an incompatible change against the registry', () => {
  let demo: DemoWorkspace;
  let line: number;
  let publishedId: string;
  beforeAll(async () => {
    demo = await workspace('cli-break');
    const published = kontract(demo.root, ['publish', '--registry', registryUrl]);
    expect(published.status).toBe(0);
    publishedId =
      tableRows(published.stdout).find((row) => row[0] === demo.subject(accountOpened))?.[2] ?? '';
    await addRequiredBranchCode(demo);
    line = await lineOf(demo.root, 'contracts/accounts/AccountOpened.avsc', '"branchCode"');
  });

  // The pull-request question: diff exits 1 and names the subject and the registered version the
  // change breaks, on the new field's line.
  it('fails diff --against registry, naming the subject and the version', () => {
    const run = kontract(demo.root, ['diff', '--against', 'registry', '--registry', registryUrl]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const finding = run.stdout
      .split('\n')
      .find((text) => text.includes('compat/reader-field-missing-default'));
    expect(finding).toBeDefined();
    expect(finding).toContain(`contracts/accounts/AccountOpened.avsc:${line}:`);
    expect(finding).toContain(
      `this schema cannot read data written with version 1 (id ${publishedId}) of subject \`${demo.subject(accountOpened)}\``,
    );
    expect(run.stdout).toContain(
      `Compared 12 contracts with the schema registry at ${registryUrl}: 12 registered versions checked; modes: BACKWARD_TRANSITIVE (config default) × 12.`,
    );
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 1 error in 12 contracts');
  });

  it('fails check --registry with the same finding in the one report', () => {
    const run = kontract(demo.root, ['check', '--registry', registryUrl, '--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    const compat = report.diagnostics.filter((d) => d.ruleId.startsWith('compat/'));
    expect(
      compat.map((d) => [d.ruleId, d.location?.line, d.data?.subject, d.data?.registeredVersion]),
    ).toEqual([['compat/reader-field-missing-default', line, demo.subject(accountOpened), 1]]);
    expect(report.summary.exitCode).toBe(1);
  });

  it('refuses to publish and registers nothing', async () => {
    const run = kontract(demo.root, ['publish', '--registry', registryUrl]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('compat/reader-field-missing-default');
    expect(run.stdout).toContain('Publish refused: the checks found errors; nothing was registered.');
    expect(run.stdout).not.toMatch(/^subject\s+version/m);
    const client = await RegistryClient.connect({ url: registryUrl }, {});
    expect(await client.listVersions(demo.subject(accountOpened))).toEqual([1]);
  });
});

describe('--cross-check', () => {
  // Under the contract's own NONE kontract accepts the change; the subject's BACKWARD level in the
  // registry refuses it. Both verdicts are printed, and the difference does not fail the run.
  it("prints both verdicts where the config's mode and the registry's level disagree", async () => {
    const demo = await workspace('cli-cross');
    expect(kontract(demo.root, ['publish', '--registry', registryUrl]).status).toBe(0);
    await addRequiredBranchCode(demo);
    await demo.editConfig((config) => {
      (config.contracts[accountOpened] as Record<string, unknown>).compatibility = 'NONE';
    });
    const client = await RegistryClient.connect({ url: registryUrl }, {});
    await client.setCompatibility(demo.subject(accountOpened), 'BACKWARD');

    const run = kontract(demo.root, [
      'diff',
      '--against',
      'registry',
      '--registry',
      registryUrl,
      '--cross-check',
    ]);
    expect(run.status).toBe(0);
    const finding = run.stdout.split('\n').find((text) => text.includes('registry/cross-check-differs'));
    expect(finding).toContain(
      `kontract finds \`${accountOpened}\` compatible with subject \`${demo.subject(accountOpened)}\` under NONE; the registry, applying its level BACKWARD, says incompatible`,
    );
    expect(finding).toMatch(/^contracts\/accounts\/AccountOpened\.avsc:1:1 +info /);
    expect(run.stdout).toContain(
      "Cross-check: the registry's verdict differs on 1 of 12 subjects with versions",
    );

    // Without the flag the registry's endpoint is not asked, so nothing is said about it.
    const plain = kontract(demo.root, ['diff', '--against', 'registry', '--registry', registryUrl]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).not.toContain('cross-check');
  });
});

describe('registry trouble', () => {
  // Down is a clear exit 2 on stderr, with the URL and what to check; no report, no stack trace.
  it('exits 2 with a clear message when the registry is down', async () => {
    const demo = await workspace('cli-down');
    const url = `http://127.0.0.1:${await closedPort()}/apis/ccompat/v7`;
    for (const args of [
      ['diff', '--against', 'registry', '--registry', url],
      ['check', '--registry', url],
      ['publish', '--registry', url, '--format', 'json'],
    ]) {
      const run = kontract(demo.root, args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(
          `^kontract: .*cannot reach the schema registry at ${url.replaceAll('.', '\\.')} \\(3 attempts\\)`,
        ),
      );
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  describe('on the registry that requires a password', () => {
    let auth: Awaited<ReturnType<typeof ensureAuthRegistry>>;
    beforeAll(async () => {
      auth = await ensureAuthRegistry();
    }, 300_000);

    // A wrong password from the environment is refused with exit 2, and the password, the
    // username:password pair and its base64 appear nowhere in the output.
    it('exits 2 on a wrong password without printing it', async () => {
      const demo = await workspace('cli-auth');
      const password = 'wrong-horse-battery-staple';
      const env = { KONTRACT_REGISTRY_USERNAME: auth.username, KONTRACT_REGISTRY_PASSWORD: password };
      const secrets = [password, Buffer.from(`${auth.username}:${password}`).toString('base64')];
      for (const args of [
        ['diff', '--against', 'registry', '--registry', auth.registryUrl],
        ['publish', '--registry', auth.registryUrl],
        ['check', '--registry', auth.registryUrl, '--format', 'json'],
      ]) {
        const run = kontract(demo.root, args, env);
        expect(run.status, args.join(' ')).toBe(2);
        expect(run.stderr).toContain('rejected the username and password');
        for (const secret of secrets) expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
      }
    });

    it('drops a password written into the --registry URL from every message', async () => {
      const demo = await workspace('cli-auth-url');
      const url = new URL(auth.registryUrl);
      url.username = auth.username;
      url.password = 'not-the-password';
      const run = kontract(demo.root, ['diff', '--against', 'registry', '--registry', url.toString()]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('rejected');
      expect(`${run.stdout}${run.stderr}`).not.toContain('not-the-password');
    });

    it('publishes with the right password from the environment', async () => {
      const demo = await workspace('cli-auth-ok');
      const run = kontract(demo.root, ['publish', '--registry', auth.registryUrl], {
        KONTRACT_REGISTRY_USERNAME: auth.username,
        KONTRACT_REGISTRY_PASSWORD: auth.password,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(tableRows(run.stdout)).toHaveLength(12);
    });
  });
});

describe('the registry section of the config', () => {
  // A password in the config would be committed: it is an input error that says which variable to
  // use, and the value is not repeated (not even in the json report's data).
  it('refuses credentials in the config without repeating them', async () => {
    const demo = await workspace('cli-secret');
    await demo.editConfig((config) => {
      config.registry = {
        url: 'https://alice:hunter2hunter2@registry.example.com',
        password: 's3cr3t-value',
      };
    });
    const run = kontract(demo.root, ['diff', '--against', 'registry', '--format', 'json']);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => [d.ruleId, d.location?.file])).toEqual([
      ['config/invalid-value', 'kontract.config.json'],
      ['config/invalid-value', 'kontract.config.json'],
    ]);
    expect(report.diagnostics.map((d) => d.message).join('\n')).toContain('set KONTRACT_REGISTRY_PASSWORD');
    expect(run.stdout).not.toContain('s3cr3t-value');
    expect(run.stdout).not.toContain('hunter2hunter2');
    // The pretty report says the registry was never asked, rather than "0 contracts compared".
    const pretty = kontract(demo.root, ['diff', '--against', 'registry']);
    expect(pretty.status).toBe(2);
    expect(pretty.stdout).toContain(
      '\nThe schema registry was not asked: the input errors above come first.\n',
    );
    expect(pretty.stdout).not.toMatch(/s3cr3t-value|hunter2hunter2|Compared/);
  });

  // Flag over environment over config, each tried by pointing the others at a registry that is down.
  it('takes the URL from the flag, then KONTRACT_REGISTRY_URL, then registry.url', async () => {
    const demo = await workspace('cli-url');
    const down = `http://127.0.0.1:${await closedPort()}/apis/ccompat/v7`;
    await demo.editConfig((config) => {
      config.registry = { url: registryUrl, timeoutMs: 5000 };
    });
    const fromConfig = kontract(demo.root, ['diff', '--against', 'registry']);
    expect(fromConfig.status).toBe(0);
    expect(fromConfig.stdout).toContain(`with the schema registry at ${registryUrl}:`);

    const fromEnv = kontract(demo.root, ['diff', '--against', 'registry'], { KONTRACT_REGISTRY_URL: down });
    expect(fromEnv.status).toBe(2);
    expect(fromEnv.stderr).toContain(`cannot reach the schema registry at ${down}`);

    const fromFlag = kontract(demo.root, ['diff', '--against', 'registry', '--registry', registryUrl], {
      KONTRACT_REGISTRY_URL: down,
    });
    expect(fromFlag.status).toBe(0);

    await demo.editConfig((config) => {
      config.registry = { url: down };
    });
    const none = kontract(demo.root, ['diff', '--against', 'registry', '--registry', registryUrl]);
    expect(none.status).toBe(0);
  });
});
