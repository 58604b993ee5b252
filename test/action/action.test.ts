/**
 * The bundled Action, run as GitHub runs it (`node dist/index.js` with `INPUT_*` and `GITHUB_*`),
 * inside real git repositories: a base branch and a pull request branch, checked out the way
 * actions/checkout does by default (depth 1, detached at the head). Asserts the annotations on
 * stdout, the job summary, the outputs, the reports on disk and the exit code.
 */
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneRepo, createRepo, removeTestRepos, type TestRepo } from '../support/git-repo.ts';
import { runBundledAction, workflowCommands } from './action-harness.ts';

/** The project lives below the repository top, so every path must be re-rooted for GitHub. */
const project = 'services/orders';

const config = JSON.stringify(
  {
    include: ['contracts/**/*.avsc'],
    contracts: { 'com.acme.orders.OrderPlaced': { topic: 'orders', key: 'orderId' } },
  },
  null,
  2,
);

/** The same, with the money and default rules off: only the missing doc (a warning) remains on the pull request. */
const lenientConfig = JSON.stringify({
  ...(JSON.parse(config) as object),
  rules: { 'contract/money-floating-point': 'off', 'compat/reader-field-missing-default': 'off' },
});

const field = (name: string, type: unknown, doc?: string) =>
  `    { "name": "${name}", "type": ${JSON.stringify(type)}${doc ? `, "doc": "${doc}"` : ''} }`;

