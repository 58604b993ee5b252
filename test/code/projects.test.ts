/**
 * `analyzeCode` on real directories: code that does not type-check (analysed as far as it goes,
 * the rest reported), a monorepo with several overlapping tsconfigs and path aliases, broken or
 * missing tsconfigs, and incremental analysis of changed files only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCode, mergeUsage } from '../../src/code/index.ts';
import { fixtureContracts } from './support/contract-set.ts';
import { packageFiles } from './support/sources.ts';

const contracts = fixtureContracts();
const roots: string[] = [];

/** Writes a throwaway project from an inline file map (plus the stand-in packages) and returns its root. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kontract-code-'));
  roots.push(root);
  for (const [file, text] of Object.entries({ ...packageFiles, ...files })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const tsconfig = (extra: Record<string, unknown> = {}, include = ['src']) =>
  JSON.stringify({
    compilerOptions: {
      strict: true,
      module: 'preserve',
      moduleResolution: 'bundler',
      target: 'es2022',
      types: [],
      ...extra,
    },
    include,
  });

const unkeyed = (topic: string) =>
  `import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers: [] }).producer();\nexport const send = () => producer.send({ topic: '${topic}', messages: [{ value: 'x' }] });\n`;

function summary(result: Awaited<ReturnType<typeof analyzeCode>>): string[] {
  return result.diagnostics.map(
    (d) => `${d.ruleId} ${d.location?.file}:${d.location?.line}:${d.location?.column}`,
  );
}

describe('analyzeCode on projects', () => {
  it('analyses what parses and type-checks, and reports the rest', async () => {
    const root = project({
      'tsconfig.json': tsconfig(),
      'src/ok.ts': unkeyed('orders'),
      // A type error does not stop the analysis: the send is still judged.
      'src/type-error.ts': `${unkeyed('accounts')}const wrong: number = 'text';\n`,
      // A syntax error: the parser recovers, the file is reported.
      'src/syntax-error.ts': `${unkeyed('orders')}export function broken( {\n`,
      'src/missing-import.ts': "import { helper } from './does-not-exist.ts';\nhelper();\n",
    });
    const result = await analyzeCode({ root, contracts });
    expect(summary(result)).toEqual([
      'code/unkeyed-send src/ok.ts:3:71',
      'code/unkeyed-send src/syntax-error.ts:3:71',
      'code/unkeyed-send src/type-error.ts:3:73',
    ]);
    expect(result.unanalysable).toEqual([
      {
        file: 'src/missing-import.ts',
        reason:
          "module './does-not-exist.ts' (imported at 1:24) cannot be resolved: values from it have no type",
      },
      {
        file: 'src/syntax-error.ts',
        reason: "1 syntax error(s), the first at 5:1: '}' expected; analysed what parsed",
      },
    ]);
    expect(result.filesAnalysed).toBe(4);
  });

  it('analyses a monorepo with several tsconfigs and path aliases, each file once', async () => {
    const root = project({
      'packages/orders/tsconfig.json': tsconfig({ paths: { '@orders/*': ['./src/*'] } }),
      'packages/orders/src/kafka.ts':
        "import { Kafka } from 'kafkajs';\nexport const producer = new Kafka({ brokers: [] }).producer();\n",
      'packages/orders/src/place.ts':
        "import { producer } from '@orders/kafka.ts';\nexport const place = () => producer.send({ topic: 'orders', messages: [{ value: 'x' }] });\n",
      'packages/accounts/tsconfig.json': tsconfig({ paths: { '@accounts/*': ['./src/*'] } }),
      'packages/accounts/src/open.ts': unkeyed('accounts'),
      // The root config overlaps both packages: their files must not be analysed twice.
      'tsconfig.json': tsconfig({}, ['packages/accounts/src']),
    });
    const result = await analyzeCode({
      root,
      contracts,
      tsconfigs: ['packages/orders/tsconfig.json', 'packages/accounts/tsconfig.json', 'tsconfig.json'],
    });
    expect(summary(result)).toEqual([
      'code/unkeyed-send packages/accounts/src/open.ts:3:73',
      'code/unkeyed-send packages/orders/src/place.ts:2:72',
    ]);
    expect(result.sends.map((send) => send.identifiedBy)).toEqual(['type', 'type']);
    expect(result.filesAnalysed).toBe(3);
    expect(result.unanalysable).toEqual([]);
  });

  // A wrapper in one package, called from another: the send is judged at the caller, whichever
  // tsconfig analysed the wrapper's file first.
  it('follows a wrapper across packages of a monorepo', async () => {
    const root = project({
      'packages/shared/tsconfig.json': tsconfig(),
      'packages/shared/src/publish.ts': `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export async function publish(topic: string, key: string | null, event: object) {
  await producer.send({ topic, messages: [{ key, value: JSON.stringify(event) }] });
}
`,
      'packages/orders/tsconfig.json': tsconfig({ paths: { '@shared/*': ['../shared/src/*'] } }),
      'packages/orders/src/cancel.ts':
        "import { publish } from '@shared/publish.ts';\nexport const cancel = (id: string) => publish('orders', null, { orderId: id });\n",
    });
    const result = await analyzeCode({
      root,
      contracts,
      tsconfigs: ['packages/shared/tsconfig.json', 'packages/orders/tsconfig.json'],
    });
    expect(summary(result)).toEqual(['code/unkeyed-send packages/orders/src/cancel.ts:2:57']);
    expect(result.diagnostics[0]?.related?.map((r) => `${r.file}:${r.line}`)).toEqual([
      'packages/shared/src/publish.ts:4',
    ]);
    expect(result.unanalysable).toEqual([]);

    // Given only the wrapper's file, its callers are unknown: its topic is noted, not reported as dynamic.
    const partial = await analyzeCode({
      root,
      contracts,
      tsconfigs: ['packages/shared/tsconfig.json'],
      files: ['packages/shared/src/publish.ts'],
    });
    expect(partial.diagnostics).toEqual([]);
    expect(partial.unanalysable).toEqual([
      {
        file: 'packages/shared/src/publish.ts',
        reason:
          'the topic at 3:31 is a parameter of `publish`, whose callers are not among the analysed files: not resolved',
      },
    ]);
  });

  it('reports missing and malformed tsconfigs instead of failing', async () => {
    const root = project({
      'broken/tsconfig.json': '{ "compilerOptions": { "strict": tru',
      'src/a.ts': unkeyed('orders'),
    });
    const result = await analyzeCode({
      root,
      contracts,
      tsconfigs: ['nope/tsconfig.json', 'broken/tsconfig.json'],
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.unanalysable.map((note) => note.file)).toEqual([
      'broken/tsconfig.json',
      'nope/tsconfig.json',
    ]);
    expect(result.unanalysable[1]?.reason).toBe('tsconfig file not found: nothing under it was analysed');
    expect(result.unanalysable[0]?.reason).toMatch(/^tsconfig problem: /);
  });

  it('analyses only the given files incrementally and merges usage', async () => {
    const consumer = (field: string) => `import { defineConsumer } from 'kontract';
export default defineConsumer({
  name: 'c-${field}',
  topics: ['orders'],
  setup: () => ({}),
  handle(record) { console.log(record.value.${field}); },
  snapshot: (state) => state,
});
`;
    const root = project({
      'tsconfig.json': tsconfig(),
      'src/a.ts': unkeyed('orders'),
      'src/b.ts': unkeyed('accounts'),
      'src/c1.ts': consumer('orderId'),
      'src/c2.ts': consumer('reason'),
    });
    const full = await analyzeCode({ root, contracts });
    expect(summary(full)).toEqual(['code/unkeyed-send src/a.ts:3:71', 'code/unkeyed-send src/b.ts:3:73']);
    writeFileSync(path.join(root, 'src/c2.ts'), consumer('carrier'));
    const changed = await analyzeCode({ root, contracts, files: ['src/c2.ts', 'src/not-in-config.txt'] });
    expect(changed.filesAnalysed).toBe(1);
    expect(changed.diagnostics).toEqual([]);
    expect(changed.unanalysable).toEqual([
      { file: 'src/not-in-config.txt', reason: 'not included by any analysed tsconfig' },
    ]);
    const merged = mergeUsage(full.usage, changed.usage, ['src/c2.ts']);
    expect(
      merged.consumers.map((c) => [
        c.consumer,
        Object.values(c.reads).flatMap((fields) => Object.keys(fields)),
      ]),
    ).toEqual([
      ['c-carrier', ['carrier']],
      ['c-orderId', ['orderId', 'orderId', 'orderId', 'orderId']],
    ]);
  });
});
