/**
 * Proves that the servers of scripts/infra are real and usable from Node: the schema registry through
 * its Confluent-compatible HTTP API with fetch, Kafka through its wire protocol over a raw socket and
 * through its own command-line classes.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  type AuthRegistry,
  ensureAuthRegistry,
  ensureServers,
  releaseServers,
  runKafkaTool,
} from './servers.ts';

const schemaRegistryJson = 'application/vnd.schemaregistry.v1+json';

const orderPlacedV1 = {
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'shop.events',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'amountCents', type: 'long' },
  ],
};
/** Adds an optional field with a default: a BACKWARD-compatible evolution. */
const orderPlacedWithNote = {
  ...orderPlacedV1,
  fields: [...orderPlacedV1.fields, { name: 'note', type: ['null', 'string'], default: null }],
};
/** Adds a required field without a default: readers of v2 cannot read v1 data, so not BACKWARD-compatible. */
const orderPlacedWithCurrency = {
  ...orderPlacedV1,
  fields: [...orderPlacedV1.fields, { name: 'currency', type: 'string' }],
};

let kafkaBrokers = '';
let registryUrl = '';
/** True when this file ensured the servers itself (no global setup provided them), so it must release them. */
let holdsLease = false;

beforeAll(async () => {
  const provided = { brokers: inject('kontractKafkaBrokers'), registry: inject('kontractRegistryUrl') };
  if (provided.brokers && provided.registry) {
    kafkaBrokers = provided.brokers;
    registryUrl = provided.registry;
    return;
  }
  holdsLease = true;
  ({ kafkaBrokers, registryUrl } = await ensureServers());
}, 600_000);

afterAll(async () => {
  if (holdsLease) await releaseServers();
}, 120_000);

interface RegistryResponse {
  status: number;
  body: unknown;
}

