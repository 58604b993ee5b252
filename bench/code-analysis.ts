/**
 * Code analysis speed on a generated 2,000-file TypeScript service (written into a temp dir):
 * 40 event modules, a Kafka client and a send wrapper, 600 producers (direct sends and wrapper
 * calls, some unkeyed), 300 `defineConsumer` consumers with helpers, and plain modules importing
 * each other. Targets: the whole analysis under 15 s, the incremental case (5 changed files given)
 * under 3 s. Run alone with `node bench/code-analysis.ts`; `bench()` is what the bench runner calls.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import { analyzeCode } from '../src/code/index.ts';
import type { Contract, ContractSet } from '../src/contracts/model.ts';

/** One line of the bench table (the shape `bench/run.ts` prints). */
export interface BenchRow {
  benchmark: string;
  metric: string;
  value: string;
  target?: string;
  ok?: boolean;
}

const repository = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const eventCount = 40;
const topicCount = 8;
const producerCount = 600;
const consumerCount = 300;
const totalFiles = 2000;

function eventName(index: number): string {
  return `Event${index}Happened`;
}

function topicOf(index: number): string {
  return `topic-${index % topicCount}`;
}

/** The generated project's files, by path relative to its root. */
export function generateProject(): Record<string, string> {
  const files: Record<string, string> = {};
  files['node_modules/kafkajs/index.d.ts'] = readFileSync(
    path.join(repository, 'fixtures/app/types/kafkajs/index.d.ts'),
    'utf8',
  );
  files['node_modules/kontract/index.d.ts'] = readFileSync(
    path.join(repository, 'fixtures/app/types/kontract/index.d.ts'),
    'utf8',
  );
  files['tsconfig.json'] = JSON.stringify({
    compilerOptions: {
      target: 'es2022',
      module: 'preserve',
      moduleResolution: 'bundler',
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      types: [],
      paths: { '@app/*': ['./src/*'] },
    },
    include: ['src'],
  });
  for (let index = 0; index < eventCount; index++) {
    files[`src/events/event-${index}.ts`] = `export interface ${eventName(index)} {
  eventId: string;
  version: number;
  occurredAt: number;
  entityId: string;
  amount: { amountMinor: number; currency: string };
  note${index}: string;
}
`;
  }
  files['src/kafka/client.ts'] = `import { Kafka } from 'kafkajs';
export const producer = new Kafka({ brokers: ['localhost:9092'] }).producer();
`;
  files['src/kafka/publish.ts'] = `import { producer } from '@app/kafka/client.ts';
export async function publish(topic: string, key: string | null, event: object): Promise<void> {
  await producer.send({ topic, messages: [{ key, value: JSON.stringify(event) }] });
}
`;
  for (let index = 0; index < producerCount; index++) {
    const event = index % eventCount;
    const name = eventName(event);
    const viaWrapper = index % 2 === 0;
    const key = index % 50 === 0 ? 'null' : 'e.entityId';
    const send = viaWrapper
      ? `await publish('${topicOf(event)}', ${key}, e);`
      : `await producer.send({ topic: '${topicOf(event)}', messages: [{ key: ${key}, value: JSON.stringify(e) }] });`;
    files[`src/producers/producer-${index}.ts`] =
      `import type { ${name} } from '@app/events/event-${event}.ts';
import { producer } from '@app/kafka/client.ts';
import { publish } from '@app/kafka/publish.ts';
import { format${index % 100} } from '@app/util/util-${index % 100}.ts';

export async function produce${index}(e: ${name}): Promise<string> {
  ${send}
  void producer;
  void publish;
  return format${index % 100}(e.entityId);
}
`;
  }
  for (let index = 0; index < consumerCount; index++) {
    const event = index % eventCount;
    files[`src/consumers/consumer-${index}.ts`] = `import { defineConsumer } from 'kontract';
import { applyAmount${index} } from '@app/consumers/helper-${index}.ts';

export default defineConsumer<{ total: number; seen: string[] }>({
  name: 'consumer-${index}',
  topics: ['${topicOf(event)}'],
  setup: () => ({ total: 0, seen: [] }),
  handle(record, state) {
    if (record.eventType !== 'com.acme.bench.${eventName(event)}') return;
    const { entityId, note${event}: note = '' } = record.value;
    state.seen.push(entityId, note);
    applyAmount${index}(state, record.value.amount);
  },
  snapshot: (state) => state,
});
`;
    files[`src/consumers/helper-${index}.ts`] =
      `export function applyAmount${index}(state: { total: number }, amount: { amountMinor: number; currency: string }): void {
  if (amount.currency === 'EUR') state.total += amount.amountMinor;
}
`;
  }
  for (let util = 0; util < 100; util++) {
    const next = util + 1;
    const chained = util < 99;
    files[`src/util/util-${util}.ts`] =
      `${chained ? `import { format${next} } from '@app/util/util-${next}.ts';\n` : ''}
/** A formatting helper (generated). */
export function format${util}(text: string): string {
  return text.trim().toUpperCase()${chained ? ` + format${next}.name.length` : ''};
}

export class Counter${util} {
  #count = 0;
  increment(by = 1): number {
    this.#count += by;
    return this.#count;
  }
}
`;
  }
  // Plain modules with no Kafka code fill the project up to its size.
  for (
    let filler = 0;
    Object.keys(files).filter((file) => file.startsWith('src/')).length < totalFiles;
    filler++
  ) {
    files[`src/misc/module-${filler}.ts`] =
      `export const value${filler} = ${filler};\nexport function twice${filler}(x: number): number {\n  return x * 2 + value${filler};\n}\n`;
  }
  return files;
}