function orderPlaced(extraFields: string[]): string {
  return [
    '{',
    '  "type": "record",',
    '  "name": "OrderPlaced",',
    '  "namespace": "com.acme.orders",',
    '  "doc": "A customer placed an order.",',
    '  "fields": [',
    [
      field('eventId', { type: 'string', logicalType: 'uuid' }, 'Unique id of this event.'),
      field('version', 'int', 'Schema version of this event.'),
      field('occurredAt', { type: 'long', logicalType: 'timestamp-millis' }, 'When the order was placed.'),
      field('orderId', 'string', 'Id of the order; the record key.'),
      ...extraFields,
    ].join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

const cleanContract = orderPlaced([]);
/** The pull request adds money as a double (an error) and a field without a doc (a warning). */
const changedContract = orderPlaced([
  field('amount', 'double', 'Total of the order.'),
  field('note', 'string'),
]);

let origin: TestRepo;
let headSha: string;

beforeAll(() => {
  origin = createRepo({
    files: {
      'README.md': '# shop\n',
      [`${project}/kontract.config.json`]: config,
      [`${project}/kontract.lenient.json`]: lenientConfig,
      [`${project}/contracts/OrderPlaced.avsc`]: cleanContract,
    },
    commits: [
      { message: 'main moves on', files: { 'CHANGELOG.md': 'main moved on\n' } },
      {
        message: 'Add an amount to OrderPlaced',
        branch: 'feature',
        from: 'main~1',
        files: { [`${project}/contracts/OrderPlaced.avsc`]: changedContract },
      },
    ],
  });
  headSha = origin.sha('feature');
  origin.checkout('main');
});

afterAll(() => removeTestRepos());

/** A pull request checkout as actions/checkout makes it by default: depth 1, HEAD detached. */
function pullRequestCheckout(): TestRepo {
  return cloneRepo(origin, { depth: 1, branch: 'feature', detach: true });
}

describe('a pull request run on a depth-1 checkout', () => {
  // The common case end to end: exact annotations, the summary with links, outputs, reports, exit 1.
  it('annotates each finding on its line, writes the summary, reports and outputs, and fails', () => {
    const checkout = pullRequestCheckout();
    const run = runBundledAction({
      workspace: checkout.dir,
      inputs: { 'working-directory': project },
      pullRequest: { baseRef: 'main', headSha },
    });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const file = `${project}/contracts/OrderPlaced.avsc`;
    const at = (line: number) => `file=${file},line=${line},endLine=${line},col=\\d+,endColumn=\\d+`;
    // The base is not in the depth-1 clone: the Action fetched it, and compared with it.
    expect(workflowCommands(run.stdout, 'error')).toEqual([
      expect.stringMatching(
        new RegExp(`^::error title=compat/reader-field-missing-default,${at(11)}::Reader field \`amount\``),
      ),
      expect.stringMatching(
        new RegExp(`^::error title=contract/money-floating-point,${at(11)}::Money field \`amount\``),
      ),
      expect.stringMatching(
        new RegExp(`^::error title=compat/reader-field-missing-default,${at(12)}::Reader field \`note\``),
      ),
      '::error::✖ 3 errors, 1 warning in 1 contract',
    ]);
    expect(workflowCommands(run.stdout, 'warning')).toEqual([
      expect.stringMatching(new RegExp(`^::warning title=contract/doc-required,${at(12)}::`)),
    ]);

    expect(run.outputs).toEqual({
      errors: '3',
      warnings: '1',
      'report-path': join(run.runnerTemp, 'kontract', 'kontract-report.json'),
      'sarif-path': join(run.runnerTemp, 'kontract', 'kontract.sarif'),
    });
    const report = JSON.parse(readFileSync(run.outputs['report-path'] ?? '', 'utf8')) as {
      diagnostics: { location: { file: string } }[];
    };
    expect(new Set(report.diagnostics.map((d) => d.location.file))).toEqual(new Set([file]));
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-path'] ?? '', 'utf8')) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual(
      Array(4).fill(file),
    );

    expect(run.summary).toContain('## kontract check');
    expect(run.summary).toContain('### ✖ kontract: 3 errors, 1 warning in 1 contract');
    expect(run.summary).toContain('| Contract lint | 1 | 1 | 0 | 0 |');
    expect(run.summary).toContain('| Schema evolution | 2 | 0 | 0 | 0 |');
    expect(run.summary).toContain(`(<https://github.com/acme/shop/blob/${headSha}/${file}#L11>)`);
    expect(run.summary).toMatch(
      /- Compared against: merge base of HEAD and origin\/main \([0-9a-f]{7}\), after fetching from origin/,
    );
    expect(run.summary).toContain('### Schema changes (base → this pull request)');
  });

  // A removed field has no line in the pull request: it is annotated on its record's line, with the base excerpt.
  it('annotates a removed field on its record in the new file and shows the base excerpt', () => {
    const forward = JSON.stringify({
      include: ['contracts/**/*.avsc'],
      contracts: {
        'com.acme.orders.OrderPlaced': { topic: 'orders', key: 'orderId', compatibility: 'FORWARD' },
      },
    });
    const withEmail = orderPlaced([field('email', 'string', 'Where to reach the customer.')]);
    const source = createRepo({
      files: { 'kontract.config.json': forward, 'contracts/OrderPlaced.avsc': withEmail },
      commits: [
        {
          message: 'Drop the email',
          branch: 'drop-email',
          files: { 'contracts/OrderPlaced.avsc': cleanContract },
        },
      ],
    });
    const checkout = cloneRepo(source, { depth: 1, branch: 'drop-email', detach: true });
    const run = runBundledAction({ workspace: checkout.dir, pullRequest: { baseRef: 'main' } });
    expect(run.status).toBe(1);
    expect(workflowCommands(run.stdout, 'error')[0]).toMatch(
      /^::error title=compat\/reader-field-missing-default,file=contracts\/OrderPlaced.avsc,line=3,endLine=3,col=\d+,endColumn=\d+::Reader field `email`/,
    );
    expect(run.summary).toContain('"name": "email", "type": "string"');
    expect(run.summary).toMatch(/Base \(`[0-9a-f]{7}`\), `contracts\/OrderPlaced.avsc`:/);
  });

  it('runs diff: the schema-evolution findings only, saying what it compared with', () => {
    const run = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: { command: 'diff', 'working-directory': project },
      pullRequest: { baseRef: 'main', headSha },
    });
    expect(run.status).toBe(1);
    expect(workflowCommands(run.stdout, 'error').map((line) => /title=([^,:]+)/.exec(line)?.[1])).toEqual([
      'compat/reader-field-missing-default',
      'compat/reader-field-missing-default',
      undefined,
    ]);
    expect(run.summary).toMatch(
      /- Compared against: 1 contract changed since the merge base of HEAD and origin\/main/,
    );
  });
});

