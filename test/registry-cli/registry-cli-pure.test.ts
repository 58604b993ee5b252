/**
 * The CLI's own logic around the registry and Kafka commands, without servers: where settings come
 * from (flag, environment, config), the semi-space decision of `record`, the broker list, credentials
 * refused in the config without being repeated, the merge of `check --registry`, and the texts the
 * commands print. Also that the commands which never talk to a server never load the registry library
 * or the Kafka client.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeRegistryResult } from '../../src/cli/commands/check.ts';
import { describeRegistryCompat } from '../../src/cli/commands/diff.ts';
import { describePublish, publishExitCode } from '../../src/cli/commands/publish.ts';
import {
  formatRecordSummary,
  kontractExecutable,
  recordSemiSpaceFlag,
  rerunCommand,
  semiSpaceLimitOf,
} from '../../src/cli/commands/record.ts';
import { UsageError } from '../../src/cli/io.ts';
import { replaySourceWords } from '../../src/cli/replay-sources.ts';
import { parseBrokers, registryOptionsOf } from '../../src/cli/server-settings.ts';
import type { PublishResult } from '../../src/commands/publish.ts';
import type { CheckResult } from '../../src/commands/workspace-run.ts';
import { parseConfig } from '../../src/contracts/load-config.ts';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { summarize } from '../../src/report/render.ts';
import { repoRoot } from '../cli/cli-harness.ts';
import { propertyRuns } from '../support/property.ts';

describe('the semi-space limit of kontract record', () => {
  it('reads the limit from the flags and NODE_OPTIONS, in every spelling V8 takes', () => {
    expect(semiSpaceLimitOf([], undefined)).toBeUndefined();
    expect(semiSpaceLimitOf(['--max-old-space-size=512'], '--inspect')).toBeUndefined();
    expect(semiSpaceLimitOf(['--max-semi-space-size=16'], undefined)).toBe(16);
    expect(semiSpaceLimitOf([], '--max_semi_space_size=8 --trace-gc')).toBe(8);
    expect(semiSpaceLimitOf(['--max-semi-space-size', '4'], undefined)).toBe(4);
    // A value that is no number sets no limit: the command then adds its own.
    expect(semiSpaceLimitOf(['--max-semi-space-size=lots'], undefined)).toBeUndefined();
  });

  // Node reads NODE_OPTIONS first and its own command line after it, so the command line wins.
  it('lets the command line win over NODE_OPTIONS, wherever the flags sit', () => {
    const spelling = fc.constantFrom(
      '--max-semi-space-size',
      '--max_semi_space_size',
      '--max-semi_space-size',
    );
    const other = fc.constantFrom(
      '--trace-gc',
      '--max-old-space-size=256',
      '--enable-source-maps',
      '--no-warnings',
    );
    fc.assert(
      fc.property(
        fc.array(other, { maxLength: 3 }),
        fc.array(other, { maxLength: 3 }),
        fc.option(fc.tuple(spelling, fc.integer({ min: 1, max: 512 }), fc.boolean())),
        fc.option(fc.tuple(spelling, fc.integer({ min: 1, max: 512 }), fc.boolean())),
        (envOthers, argvOthers, inEnv, inArgv) => {
          const words = (flag: [string, number, boolean] | null) =>
            flag === null ? [] : flag[2] ? [`${flag[0]}=${flag[1]}`] : [flag[0], String(flag[1])];
          const nodeOptions = [...envOthers, ...words(inEnv)].join(' ');
          const execArgv = [...words(inArgv), ...argvOthers];
          expect(semiSpaceLimitOf(execArgv, nodeOptions)).toBe(inArgv?.[1] ?? inEnv?.[1]);
        },
      ),
      propertyRuns(200),
    );
  });

  // Whatever script started the process (src/cli/main.ts here), the re-run starts the executable,
  // with the same arguments after the command's name.
  it('runs the executable again with the same arguments, the flag after the Node flags', () => {
    expect(
      rerunCommand(
        '/usr/bin/node',
        ['--enable-source-maps'],
        ['/usr/bin/node', 'src/cli/main.ts', 'record', 't', '--out', 'x'],
      ),
    ).toEqual({
      command: '/usr/bin/node',
      args: ['--enable-source-maps', recordSemiSpaceFlag, kontractExecutable, 'record', 't', '--out', 'x'],
    });
    expect(kontractExecutable).toBe(path.join(repoRoot, 'bin/kontract.js'));
    expect(recordSemiSpaceFlag).toBe('--max-semi-space-size=16');
  });

  // bin/kontract.js is plain JavaScript and cannot import the constant: it must say the same.
  it('agrees with the executable on the flag', () => {
    expect(readFileSync(kontractExecutable, 'utf8')).toContain(`'${recordSemiSpaceFlag}'`);
  });
});

describe('where the registry settings come from', () => {
  // Flag over environment over config, for the URL and the timeout; an environment timeout is left
  // to the adapter, which reads it itself, so the config's must not shadow it.
  it('takes the flag, then the environment, then the config', () => {
    const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });
    const url = fc.constantFrom('http://flag:1', 'http://env:2', 'http://config:3');
    fc.assert(
      fc.property(
        maybe(url),
        maybe(fc.constantFrom('', 'http://env:2')),
        maybe(url),
        maybe(fc.integer({ min: 1, max: 60_000 })),
        maybe(fc.constantFrom('', '2500')),
        maybe(fc.integer({ min: 1, max: 60_000 })),
        (flagUrl, envUrl, configUrl, flagTimeout, envTimeout, configTimeout) => {
          const env = { KONTRACT_REGISTRY_URL: envUrl, KONTRACT_REGISTRY_TIMEOUT_MS: envTimeout };
          const config = {
            ...(configUrl === undefined ? {} : { url: configUrl }),
            ...(configTimeout === undefined ? {} : { timeoutMs: configTimeout }),
          };
          const options = registryOptionsOf({ url: flagUrl, timeoutMs: flagTimeout }, env, config);
          expect(options.url).toBe(flagUrl ?? (envUrl === '' ? undefined : envUrl) ?? configUrl);
          const envSet = envTimeout !== undefined && envTimeout !== '';
          expect(options.timeoutMs).toBe(flagTimeout ?? (envSet ? undefined : configTimeout));
          // Never a credential: those are the adapter's to read from the environment.
          expect(Object.keys(options).every((key) => key === 'url' || key === 'timeoutMs')).toBe(true);
        },
      ),
      propertyRuns(300),
    );
  });
});

describe('broker lists', () => {
  it('splits and trims host:port lists, brackets for IPv6', () => {
    expect(parseBrokers('127.0.0.1:19092', '--brokers', 'record')).toEqual(['127.0.0.1:19092']);
    expect(parseBrokers(' a:1, b.example:9092 ,[::1]:9093,', '--brokers', 'record')).toEqual([
      'a:1',
      'b.example:9092',
      '[::1]:9093',
    ]);
  });

  it('refuses an entry without a port, naming it and where it came from', () => {
    expect(() => parseBrokers('a:1,localhost', 'KONTRACT_KAFKA_BROKERS', 'record')).toThrow(
      new UsageError(
        "KONTRACT_KAFKA_BROKERS must be broker addresses host:port, comma-separated; 'localhost' is not one.",
        'record',
      ),
    );
    expect(() => parseBrokers(' , ', '--brokers', 'replay')).toThrow(UsageError);
  });

  it('gives back any list of host:port it was given, joined with commas and spaces', () => {
    const host = fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/);
    const broker = fc.tuple(host, fc.integer({ min: 1, max: 65_535 })).map(([h, p]) => `${h}:${p}`);
    fc.assert(
      fc.property(
        fc.array(broker, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(',', ', ', ' , '),
        (list, sep) => {
          expect(parseBrokers(list.join(sep), '--brokers', 'record')).toEqual(list);
        },
      ),
      propertyRuns(200),
    );
  });
});

describe('credentials in the config', () => {
  const configFile = (config: unknown) => ({
    path: 'kontract.config.json',
    bytes: new TextEncoder().encode(JSON.stringify(config, null, 2)),
  });

  it('says which variable to use for a password, a token or a username, at the key', () => {
    const { diagnostics, config } = parseConfig(
      configFile({ registry: { password: 'p', token: 't', username: 'u', url: 'http://r:1' } }),
    );
    expect(diagnostics.map((d) => [d.ruleId, d.messageId, d.location?.line, d.data])).toEqual([
      ['config/invalid-value', 'credential-in-config', 3, { key: 'password' }],
      ['config/invalid-value', 'credential-in-config', 4, { key: 'token' }],
      ['config/invalid-value', 'credential-in-config', 5, { key: 'username' }],
    ]);
    expect(diagnostics[0]?.message).toBe(
      '"password" is not allowed in "registry". Never write the registry password into the config (it is committed with the code): set KONTRACT_REGISTRY_PASSWORD in the environment (a CI secret) instead, with KONTRACT_REGISTRY_USERNAME.',
    );
    expect(diagnostics[1]?.message).toContain('set KONTRACT_REGISTRY_TOKEN');
    // The rest of the section still applies.
    expect(config.registry).toEqual({ url: 'http://r:1' });
  });

  // Whatever the secret, it appears in no message and no data of the findings about it.
  it('never repeats a secret written as a password or into the URL', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{10,24}$/);
    fc.assert(
      fc.property(secret, secret, (password, urlPassword) => {
        const { diagnostics } = parseConfig(
          configFile({
            registry: { password, url: `https://alice:${urlPassword}@registry.example.com/apis/ccompat/v7` },
          }),
        );
        expect(diagnostics).toHaveLength(2);
        const text = JSON.stringify(diagnostics);
        expect(text).not.toContain(password);
        expect(text).not.toContain(urlPassword);
        expect(diagnostics.find((d) => d.location?.pointer === '/registry/url')?.message).toBe(
          '"url" must be an http:// or https:// URL without a username or password in it (the value is not shown: it may hold a secret; credentials go in KONTRACT_REGISTRY_USERNAME and KONTRACT_REGISTRY_PASSWORD).',
        );
      }),
      propertyRuns(100),
    );
  });

  it('keeps the kafka section, and names a broker without a port', () => {
    const good = parseConfig(configFile({ kafka: { brokers: ['k1:9092', 'k2:9092'] } }));
    expect(good.diagnostics).toEqual([]);
    expect(good.config.kafka).toEqual({ brokers: ['k1:9092', 'k2:9092'] });
    const bad = parseConfig(configFile({ kafka: { brokers: ['k1'] } }));
    expect(bad.diagnostics.map((d) => d.message)).toEqual([
      'Item 0 of "brokers" must be a broker address "host:port", not "k1".',
    ]);
  });
});

/** A finding as the merge sees it; only what identifies it matters here. */
function finding(ruleId: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return {
    ruleId,
    messageId: 'm',
    severity: 'error',
    message: `${ruleId} message`,
    location: { file: 'contracts/A.avsc', line: 3, column: 5 },
    fingerprint: ruleId,
    ...extra,
  };
}