async function callRegistry(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  credentials?: { username: string; password: string },
): Promise<RegistryResponse> {
  const headers: Record<string, string> = { Accept: schemaRegistryJson };
  if (body !== undefined) headers['Content-Type'] = schemaRegistryJson;
  if (credentials) {
    headers.Authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** A subject name no earlier run can have used, since the registry may be kept running between runs. */
function freshSubject(): string {
  return `shop.orders-${randomUUID()}-value`;
}

describe('schema registry (Apicurio, Confluent-compatible API)', () => {
  test('registers an Avro schema and reads it back by subject version and by global id', async () => {
    const subject = freshSubject();
    const registered = await callRegistry(registryUrl, 'POST', `/subjects/${subject}/versions`, {
      schema: JSON.stringify(orderPlacedV1),
    });
    expect(registered.status).toBe(200);
    const { id } = registered.body as { id: number };
    expect(Number.isInteger(id)).toBe(true);

    expect(await callRegistry(registryUrl, 'GET', `/subjects/${subject}/versions`)).toEqual({
      status: 200,
      body: [1],
    });

    const version = await callRegistry(registryUrl, 'GET', `/subjects/${subject}/versions/1`);
    expect(version.status).toBe(200);
    const versionBody = version.body as { subject: string; version: number; id: number; schema: string };
    expect({ subject: versionBody.subject, version: versionBody.version, id: versionBody.id }).toEqual({
      subject,
      version: 1,
      id,
    });
    expect(JSON.parse(versionBody.schema)).toEqual(orderPlacedV1);

    const byId = await callRegistry(registryUrl, 'GET', `/schemas/ids/${id}`);
    expect(byId.status).toBe(200);
    expect(JSON.parse((byId.body as { schema: string }).schema)).toEqual(orderPlacedV1);
  });

  test("stores a subject's compatibility mode and applies it to checks and registrations", async () => {
    const subject = freshSubject();
    await callRegistry(registryUrl, 'POST', `/subjects/${subject}/versions`, {
      schema: JSON.stringify(orderPlacedV1),
    });

    const configured = await callRegistry(registryUrl, 'PUT', `/config/${subject}`, {
      compatibility: 'BACKWARD',
    });
    expect(configured.status).toBe(200);
    expect(await callRegistry(registryUrl, 'GET', `/config/${subject}`)).toEqual({
      status: 200,
      body: { compatibilityLevel: 'BACKWARD' },
    });

    const compatible = await callRegistry(
      registryUrl,
      'POST',
      `/compatibility/subjects/${subject}/versions/latest`,
      {
        schema: JSON.stringify(orderPlacedWithNote),
      },
    );
    expect(compatible).toEqual({ status: 200, body: { is_compatible: true } });
    const incompatible = await callRegistry(
      registryUrl,
      'POST',
      `/compatibility/subjects/${subject}/versions/latest`,
      {
        schema: JSON.stringify(orderPlacedWithCurrency),
      },
    );
    expect(incompatible).toEqual({ status: 200, body: { is_compatible: false } });

    // The mode is enforced on registration too, with Confluent's 409.
    const rejected = await callRegistry(registryUrl, 'POST', `/subjects/${subject}/versions`, {
      schema: JSON.stringify(orderPlacedWithCurrency),
    });
    expect(rejected.status).toBe(409);
    const accepted = await callRegistry(registryUrl, 'POST', `/subjects/${subject}/versions`, {
      schema: JSON.stringify(orderPlacedWithNote),
    });
    expect(accepted.status).toBe(200);
    expect(await callRegistry(registryUrl, 'GET', `/subjects/${subject}/versions`)).toEqual({
      status: 200,
      body: [1, 2],
    });
  });

  // `kontract publish` re-registers pretty-printed .avsc files: like Confluent, formatting alone must not make a version.
  test('treats a schema that differs only in whitespace and key order as the one already registered', async () => {
    const subject = freshSubject();
    const compact = await callRegistry(registryUrl, 'POST', `/subjects/${subject}/versions`, {
      schema: JSON.stringify(orderPlacedV1),
    });
    const reordered = {
      fields: orderPlacedV1.fields.map(({ name, type }) => ({ type, name })),
      namespace: orderPlacedV1.namespace,
      name: orderPlacedV1.name,
      type: orderPlacedV1.type,
    };
    const pretty = await callRegistry(registryUrl, 'POST', `/subjects/${subject}/versions`, {
      schema: JSON.stringify(reordered, null, 2),
    });
    expect(pretty).toEqual(compact);
    expect(await callRegistry(registryUrl, 'GET', `/subjects/${subject}/versions`)).toEqual({
      status: 200,
      body: [1],
    });
  });

  // kontract maps these codes to its own messages, so they must be Confluent's, not just any 404.
  test("answers unknown subjects, versions and ids with Confluent's error codes", async () => {
    const subject = freshSubject();
    const unknownSubject = await callRegistry(registryUrl, 'GET', `/subjects/${subject}/versions`);
    expect([unknownSubject.status, (unknownSubject.body as { error_code: number }).error_code]).toEqual([
      404, 40401,
    ]);

    await callRegistry(registryUrl, 'POST', `/subjects/${subject}/versions`, {
      schema: JSON.stringify(orderPlacedV1),
    });
    const unknownVersion = await callRegistry(registryUrl, 'GET', `/subjects/${subject}/versions/99`);
    expect([unknownVersion.status, (unknownVersion.body as { error_code: number }).error_code]).toEqual([
      404, 40402,
    ]);

    const unknownId = await callRegistry(registryUrl, 'GET', '/schemas/ids/2147483647');
    expect([unknownId.status, (unknownId.body as { error_code: number }).error_code]).toEqual([404, 40403]);
  });

  describe('with basic auth required', () => {
    let authRegistry: AuthRegistry;
    beforeAll(async () => {
      authRegistry = await ensureAuthRegistry();
    }, 300_000);

    // The "wrong password" path of kontract's registry client needs a server that really checks.
    test('rejects a missing or wrong password with 401 and serves the right one', async () => {
      const { registryUrl: url, username, password } = authRegistry;
      expect((await callRegistry(url, 'GET', '/subjects')).status).toBe(401);
      expect(
        (await callRegistry(url, 'GET', '/subjects', undefined, { username, password: `${password}x` }))
          .status,
      ).toBe(401);
      const subject = freshSubject();
      const registered = await callRegistry(
        url,
        'POST',
        `/subjects/${subject}/versions`,
        { schema: JSON.stringify(orderPlacedV1) },
        { username, password },
      );
      expect(registered.status).toBe(200);
    });
  });
});

/** API keys of the Kafka protocol that a client of kontract will need. */
const requiredApiKeys = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  CreateTopics: 19,
  DeleteTopics: 20,
} as const;

interface ApiVersionsResult {
  correlationId: number;
  errorCode: number;
  versions: Map<number, { min: number; max: number }>;
}

/**
 * Sends one ApiVersions v0 request (the first thing every Kafka client sends) over a plain socket
 * and decodes the answer: proof that a real broker speaks the Kafka protocol on that port.
 */
function requestApiVersions(bootstrap: string, correlationId: number): Promise<ApiVersionsResult> {
  const [host = '', port = ''] = bootstrap.split(':');
  const clientId = Buffer.from('kontract-infra-test');
  const header = Buffer.alloc(10);
  header.writeInt16BE(18, 0); // api_key: ApiVersions
  header.writeInt16BE(0, 2); // api_version
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(clientId.length, 8);
  const request = Buffer.concat([header, clientId]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(request.length, 0);

  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port) });
    socket.setTimeout(5_000, () =>
      socket.destroy(new Error(`no ApiVersions answer from ${bootstrap} in 5 s`)),
    );
    let received = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('connect', () => socket.write(Buffer.concat([size, request])));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      socket.end();
      const versions = new Map<number, { min: number; max: number }>();
      const count = received.readInt32BE(10);
      for (let index = 0; index < count; index++) {
        const offset = 14 + index * 6;
        versions.set(received.readInt16BE(offset), {
          min: received.readInt16BE(offset + 2),
          max: received.readInt16BE(offset + 4),
        });
      }
      resolve({ correlationId: received.readInt32BE(4), errorCode: received.readInt16BE(8), versions });
    });
  });
}

