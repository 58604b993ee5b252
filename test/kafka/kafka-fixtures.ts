/**
 * Helpers for the recorder's integration tests: demo-domain events (the demo log's values, encoded
 * with the contracts through avsc and the Confluent wire format, with ids from the real registry)
 * produced into fresh topics; reading a recorded log back; and a Kafka instance of the tests' own,
 * which can be stopped with `scripts/infra/kafka.sh stop` and started again with its data.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Admin, Producer } from '@platformatic/kafka';
import type { Type } from 'avsc';
import { parseConfig } from '../../src/contracts/load-config.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { Contract } from '../../src/contracts/model.ts';
import { RegistryClient } from '../../src/registry/registry-client.ts';
import { externalDefinitions, selfContainedSchema } from '../../src/registry/schema-document.ts';
import { readWorkspace } from '../../src/workspace/read-workspace.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** One record as produced: what the recorded log must hold for it. */
export interface ProducedRecord {
  topic: string;
  partition: number;
  key: string | null;
  /** The exact value bytes sent (wire format). */
  value: Buffer;
  timestamp: number;
  headers: Record<string, string>;
  eventType: string;
  /** The value as the demo log has it (avsc's JavaScript form). */
  json: unknown;
}

/** The demo contracts, loaded as `kontract check` loads them. */
export async function demoContracts(): Promise<Contract[]> {
  const workspace = await readWorkspace({ cwd: repoRoot });
  const { config } = parseConfig(workspace.configFile, { knownRuleIds: [] });
  return loadContracts(workspace.files, config).contracts;
}

/** Registers every demo contract under a subject of this run and returns each one's schema id and type. */
export async function registerDemo(
  registryUrl: string,
  suffix: string,
): Promise<Map<string, { id: number; type: Type }>> {
  const contracts = await demoContracts();
  const external = externalDefinitions(contracts);
  const client = await RegistryClient.connect({ url: registryUrl }, {});
  const ids = new Map<string, { id: number; type: Type }>();
  for (const contract of contracts) {
    const schema = JSON.stringify(selfContainedSchema(contract.schema, external));
    const { id } = await client.register(`${contract.fullName}-${suffix}`, schema);
    ids.set(contract.fullName, { id, type: contract.type });
  }
  return ids;
}

/** Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro body. */
export function wireEncode(id: number, type: Type, value: unknown): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  return Buffer.concat([header, type.toBuffer(value)]);
}

/**
 * The first `count` records of the demo log (fixtures/logs/demo.ndjson) for one demo topic, moved to
 * `topic`: wire-encoded with the registered ids, on the demo's partition modulo `partitions`, every
 * `unkeyedEvery`-th record without a key.
 */
export async function demoRecords(
  demoTopic: 'accounts' | 'orders',
  topic: string,
  ids: Map<string, { id: number; type: Type }>,
  options: { count: number; partitions: number; unkeyedEvery?: number },
): Promise<ProducedRecord[]> {
  const lines = (await readFile(path.join(repoRoot, 'fixtures/logs/demo.ndjson'), 'utf8')).split('\n');
  const records: ProducedRecord[] = [];
  for (const line of lines) {
    if (records.length >= options.count || line.trim() === '') continue;
    const envelope = JSON.parse(line) as {
      topic: string;
      partition: number;
      key: string | null;
      timestamp: number;
      headers?: Record<string, string>;
      eventType: string;
      value: unknown;
    };
    if (envelope.topic !== demoTopic) continue;
    const registered = ids.get(envelope.eventType);
    // The demo log also holds values of older schema versions; only today's are produced here.
    if (registered === undefined || !registered.type.isValid(envelope.value)) continue;
    const unkeyed = options.unkeyedEvery !== undefined && records.length % options.unkeyedEvery === 0;
    records.push({
      topic,
      partition: envelope.partition % options.partitions,
      key: unkeyed ? null : envelope.key,
      value: wireEncode(registered.id, registered.type, envelope.value),
      timestamp: envelope.timestamp,
      headers: { ...(envelope.headers ?? {}), eventType: envelope.eventType },
      eventType: envelope.eventType,
      json: envelope.value,
    });
  }
  return records;
}