/** The generated project's contracts: one per event, on its topic, keyed by `entityId`. */
export function generateContracts(): ContractSet {
  const contracts: Contract[] = [];
  for (let index = 0; index < eventCount; index++) {
    const schema = {
      type: 'record',
      name: eventName(index),
      namespace: 'com.acme.bench',
      fields: [
        { name: 'eventId', type: { type: 'string', logicalType: 'uuid' } },
        { name: 'version', type: 'int' },
        { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'entityId', type: 'string' },
        {
          name: 'amount',
          type: {
            type: 'record',
            name: `Money${index}`,
            fields: [
              { name: 'amountMinor', type: 'long' },
              { name: 'currency', type: 'string' },
            ],
          },
        },
        { name: `note${index}`, type: 'string' },
      ],
    };
    const file = `contracts/event-${index}.avsc`;
    const fullName = `com.acme.bench.${eventName(index)}`;
    contracts.push({
      file,
      fullName,
      schema,
      positions: { locate: () => ({ file, line: 1, column: 1 }), locateKey: () => undefined },
      type: avro.Type.forSchema(schema as avro.Schema),
      defines: [fullName],
      references: [],
      settings: {
        topic: topicOf(index),
        keyField: 'entityId',
        subject: fullName,
        subjectNameStrategy: 'RecordName',
        compatibility: 'BACKWARD',
        versionField: 'version',
        retired: false,
      },
    });
  }
  return {
    contracts,
    diagnostics: [],
    byFullName: new Map(contracts.map((contract) => [contract.fullName, contract])),
  };
}

/** Writes the project, analyses it whole and incrementally, and reports times and counts. */
export async function bench(): Promise<BenchRow[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'kontract-code-bench-'));
  try {
    for (const [file, text] of Object.entries(generateProject())) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    const contracts = generateContracts();
    const fullStart = performance.now();
    const full = await analyzeCode({ root, contracts });
    const fullSeconds = (performance.now() - fullStart) / 1000;
    const changed = [
      'src/producers/producer-7.ts',
      'src/producers/producer-8.ts',
      'src/consumers/consumer-3.ts',
      'src/util/util-5.ts',
      'src/kafka/publish.ts',
    ];
    const incrementalStart = performance.now();
    const incremental = await analyzeCode({ root, contracts, files: changed });
    const incrementalSeconds = (performance.now() - incrementalStart) / 1000;
    const expectedUnkeyed = Array.from({ length: producerCount }, (_, index) => index).filter(
      (index) => index % 50 === 0,
    ).length;
    const unkeyed = full.diagnostics.filter((d) => d.ruleId === 'code/unkeyed-send').length;
    return [
      {
        benchmark: 'code-analysis',
        metric: 'files analysed (whole project)',
        value: String(full.filesAnalysed),
      },
      {
        benchmark: 'code-analysis',
        metric: 'whole analysis',
        value: `${fullSeconds.toFixed(2)} s`,
        target: '< 15 s',
        ok: fullSeconds < 15,
      },
      {
        benchmark: 'code-analysis',
        metric: 'throughput',
        value: `${Math.round(full.filesAnalysed / fullSeconds)} files/s`,
      },
      {
        benchmark: 'code-analysis',
        metric: `incremental (${changed.length} changed files)`,
        value: `${incrementalSeconds.toFixed(2)} s`,
        target: '< 3 s',
        ok: incrementalSeconds < 3 && incremental.filesAnalysed === changed.length,
      },
      {
        benchmark: 'code-analysis',
        metric: 'planted unkeyed sends found',
        value: `${unkeyed} of ${expectedUnkeyed}`,
        target: `${expectedUnkeyed}`,
        ok: unkeyed === expectedUnkeyed,
      },
      {
        benchmark: 'code-analysis',
        metric: 'other findings (none planted)',
        value: String(full.diagnostics.length - unkeyed),
        target: '0',
        ok: full.diagnostics.length === unkeyed,
      },
      {
        benchmark: 'code-analysis',
        metric: 'consumers with usage',
        value: String(
          full.usage.consumers.filter((consumer) => Object.keys(consumer.reads).length > 0).length,
        ),
        target: String(consumerCount),
        ok:
          full.usage.consumers.filter((consumer) => Object.keys(consumer.reads).length > 0).length ===
          consumerCount,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const row of await bench()) {
    process.stdout.write(
      `${row.metric}: ${row.value}${row.target === undefined ? '' : ` (target ${row.target}${row.ok ? ', ok' : ', MISSED'})`}\n`,
    );
  }
}

/** The same measurement in the shape of `bench/benchmarks/*` modules (`{ name, run }`), for the bench runner. */
export const benchmark = {
  name: 'code-analysis',
  run: async (): Promise<Array<Required<BenchRow>>> =>
    (await bench()).map((row) => ({ target: row.target ?? '', ok: row.ok ?? true, ...row })),
};