describe('comparing with a base that is not there', () => {
  // A base branch that does not exist must fail the run with the reason, never read as clean.
  it('fails with the missing base branch named', () => {
    const run = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: { 'working-directory': project },
      pullRequest: { baseRef: 'release-9', headSha },
    });
    expect(run.status).toBe(2);
    expect(workflowCommands(run.stdout, 'error').join('\n')).toContain('release-9');
    expect(run.summary).toContain('the check is incomplete');
  });

  it('fails on an explicit against that names nothing', () => {
    const run = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: { 'working-directory': project, against: 'v9.9.9' },
    });
    expect(run.status).toBe(2);
    expect(workflowCommands(run.stdout, 'error').join('\n')).toContain('v9.9.9');
  });
});

describe('thresholds and config', () => {
  // Below the threshold, findings are still annotated but the step passes; `config` and `fail-on` take effect.
  it('passes with warnings below fail-on, still annotates them, and fails on them with fail-on warning', () => {
    const inputs = { 'working-directory': project, config: 'kontract.lenient.json' };
    const lenient = runBundledAction({ workspace: pullRequestCheckout().dir, inputs });
    expect(lenient.status).toBe(0);
    expect(workflowCommands(lenient.stdout, 'error')).toEqual([]);
    expect(workflowCommands(lenient.stdout, 'warning')).toHaveLength(1);
    expect(lenient.outputs.errors).toBe('0');
    expect(lenient.outputs.warnings).toBe('1');
    expect(lenient.summary).toContain('### ⚠ kontract: 1 warning in 1 contract');

    const strict = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: { ...inputs, 'fail-on': 'warning' },
    });
    expect(strict.status).toBe(1);
    expect(workflowCommands(strict.stdout, 'error')).toEqual(['::error::✖ 1 warning in 1 contract']);
  });

  it('passes on the base branch, which has no findings', () => {
    const run = runBundledAction({
      workspace: cloneRepo(origin, { depth: 1, branch: 'main' }).dir,
      inputs: { 'working-directory': project },
    });
    expect(run.status).toBe(0);
    expect(run.outputs.errors).toBe('0');
    expect(run.outputs.warnings).toBe('0');
    expect(run.summary).toContain('### ✔ kontract: 1 contract, no findings');
  });
});