function result(diagnostics: Diagnostic[]): CheckResult {
  const summary = summarize(diagnostics, { contracts: 4, failOn: 'error' });
  return {
    diagnostics,
    summary,
    exitCode: summary.exitCode,
    root: '/project',
    configFile: 'kontract.config.json',
  };
}

describe('check --registry: one report from two runs', () => {
  const unused = (rule: string): Diagnostic =>
    finding('config/waiver-unused', {
      severity: 'warning',
      message: `The waiver of \`${rule}\` for \`com.acme.A\` matched no finding.`,
      fingerprint: `unused ${rule}`,
      data: { rule, contract: 'com.acme.A' },
      location: { file: 'kontract.config.json', line: 9, column: 5 },
    });

  it('adds the registry findings, reports what both runs saw once, and summarises again', () => {
    const configProblem = finding('config/invalid-value', {
      location: { file: 'kontract.config.json', line: 2, column: 3 },
    });
    const lint = finding('contract/doc-required', { severity: 'warning' });
    const registry = finding('compat/reader-field-missing-default', {
      message: 'breaks version 1 of subject s',
    });
    const merged = mergeRegistryResult(result([configProblem, lint]), result([configProblem, registry]));
    expect(merged.diagnostics.map((d) => d.ruleId)).toEqual([
      'compat/reader-field-missing-default',
      'contract/doc-required',
      'config/invalid-value',
    ]);
    expect(merged.summary).toMatchObject({
      errors: 2,
      warnings: 1,
      inputErrors: 1,
      exitCode: 2,
      contracts: 4,
    });
    expect(merged.exitCode).toBe(2);
    expect(merged.configFile).toBe('kontract.config.json');
  });

  // A waiver of a compat rule is judged by both runs: the git comparison may find nothing to waive
  // while the registry comparison used it. Unused means unused by both.
  it('reports a waiver unused only when neither run used it', () => {
    const waived = finding('compat/type-mismatch', {
      contract: 'com.acme.A',
      waived: { reason: 'consumers upgraded first' },
    });
    const merged = mergeRegistryResult(
      result([unused('compat/type-mismatch'), unused('compat/name-mismatch')]),
      result([waived, unused('compat/name-mismatch')]),
    );
    expect(merged.diagnostics.map((d) => [d.ruleId, d.data?.rule ?? null])).toEqual([
      ['compat/type-mismatch', null],
      ['config/waiver-unused', 'compat/name-mismatch'],
    ]);
    expect(merged.summary).toMatchObject({ errors: 0, warnings: 1, waived: 1, exitCode: 0 });
  });
});