/** Creates a topic and produces the records in order (each partition's records keep their order). */
export async function produce(
  brokers: string,
  topic: string,
  partitions: number,
  records: readonly ProducedRecord[],
): Promise<void> {
  const admin = new Admin({ clientId: 'kontract-test', bootstrapBrokers: [brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
  // Idempotent: a send retried after a slow acknowledgement must not write its records twice.
  const producer = new Producer({ clientId: 'kontract-test', bootstrapBrokers: [brokers], idempotent: true });
  try {
    for (let i = 0; i < records.length; i += 2000) {
      await producer.send({
        acks: -1,
        messages: records.slice(i, i + 2000).map((record) => ({
          topic,
          partition: record.partition,
          ...(record.key === null ? {} : { key: Buffer.from(record.key) }),
          value: record.value,
          timestamp: BigInt(record.timestamp),
          headers: new Map(Object.entries(record.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
        })),
      });
    }
  } finally {
    await producer.close();
  }
}

/** A recorded line, parsed. */
export interface RecordedLine {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  timestamp: number;
  headers: Record<string, string>;
  valueEncoding?: string;
  schemaId?: number;
  eventType?: string;
  value: unknown;
}

/** Reads a recorded NDJSON log. */
export function readRecorded(file: string): RecordedLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RecordedLine);
}

/**
 * What the log of `records` must be, per partition in offset order: each partition's records got
 * offsets 0, 1, 2... in the order they were produced.
 */
export function expectedByPartition(records: readonly ProducedRecord[]): Map<number, ProducedRecord[]> {
  const byPartition = new Map<number, ProducedRecord[]>();
  for (const record of records) {
    const list = byPartition.get(record.partition) ?? [];
    list.push(record);
    byPartition.set(record.partition, list);
  }
  return byPartition;
}

/** The log's lines grouped by partition, in file order. */
export function recordedByPartition(lines: readonly RecordedLine[]): Map<number, RecordedLine[]> {
  const byPartition = new Map<number, RecordedLine[]>();
  for (const line of lines) {
    const list = byPartition.get(line.partition) ?? [];
    list.push(line);
    byPartition.set(line.partition, list);
  }
  return byPartition;
}

/** Compares one recorded line with the record produced at that place, field by field. */
export function sameRecord(line: RecordedLine, record: ProducedRecord): boolean {
  return (
    line.topic === record.topic &&
    line.key === record.key &&
    line.timestamp === record.timestamp &&
    JSON.stringify(line.headers) === JSON.stringify(record.headers) &&
    line.valueEncoding === 'wire-base64' &&
    line.value === record.value.toString('base64') &&
    line.schemaId === record.value.readUInt32BE(1)
  );
}

const scripts = fileURLToPath(new URL('../../scripts/infra/', import.meta.url));
const infraDir = process.env.KONTRACT_INFRA_DIR ?? path.join(repoRoot, '.cache/infra');

/**
 * A Kafka broker of the tests' own (its own ports and run dir), so that stopping it mid-recording
 * disturbs no other test run. `stop` uses `scripts/infra/kafka.sh stop`, as an operator would.
 * `restart` starts the same broker again on the same storage: `kafka.sh start` formats fresh storage
 * on every start (tests elsewhere rely on that), which would lose the topic being recorded.
 */
export class OwnKafka {
  readonly port: number;
  readonly brokers: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #runDir: string;

  constructor(port: number) {
    this.port = port;
    this.brokers = `127.0.0.1:${port}`;
    this.#env = {
      ...process.env,
      KONTRACT_KAFKA_PORT: String(port),
      KONTRACT_KAFKA_CONTROLLER_PORT: String(port + 1),
    };
    this.#runDir = path.join(infraDir, 'run', `kafka-${port}`);
  }

  #script(...args: string[]): void {
    execFileSync(path.join(scripts, 'kafka.sh'), args, {
      env: this.#env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  /** Starts the broker on fresh storage and waits until it serves requests. */
  start(): void {
    this.#script('start');
    this.#script('wait');
  }

  stop(): void {
    this.#script('stop');
  }

  /**
   * Starts the broker again on the storage it had, with the command line `kafka.sh start` uses (the
   * marker lets `kafka.sh stop` and `wait` recognise it), then waits until it serves requests.
   */
  restart(): void {
    const marker = `kafka-${this.port}`;
    const java =
      process.env.KONTRACT_JAVA ??
      (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin/java') : 'java');
    const log = openSync(path.join(this.#runDir, 'server.log'), 'a');
    const child = spawn(
      java,
      [
        `-Dkontract.infra=${marker}`,
        '-Xms128m',
        '-Xmx512m',
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${path.join(this.#runDir, 'log4j2.properties')}`,
        `-Dkafka.logs.dir=${this.#runDir}`,
        '-cp',
        `${path.join(infraDir, 'kafka/lib')}/*`,
        'kafka.Kafka',
        path.join(this.#runDir, 'server.properties'),
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    closeSync(log);
    writeFileSync(path.join(this.#runDir, 'pid'), `${child.pid}\n`);
    writeFileSync(path.join(this.#runDir, 'started-at'), `${Date.now()}\n`);
    this.#script('wait');
  }
}