describe('bad input', () => {
  it('names the input and the allowed values for an unknown command', () => {
    const run = runBundledAction({ workspace: pullRequestCheckout().dir, inputs: { command: 'chek' } });
    expect(run.status).toBe(2);
    expect(workflowCommands(run.stdout, 'error')[0]).toBe(
      "::error title=kontract input 'command'::Input 'command' has an unknown value 'chek'; allowed values: check, lint, diff, replay. Did you mean 'check'?",
    );
    expect(run.summary).toContain('this is not a clean result');
    expect(run.outputs).toEqual({});
  });

  it('names the input and the allowed values for an unknown fail-on', () => {
    const run = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: { 'working-directory': project, 'fail-on': 'info' },
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(
      "Input 'fail-on' has an unknown value 'info'; allowed values: error, warning.",
    );
  });

  it('fails on a config file that does not exist instead of running with defaults', () => {
    const run = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: { 'working-directory': project, config: 'kontract.prod.json' },
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(
      "::error title=kontract input 'config'::Input 'config' names 'kontract.prod.json'",
    );
  });

  it('fails on a working directory that does not exist', () => {
    const run = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: { 'working-directory': 'nope' },
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("Input 'working-directory' is 'nope', which is not a directory");
  });

  // An input the command would not use must not be silently ignored.
  it('rejects against and registry-url for lint, which compares nothing', () => {
    const run = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: { command: 'lint', against: 'main', 'registry-url': 'https://registry.example' },
    });
    expect(run.status).toBe(2);
    expect(workflowCommands(run.stdout, 'error').slice(0, 2)).toEqual([
      "::error title=kontract input 'against'::Input 'against' is set, but command 'lint' does not use it (only check and diff do); remove it or choose one of those commands.",
      "::error title=kontract input 'registry-url'::Input 'registry-url' is set, but command 'lint' does not use it (only check and diff do); remove it or choose one of those commands.",
    ]);
  });

  it('rejects credentials without a registry URL', () => {
    const run = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: { 'registry-username': 'ci', 'registry-password': 's3cr3t-pw' },
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("Input 'registry-username' is set without 'registry-url'");
    // The password is masked before anything else happens.
    expect(run.stdout.split('\n')[0]).toBe('::add-mask::s3cr3t-pw');
  });

  // Fork pull requests get no secrets: the registry step is skipped, loudly, and the checks still run.
  it('skips the registry with a notice on a fork pull request without secrets', () => {
    const run = runBundledAction({
      workspace: pullRequestCheckout().dir,
      inputs: {
        'working-directory': project,
        'registry-url': 'https://registry.example',
        'registry-username': 'ci',
      },
      pullRequest: { baseRef: 'main', headSha, headRepository: 'someone/shop' },
    });
    expect(workflowCommands(run.stdout, 'notice')).toEqual([
      expect.stringContaining(
        '::notice title=kontract registry skipped::Registry steps skipped: this pull request comes from a fork',
      ),
    ]);
    expect(run.status).toBe(1);
    expect(run.outputs.errors).toBe('3');
    expect(run.summary).toContain('Note: Registry steps skipped');
  });

  // replay takes its consumers and logs from the config's `replay` section; the bundle must load
  // the consumer modules (jiti and its Babel transform, shipped as dist/babel.cjs) as written.
  it('runs replay from the config: the demo consumers over the demo log pass', () => {
    const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
    const run = runBundledAction({ workspace: repoRoot, inputs: { command: 'replay' } });
    expect(run.stdout).not.toContain('replay/setup-failed');
    expect(run.status).toBe(0);
    expect(run.outputs.errors).toBe('0');
    expect(run.summary).toContain('kontract replay');
  }, 120_000);

  it('fails replay without consumers in the config, saying how to give them', () => {
    const run = runBundledAction({ workspace: pullRequestCheckout().dir, inputs: { command: 'replay' } });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('No consumer module to replay');
  });
});

describe('code analysis', () => {
  const codeProject = {
    'kontract.config.json': JSON.stringify({ ...(JSON.parse(config) as object), code: {} }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
    'src/producer.ts': 'export const topic = "orders";\n',
    'contracts/OrderPlaced.avsc': cleanContract,
  };

  // ts-morph is not in the bundle: without it in the project, code analysis fails with what to do.
  it('fails with the fix when the project has no ts-morph installed', () => {
    const repo = createRepo({ files: codeProject });
    const run = runBundledAction({ workspace: repo.dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(
      "::error title=kontract could not run::code analysis (the config's code section) needs ts-morph",
    );
    expect(run.summary).toContain("**How to fix:** Add ts-morph to the project's devDependencies");
  });

  it("analyses the code with the project's own ts-morph", () => {
    const repo = createRepo({ files: codeProject });
    symlinkSync(
      fileURLToPath(new URL('../../node_modules', import.meta.url)),
      join(repo.dir, 'node_modules'),
    );
    const run = runBundledAction({ workspace: repo.dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.summary).toContain('### ✔ kontract: 1 contract, no findings');
  });
});

describe('start-up', () => {
  // The start-up time itself is measured by `pnpm bench` (action-startup); here: an input error
  // stops right after loading the bundle, cleanly, and a small project is checked end to end.
  it('loads the bundle and rejects an unknown command, and checks a small project', () => {
    const checkout = pullRequestCheckout();
    const rejected = runBundledAction({ workspace: checkout.dir, inputs: { command: 'none' } });
    expect(rejected.status).toBe(2);
    expect(`${rejected.stdout}${rejected.stderr}`).toContain('command');
    const whole = runBundledAction({ workspace: checkout.dir, inputs: { 'working-directory': project } });
    // The checkout's project has findings (exit 1): what matters is that it was checked, not refused.
    expect(whole.status).toBe(1);
    expect(whole.summary).toContain('kontract');
  });
});