describe('what the commands print', () => {
  it('says what a registry comparison covered', () => {
    const subject = (mode: string, source: string, versions: number[], checked: number[]) => ({
      contract: 'c',
      file: 'f',
      subject: 's',
      decision: { mode, source },
      registeredVersions: versions,
      checkedVersions: checked.map((version) => ({ version, id: version })),
    });
    const subjects = [
      subject('BACKWARD_TRANSITIVE', 'config-default', [1, 2], [1, 2]),
      subject('BACKWARD_TRANSITIVE', 'config-default', [], []),
      subject('FORWARD', 'subject', [1, 2, 3], [3]),
    ] as Parameters<typeof describeRegistryCompat>[0]['subjects'];
    const check = (kontract: boolean, registry: boolean) =>
      ({ kontract, registry }) as Parameters<typeof describeRegistryCompat>[0]['crossChecks'][number];
    expect(
      describeRegistryCompat(
        { subjects, crossChecks: [check(true, true), check(false, true)] },
        'https://alice:pw@registry.example.com/apis?token=x',
        true,
      ),
    ).toEqual([
      "Compared 3 contracts with the schema registry at https://registry.example.com/apis: 3 registered versions checked, 1 subject has no version yet; modes: BACKWARD_TRANSITIVE (config default) × 2, FORWARD (the subject's level) × 1.",
      "Cross-check: the registry's verdict differs on 1 of 2 subjects with versions (see registry/cross-check-*).",
    ]);
  });

  it('exits 1 exactly when publish refused, 2 when an input was unusable', () => {
    const publish = (exitCode: 0 | 1 | 2, refused: boolean) =>
      ({ summary: { exitCode }, refused }) as Pick<PublishResult, 'summary' | 'refused'>;
    expect(publishExitCode(publish(0, false))).toBe(0);
    // Warnings at --fail-on did not stop the registration: still 0.
    expect(publishExitCode(publish(1, false))).toBe(0);
    expect(publishExitCode(publish(1, true))).toBe(1);
    expect(publishExitCode(publish(2, true))).toBe(2);
    const entries = [
      { contract: 'a', file: 'a', subject: 'sa', status: 'registered' as const, version: 2, id: 7 },
      { contract: 'b', file: 'b', subject: 'sb', status: 'unchanged' as const, version: 1, id: 3 },
    ];
    const done = { entries, refused: false, summary: { exitCode: 0 } } as unknown as PublishResult;
    expect(describePublish(done, false)).toBe('Registered 1 schema; 1 already registered.');
    const refused = { entries: [], refused: true, summary: { exitCode: 1 } } as unknown as PublishResult;
    expect(describePublish(refused, false)).toBe(
      'Publish refused: the checks found errors; nothing was registered.',
    );
  });

  it('says what a recording holds, partition by partition', () => {
    const text = formatRecordSummary(
      {
        out: '/work/logs/accounts.ndjson',
        topic: 'accounts',
        records: 12,
        bytes: 3 * 1024,
        partitions: [
          { partition: 0, from: '0', end: '10', skipped: 0 },
          { partition: 1, from: '5', end: '5', skipped: 0 },
          { partition: 2, from: '100', end: '102', skipped: 3 },
        ],
        resumed: true,
        undecoded: 1,
      },
      1.234,
      '/work',
    );
    expect(text).toBe(
      [
        'Recorded 12 records of accounts into logs/accounts.ndjson (3.0 KiB, 1.2 s), resuming an interrupted recording.',
        '  partition 0: offsets 0-9',
        '  partition 1: no records at or after offset 5',
        '  partition 2: offsets 100-101 (3 deleted by retention before they could be read)',
        '1 value was kept in wire format: the registry does not know its schema id or could not decode it.',
        '',
      ].join('\n'),
    );
  });

  it('puts the replay sources in the reproduce line without credentials', () => {
    const invocation = {
      command: 'replay',
      positionals: [],
      options: {
        'from-kafka': 'accounts',
        partitions: '0-2',
        brokers: 'k1:9092',
        registry: 'https://alice:pw@registry.example.com/apis/ccompat/v7',
      },
    };
    expect(replaySourceWords(invocation)).toEqual([
      '--from-kafka',
      'accounts',
      '--partitions',
      '0-2',
      '--brokers',
      'k1:9092',
      '--registry',
      'https://registry.example.com/apis/ccompat/v7',
    ]);
  });
});