describe('Kafka (KRaft, single node)', () => {
  test('answers an ApiVersions request from Node with every API a client needs', async () => {
    const result = await requestApiVersions(kafkaBrokers, 7);
    expect({ correlationId: result.correlationId, errorCode: result.errorCode }).toEqual({
      correlationId: 7,
      errorCode: 0,
    });
    const missing = Object.entries(requiredApiKeys).filter(([, key]) => !result.versions.has(key));
    expect(missing).toEqual([]);
  });

  test('creates a topic, takes keyed records and gives them back in offset order', async () => {
    const topic = `kontract-infra-${randomUUID()}`;
    const created = await runKafkaTool('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      kafkaBrokers,
      '--create',
      '--topic',
      topic,
      '--partitions',
      '3',
      '--replication-factor',
      '1',
    ]);
    expect(created).toContain(`Created topic ${topic}.`);

    await runKafkaTool(
      'org.apache.kafka.tools.ConsoleProducer',
      [
        '--bootstrap-server',
        kafkaBrokers,
        '--topic',
        topic,
        '--reader-property',
        'parse.key=true',
        '--reader-property',
        'key.separator=|',
      ],
      { input: 'order-1|placed\norder-1|paid\norder-1|shipped\n' },
    );
    const consumed = await runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server',
      kafkaBrokers,
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      '3',
      '--timeout-ms',
      '20000',
      '--formatter-property',
      'print.key=true',
      '--formatter-property',
      'print.offset=true',
    ]);
    // One key, so one partition: the three records come back at offsets 0, 1, 2 in the order written.
    expect(consumed.trim().split('\n')).toEqual([
      'Offset:0\torder-1\tplaced',
      'Offset:1\torder-1\tpaid',
      'Offset:2\torder-1\tshipped',
    ]);
  });

  // kontract record must never create topics as a side effect; the broker is configured to refuse.
  test('does not create a topic when a producer writes to one that does not exist', async () => {
    const topic = `kontract-infra-missing-${randomUUID()}`;
    await runKafkaTool(
      'org.apache.kafka.tools.ConsoleProducer',
      ['--bootstrap-server', kafkaBrokers, '--topic', topic, '--command-property', 'max.block.ms=2000'],
      { input: 'lost\n' },
    );
    const topics = await runKafkaTool('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      kafkaBrokers,
      '--list',
    ]);
    expect(topics.split('\n')).not.toContain(topic);
  });
});
