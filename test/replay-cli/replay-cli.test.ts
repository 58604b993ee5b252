/**
 * `kontract replay` through the real CLI, as a user and CI run it: the demo config's consumers pass
 * with no flag, each broken twin fails exactly the property it breaks (exit 1), the reproduce line a
 * failure prints reproduces it when pasted into a shell, every report format is what it claims to be,
 * and every unusable input (bad flag, missing log, a module that does not load) exits 2 with a message
 * that names it. Seeds are pinned unless KONTRACT_PROPERTY_PROFILE=deep.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CliRun,
  mainScript,
  makeWorkspace,
  removeWorkspaces,
  repoRoot,
  runKontract,
} from '../cli/cli-harness.ts';
import { propertyRuns } from '../support/property.ts';

afterAll(() => removeWorkspaces());

const demoLog = 'fixtures/logs/demo.ndjson';
const { seed, numRuns } = propertyRuns(40);
const seedArgs = seed === undefined ? [] : ['--seed', String(seed)];

function replay(args: readonly string[], options: { cwd?: string } = {}): CliRun {
  return runKontract(['replay', ...args], options);
}

/** Runs a reproduce line as a user pastes it: in a shell, with `kontract` being this checkout's CLI. */
function runInShell(line: string, cwd: string = repoRoot): CliRun {
  const script = `kontract() { "$KONTRACT_NODE" "$KONTRACT_MAIN" "$@"; }\n${line}\n`;
  const result = spawnSync('sh', ['-c', script], {
    cwd,
    env: { ...process.env, KONTRACT_NODE: process.execPath, KONTRACT_MAIN: mainScript },
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function reproduceLines(pretty: string): string[] {
  return [...pretty.matchAll(/^ {2}reproduce: (.+)$/gm)].map((match) => match[1]!);
}

/** The lines of a pretty report that describe a failure's minimal schedule and snapshot diff. */
function failureBlock(pretty: string): string {
  const start = pretty.indexOf('✗ ');
  const end = pretty.indexOf('  reproduce: ');
  return pretty.slice(start, end).replace(/after \d+ runs? and \d+ shrinks?/, 'after … and …');
}

interface JsonReport {
  summary: { exitCode: number; errors: number };
  diagnostics: {
    ruleId: string;
    messageId: string;
    message: string;
    help?: string;
    location?: { file: string; line: number; column: number };
  }[];
}

describe('the demo config (what `pnpm contracts:replay` runs)', () => {
  // The pnpm script passes no flag: consumers, logs, runs, commit policy and budget all come from
  // kontract.config.json, so this is exactly what QA runs before a release. Its seed is random, as the
  // script's is: a correct consumer must pass under every seed, and a false alarm prints its seed.
  // Its time is measured by `pnpm bench` (replay-demo), not asserted here.
  it('passes the correct consumers over the demo log with no flag', () => {
    const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(packageJson.scripts['contracts:replay']).toBe('node src/cli/main.ts replay');
    const run = replay([]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^kontract replay — seed \d+, commit batch:5, \d+ property runs$/m);
    expect(run.stdout).toContain('\nbalance-projection (2234 records)\n');
    expect(run.stdout).toContain('\norder-state-machine (885 records)\n');
    expect(run.stdout).not.toContain('FAIL');
    expect(run.stdout.trimEnd().endsWith('No replay finding.')).toBe(true);
  }, 60_000);
});

describe('the broken twins', () => {
  const twins: [string, string][] = [
    ['balance-projection.no-dedupe', 'replay/not-idempotent'],
    ['order-state-machine.assumes-order', 'replay/order-sensitive'],
    ['balance-projection.racy-total', 'replay/race'],
    ['balance-projection.commit-first', 'replay/not-restart-safe'],
    ['balance-projection.reference-required', 'replay/evolution'],
  ];

  it.each(twins)(
    '%s exits 1 with exactly %s',
    (name, ruleId) => {
      const run = replay([
        '--consumers',
        `fixtures/consumers/${name}.ts`,
        '--log',
        demoLog,
        '--runs',
        String(numRuns),
        ...seedArgs,
        '--commit',
        'batch:5',
        '--format',
        'json',
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
      const report = JSON.parse(run.stdout) as JsonReport;
      expect(report.diagnostics.map((d) => d.ruleId)).toEqual([ruleId]);
      expect(report.diagnostics[0]!.location?.file).toBe(demoLog);
      expect(report.summary.exitCode).toBe(1);
    },
    60_000,
  );

  // The line is printed for a person to paste: it must carry the consumers and the log that were
  // given as flags, and give back the same minimal schedule, diff and reproduce line. The evolution
  // twin fails on a property's own example case, whose path only means the same with the examples.
  it.each(twins)(
    '%s: the printed reproduce line replays the same failure',
    (name, ruleId) => {
      const first = replay([
        '--consumers',
        `fixtures/consumers/${name}.ts`,
        '--log',
        demoLog,
        '--runs',
        String(numRuns),
        ...seedArgs,
        '--commit',
        'batch:5',
      ]);
      expect(first.status).toBe(1);
      const [line] = reproduceLines(first.stdout);
      expect(line).toMatch(
        new RegExp(
          `^kontract replay --consumers fixtures/consumers/${name.replace('.', '\\.')}\\.ts --log fixtures/logs/demo\\.ndjson --seed -?\\d+ --path [\\d:]+ --consumer ${name.replace('.', '\\.')} --property ${ruleId} --commit batch:5$`,
        ),
      );
      const again = runInShell(line!);
      expect(again.stderr).toBe('');
      expect(again.status).toBe(1);
      expect(failureBlock(again.stdout)).toBe(failureBlock(first.stdout));
      expect(reproduceLines(again.stdout)).toEqual([line]);
      // Only the property named in the line ran.
      expect(again.stdout.match(/^ {2}(ok {2}|FAIL|skip) /gm)).toEqual(['  FAIL ']);
    },
    60_000,
  );

  // With the inputs in the config the line needs no input flag, and `--cwd` keeps it working from
  // another directory.
  it('reproduces from another directory when the project was given with --cwd', () => {
    const elsewhere = makeWorkspace({ 'README.md': 'not the project\n' });
    const first = runKontract(
      [
        'replay',
        '--cwd',
        repoRoot,
        '--consumers',
        'fixtures/consumers/balance-projection.commit-first.ts',
        '--property',
        'not-restart-safe',
        ...seedArgs,
        '--runs',
        String(numRuns),
      ],
      { cwd: elsewhere },
    );
    expect(first.status).toBe(1);
    const [line] = reproduceLines(first.stdout);
    expect(line).toContain(`--cwd ${repoRoot.replace(/\/$/, '')}`);
    expect(line).not.toContain('--log');
    const again = runInShell(line!, elsewhere);
    expect(again.status).toBe(1);
    expect(failureBlock(again.stdout)).toBe(failureBlock(first.stdout));
  }, 60_000);
});

describe('report formats', () => {
  const twin = ['--consumers', 'fixtures/consumers/balance-projection.no-dedupe.ts', '--log', demoLog];
  const quick = ['--runs', '20', '--seed', '7', '--commit', 'batch:5'];

  // Parsed by the JDK's XML parser: CI tools reject a report that is not well-formed.
  it('junit is well-formed XML with one failing test case', () => {
    const dir = makeWorkspace({});
    const file = join(dir, 'replay.xml');
    const run = replay([...twin, ...quick, '--format', 'junit', '--output', file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`Report written to ${file}: ✖ 1 error in 12 contracts\n`);
    const parsed = spawnSync('java', [join(repoRoot, 'test/replay-cli/XmlWellFormed.java'), file], {
      encoding: 'utf8',
    });
    expect(parsed.stderr).toBe('');
    const [cases, failing] = parsed.stdout.trim().split(' ').map(Number);
    expect(failing).toBe(1);
    expect(cases).toBe(7);
    expect(readFileSync(file, 'utf8')).toContain('<failure type="replay/not-idempotent"');
  }, 60_000);

  it('html is one self-contained page with the timeline as inline SVG', () => {
    const run = replay([...twin, ...quick, '--format', 'html']);
    expect(run.status).toBe(1);
    const html = run.stdout;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<svg');
    expect(html).toContain('replay/not-idempotent');
    expect(html).toContain('kontract replay --consumers fixtures/consumers/balance-projection.no-dedupe.ts');
    // Nothing to fetch: no script, stylesheet link or image from elsewhere (the SVG namespace is a name, not a fetch).
    expect(html).not.toMatch(/<script|<link|<iframe|\b(src|href)="(?!data:)/i);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:\/\//);
  }, 60_000);

  it('markdown carries the timeline, the diff and the reproduce line', () => {
    const run = replay([...twin, ...quick, '--format', 'markdown']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('## ❌ `replay/not-idempotent` in `balance-projection.no-dedupe`');
    expect(run.stdout).toContain('src="data:image/svg+xml;base64,');
    expect(run.stdout).toContain('```diff');
    expect(run.stdout).toMatch(/```sh\nkontract replay --consumers /);
  }, 60_000);

  // The generic formats serve replay findings like any other: SARIF describes the replay rules.
  it('sarif and github carry the finding at its log line', () => {
    const sarif = replay([...twin, ...quick, '--format', 'sarif']);
    expect(sarif.status).toBe(1);
    const log = JSON.parse(sarif.stdout);
    const [result] = log.runs[0].results;
    expect(result.ruleId).toBe('replay/not-idempotent');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(demoLog);
    const rules = log.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(rules).toContain('replay/not-idempotent');
    const github = replay([...twin, ...quick, '--format', 'github']);
    expect(github.status).toBe(1);
    expect(github.stdout).toMatch(/^::error file=fixtures\/logs\/demo\.ndjson,line=\d+/m);
  }, 60_000);

  it('says when the search covered only a prefix of the log', () => {
    const run = replay([
      '--consumers',
      'fixtures/consumers/balance-projection.ts',
      '--log',
      demoLog,
      '--max-records',
      '300',
      '--runs',
      '5',
      '--seed',
      '1',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe(
      'the logs hold 3119 valid records; the search covered the first 300 of them (--max-records)',
    );
  }, 60_000);

  it('shows no progress line when stderr is not a terminal', () => {
    const run = replay([
      '--consumers',
      'fixtures/consumers/balance-projection.ts',
      '--runs',
      '3',
      '--seed',
      '1',
    ]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  }, 60_000);
});

describe('inputs that cannot be used exit 2', () => {
  const usageCases: [string, string[], RegExp][] = [
    [
      'a runs count of 0',
      ['--runs', '0'],
      /^kontract: --runs must be a whole number of at least 1, not '0'\.$/m,
    ],
    [
      'a commit policy with batch size 0',
      ['--commit', 'batch:0'],
      /--commit must be per-record, batch:N or interval:MS/,
    ],
    [
      'a misspelt property',
      ['--property', 'not-idempotnt'],
      /unknown property 'not-idempotnt'; did you mean 'replay\/not-idempotent'\?/,
    ],
    [
      'a path without its seed',
      ['--path', '0:1', '--property', 'race'],
      /--path replays a failure of one seed/,
    ],
    ['a path without its property', ['--path', '0:1', '--seed', '4'], /give the one --property it failed/],
    [
      'a malformed path',
      ['--path', '0;1', '--seed', '4', '--property', 'race'],
      /--path must be a fast-check path/,
    ],
    ['a seed that is not a number', ['--seed', 'abc'], /--seed must be a whole number that fits 32 bits/],
    ['a budget of no time', ['--budget', '0'], /--budget must be a number of seconds above 0/],
    ['an unknown format', ['--format', 'pdf'], /unknown value 'pdf' for --format; expected one of .*html/],
    [
      'an unknown flag',
      ['--logs', demoLog],
      /unknown option '--logs' for 'kontract replay'\. Did you mean '--log'\?/i,
    ],
  ];
  it.each(usageCases)('%s', (_name, args, message) => {
    const run = replay(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: kontract replay [options]');
  });

  it('a log that does not exist, named in the report, before anything is replayed', () => {
    const run = replay(['--log', 'fixtures/logs/nope.ndjson', '--format', 'json']);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => `${d.ruleId} ${d.message}`)).toEqual([
      'workspace/path-not-found The recorded log fixtures/logs/nope.ndjson (--log) does not exist.',
    ]);
  });

  it('a consumer module that does not load, at its file', () => {
    const dir = makeWorkspace({ 'broken.ts': 'export const consumer = ;\n' });
    const run = replay(['--consumers', join(dir, 'broken.ts'), '--runs', '2', '--seed', '1']);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(
      /broken\.ts:1: error replay\/setup-failed: Consumer module `[^`]*broken\.ts` could not be loaded/,
    );
  }, 60_000);

  it('a module that exports no consumer', () => {
    const dir = makeWorkspace({ 'plain.ts': 'export const answer = 42;\n' });
    const run = replay(['--consumers', join(dir, 'plain.ts'), '--runs', '2', '--format', 'json']);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => `${d.ruleId}:${d.messageId}`)).toEqual(['replay/setup-failed:load']);
    expect(report.diagnostics[0]!.message).toContain('exports no consumer made with defineConsumer');
  }, 60_000);

  it('a consumer name that no module exports, with the closest one', () => {
    const run = replay([
      '--consumers',
      'fixtures/consumers/balance-projection.ts,fixtures/consumers/order-state-machine.ts',
      '--consumer',
      'balance-projecton',
      '--format',
      'json',
    ]);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.diagnostics.map((d) => `${d.ruleId} ${d.message}`)).toEqual([
      'workspace/unknown-consumer No consumer named balance-projecton in the modules replayed; did you mean balance-projection?',
    ]);
  }, 60_000);

  it('a glob that matches nothing', () => {
    const run = replay(['--consumers', 'fixtures/consumers/*.nope.ts']);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(
      'The glob fixtures/consumers/*.nope.ts (--consumers) matches no consumer module.',
    );
  });

  // Without a config there is nothing to replay: the message says where the inputs can come from.
  it('no consumer and no log anywhere', () => {
    const dir = makeWorkspace({ 'contracts/.keep': '' });
    const run = replay(['--format', 'json'], { cwd: dir });
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    const ids = report.diagnostics.map((d) => d.ruleId);
    expect(ids).toContain('workspace/no-consumers');
    expect(ids).toContain('workspace/no-logs');
    expect(report.diagnostics.find((d) => d.ruleId === 'workspace/no-consumers')!.help).toMatch(
      /Give --consumers <glob>, or list the modules under "replay": \{ "consumers": \[\.\.\.\] \} in kontract\.config\.json\./,
    );
  });

  // Config problems point at the exact line and column, like every other config problem.
  it('a bad replay section and a config log that does not exist, at their places in the config', () => {
    const config = [
      '{',
      '  "replay": {',
      '    "consumers": ["consumers/*.ts"],',
      '    "logs": ["logs/missing.ndjson"],',
      '    "commit": "batch:0"',
      '  }',
      '}',
      '',
    ].join('\n');
    const dir = makeWorkspace({ 'kontract.config.json': config });
    const run = replay(['--format', 'json'], { cwd: dir });
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(
      report.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.ruleId} ${d.message}`),
    ).toEqual([
      '1:1 workspace/no-contracts No contract file matches "contracts/**/*.avsc" in the folder of kontract.config.json.',
      '3:19 workspace/path-not-found The glob consumers/*.ts matches no consumer module.',
      '4:14 workspace/path-not-found The recorded log logs/missing.ndjson does not exist.',
      '5:15 config/invalid-value "commit" must be a commit policy: "per-record", "batch:N" or "interval:MS" with N, MS at least 1, not "batch:0".',
    ]);
  });

  it('html still renders a page when nothing could be replayed', () => {
    const run = replay(['--log', 'fixtures/logs/nope.ndjson', '--format', 'html']);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(
      '<p>Nothing was replayed: 1 error in 12 contracts — 1 input error, the check is incomplete.</p>',
    );
    expect(run.stdout).toContain('fixtures/logs/nope.ndjson (--log) does not exist.');
  });
});

describe('the output file', () => {
  it('is written whole, with no temporary file left behind', () => {
    const dir = makeWorkspace({});
    const file = join(dir, 'replay.json');
    const run = replay([
      '--consumers',
      'fixtures/consumers/balance-projection.ts',
      '--runs',
      '3',
      '--seed',
      '1',
      '--format',
      'json',
      '--output',
      file,
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).summary.exitCode).toBe(0);
    expect(readdirSync(dir)).toEqual(['replay.json']);
  }, 60_000);
});