describe('commands that talk to no server', () => {
  const repository = repoRoot;
  /** Runs CLI invocations in a fresh Node; returns their exit codes and the client libraries resolved. */
  function clientsLoadedBy(invocations: string[][]): { codes: number[]; clients: string[] } {
    const cli = pathToFileURL(path.join(repository, 'src/cli/cli.ts')).href;
    const script = `
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    if (/^(@kafkajs\\/confluent-schema-registry|@platformatic\\/kafka)(\\/|$)/.test(specifier)) seen.add(specifier);
    return next(specifier, context);
  },
});
const { main } = await import(${JSON.stringify(cli)});
const sink = { write: () => true };
const codes = [];
for (const argv of ${JSON.stringify(invocations)}) {
  codes.push(await main(argv, { stdout: sink, stderr: sink, env: {}, cwd: ${JSON.stringify(repository)} }));
}
console.log(JSON.stringify({ codes, clients: [...seen] }));
`;
    const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
      cwd: repository,
      encoding: 'utf8',
    });
    return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { codes: number[]; clients: string[] };
  }

  // Each of them runs to its end (exit 0: the demo is clean, help and rules always succeed), so the
  // empty list says that their whole path left the libraries alone.
  it('load neither the registry library nor the Kafka client', () => {
    expect(
      clientsLoadedBy([
        ['lint'],
        ['check'],
        ['help', 'publish'],
        ['record', '--help'],
        ['rules'],
        ['replay', '--help'],
      ]),
    ).toEqual({ codes: [0, 0, 0, 0, 0, 0], clients: [] });
  });

  // The control: the same hook sees the registry library once a command asks a registry (which is
  // not there: exit 2).
  it('while diff --against registry loads the registry library', () => {
    expect(clientsLoadedBy([['diff', '--against', 'registry', '--registry', 'http://127.0.0.1:1']])).toEqual({
      codes: [2],
      clients: ['@kafkajs/confluent-schema-registry'],
    });
  }, 30_000);
});
