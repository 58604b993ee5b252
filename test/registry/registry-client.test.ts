/**
 * The registry client against real servers: the open registry for the calls and their error codes,
 * the basic-auth registry for wrong and missing passwords, a registry instance of its own that is
 * stopped for "down". Faults no real registry produces on demand — a listener that accepts and never
 * answers, a 503 that heals, a bearer-token check — come from tiny local servers, said where used.
 */
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegistryClient } from '../../src/registry/registry-client.ts';
import { RegistryError } from '../../src/registry/registry-error.ts';
import { ensureAuthRegistry } from '../infra/servers.ts';
import { uniqueSuffix } from './demo-workspace.ts';

const fastRetry = { attempts: 3, initialDelayMs: 10, maxDelayMs: 20, multiplier: 2 };
let registryUrl: string;
let client: RegistryClient;

beforeAll(async () => {
  registryUrl = inject('kontractRegistryUrl');
  client = await RegistryClient.connect({ url: registryUrl, retry: fastRetry }, {});
});

/** The RegistryError a call fails with (the test fails if it succeeds or throws something else). */
async function failureOf(call: Promise<unknown>): Promise<RegistryError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const schemaA = (fields: unknown[] = []) =>
  JSON.stringify({ type: 'record', name: 'A', namespace: 'kontract.test', fields });

describe('calls on the real registry', () => {
  it('registers, reads back by subject, version and id, and looks up', async () => {
    const subject = `client-${uniqueSuffix('rt')}`;
    expect(await client.listVersions(subject)).toEqual([]);
    expect(await client.latestVersion(subject)).toBeUndefined();
    const { id } = await client.register(subject, schemaA());
    const second = await client.register(
      subject,
      schemaA([{ name: 'x', type: ['null', 'int'], default: null }]),
    );
    expect(await client.listVersions(subject)).toEqual([1, 2]);
    expect(await client.getVersion(subject, 1)).toMatchObject({
      subject,
      version: 1,
      id,
      schemaType: 'AVRO',
    });
    expect((await client.latestVersion(subject))?.id).toBe(second.id);
    expect(JSON.parse((await client.getSchema(id)).schema)).toEqual(JSON.parse(schemaA()));
    expect(await client.lookup(subject, schemaA())).toEqual({ id, version: 1 });
    expect(await client.lookup(subject, schemaA([{ name: 'y', type: 'int' }]))).toBeUndefined();
  });

  it("reads the subject's level, falling back to the global level", async () => {
    const subject = `client-${uniqueSuffix('level')}`;
    await client.register(subject, schemaA());
    const global = await client.globalCompatibility();
    expect(await client.effectiveCompatibility(subject)).toEqual({ mode: global, source: 'global' });
    await client.setCompatibility(subject, 'FULL_TRANSITIVE');
    expect(await client.subjectCompatibility(subject)).toBe('FULL_TRANSITIVE');
    expect(await client.effectiveCompatibility(subject)).toEqual({
      mode: 'FULL_TRANSITIVE',
      source: 'subject',
    });
  });

  it('asks the compatibility endpoint against the latest and against all versions', async () => {
    const subject = `client-${uniqueSuffix('compat')}`;
    await client.register(subject, schemaA([{ name: 'a', type: 'int' }]));
    await client.register(
      subject,
      schemaA([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'string', default: '' },
      ]),
    );
    await client.setCompatibility(subject, 'BACKWARD');
    const onlyB = schemaA([{ name: 'b', type: 'string' }]);
    expect(await client.testCompatibility(subject, onlyB, 'latest')).toBe(true);
    await client.setCompatibility(subject, 'BACKWARD_TRANSITIVE');
    expect(await client.testCompatibility(subject, onlyB, 'all')).toBe(false);
  });

  it('maps 404, 409 and 422 to their codes with a message naming what was asked', async () => {
    const subject = `client-${uniqueSuffix('codes')}`;
    const unknownId = await failureOf(client.getSchema(987_654_321));
    expect([unknownId.code, unknownId.status]).toEqual(['not-found', 404]);
    expect(unknownId.message).toContain('schema id 987654321 is not registered');

    const unknownVersion = await failureOf(client.getVersion(subject, 3));
    expect(unknownVersion.code).toBe('not-found');

    await client.register(subject, schemaA([{ name: 'a', type: 'int' }]));
    await client.setCompatibility(subject, 'BACKWARD');
    const conflict = await failureOf(client.register(subject, schemaA([{ name: 'z', type: 'int' }])));
    expect([conflict.code, conflict.status]).toEqual(['conflict', 409]);
    expect(conflict.message).toContain(`subject \`${subject}\``);

    const invalid = await failureOf(client.register(subject, '{"type":"nope"}'));
    expect([invalid.code, invalid.status]).toEqual(['invalid-schema', 422]);
    // A client error is never retried.
    expect(invalid.attempts).toBe(1);
  });
});

describe('authentication on the basic-auth registry', () => {
  let auth: Awaited<ReturnType<typeof ensureAuthRegistry>>;
  beforeAll(async () => {
    auth = await ensureAuthRegistry();
  }, 300_000);

  it('works with the right password, from the environment', async () => {
    const env = { KONTRACT_REGISTRY_USERNAME: auth.username, KONTRACT_REGISTRY_PASSWORD: auth.password };
    const authed = await RegistryClient.connect({ url: auth.registryUrl }, env);
    expect(Array.isArray(await authed.listSubjects())).toBe(true);
    expect(await authed.listVersions(`absent-${uniqueSuffix('a')}`)).toEqual([]);
  });

  it('says the password was rejected, on both transports, and never shows it', async () => {
    const password = 'wrong-horse-battery';
    const wrong = await RegistryClient.connect(
      { url: auth.registryUrl, username: auth.username, password },
      {},
    );
    for (const call of [
      () => wrong.listSubjects(),
      () => wrong.listVersions('x'),
      () => wrong.globalCompatibility(),
    ]) {
      const error = await failureOf(call());
      expect([error.code, error.status, error.attempts]).toEqual(['unauthorized', 401, 1]);
      expect(error.message).toContain('rejected the username and password');
      expect(error.message).not.toContain(password);
    }
  });

  it('says that credentials are needed when none were given', async () => {
    const anonymous = await RegistryClient.connect({ url: auth.registryUrl }, {});
    const error = await failureOf(anonymous.listSubjects());
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('no credentials were given');
    expect(error.message).toContain('KONTRACT_REGISTRY_PASSWORD');
  });

  it('drops credentials written into the URL from every message', async () => {
    const url = new URL(auth.registryUrl);
    url.username = auth.username;
    url.password = 'not-the-password';
    const wrong = await RegistryClient.connect({ url: url.toString() }, {});
    const error = await failureOf(wrong.listSubjects());
    expect(error.code).toBe('unauthorized');
    expect(error.message).not.toContain('not-the-password');
    expect(error.message).not.toContain(`${auth.username}:`);
  });
});

describe('a registry that is down', () => {
  // A registry instance of its own, so that stopping it disturbs no other test run.
  const port = String(18_100 + (process.pid % 80));
  const env = { ...process.env, KONTRACT_REGISTRY_PORT: port };
  let ownUrl: string;
  beforeAll(async () => {
    const { execFileSync } = await import('node:child_process');
    const script = new URL('../../scripts/infra/registry.sh', import.meta.url).pathname;
    execFileSync(script, ['start'], { env, stdio: 'inherit' });
    execFileSync(script, ['wait'], { env, stdio: 'inherit' });
    ownUrl = execFileSync(script, ['url'], { env, encoding: 'utf8' }).trim();
  }, 300_000);
  afterAll(async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync(new URL('../../scripts/infra/registry.sh', import.meta.url).pathname, ['stop'], {
      env,
      stdio: 'inherit',
    });
  }, 120_000);

  it('answers while it runs, and is "unreachable" after three attempts once stopped', async () => {
    const withSecret = new URL(ownUrl);
    withSecret.username = 'alice';
    withSecret.password = 'hunter2';
    const own = await RegistryClient.connect({ url: withSecret.toString(), retry: fastRetry }, {});
    expect(await own.listVersions('anything')).toEqual([]);
    const { execFileSync } = await import('node:child_process');
    execFileSync(new URL('../../scripts/infra/registry.sh', import.meta.url).pathname, ['stop'], {
      env,
      stdio: 'inherit',
    });
    for (const call of [() => own.listSubjects(), () => own.listVersions('anything')]) {
      const error = await failureOf(call());
      expect([error.code, error.attempts]).toEqual(['unreachable', 3]);
      expect(error.message).toContain(
        `cannot reach the schema registry at http://127.0.0.1:${port}/apis/ccompat/v7`,
      );
      expect(error.message).toContain('ECONNREFUSED');
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('alice');
    }
  }, 120_000);
});

/** A listener that accepts connections and never answers: the only way to get a hung registry. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/apis/ccompat/v7`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A tiny HTTP server answering from a script of responses, recording the headers it saw. */
async function scriptedServer(
  answer: (attempt: number) => { status: number; body: unknown },
): Promise<{ url: string; headers: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const headers: IncomingHttpHeaders[] = [];
  const server: Server = createHttpServer((request, response) => {
    headers.push(request.headers);
    const { status, body } = answer(headers.length);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    headers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('faults no real registry produces on demand', () => {
  it('gives up on a registry that never answers with a timeout, after three attempts', async () => {
    const silent = await silentServer();
    try {
      const slow = await RegistryClient.connect({ url: silent.url, timeoutMs: 300, retry: fastRetry }, {});
      for (const call of [() => slow.listSubjects(), () => slow.globalCompatibility()]) {
        const started = Date.now();
        const error = await failureOf(call());
        expect([error.code, error.attempts]).toEqual(['timeout', 3]);
        expect(error.message).toContain('did not answer within 300 ms');
        // Bounded: three 300 ms attempts and two short delays, not a hang.
        expect(Date.now() - started).toBeLessThan(5_000);
      }
    } finally {
      await silent.close();
    }
  });

  it('retries a 503 until it heals, and reports a registry that keeps failing', async () => {
    const healing = await scriptedServer((attempt) =>
      attempt <= 2
        ? { status: 503, body: { error_code: 50301, message: 'busy' } }
        : { status: 200, body: { compatibilityLevel: 'FULL' } },
    );
    try {
      const flaky = await RegistryClient.connect({ url: healing.url, retry: fastRetry }, {});
      expect(await flaky.globalCompatibility()).toBe('FULL');
      expect(healing.headers).toHaveLength(3);
    } finally {
      await healing.close();
    }
    const broken = await scriptedServer(() => ({
      status: 500,
      body: { error_code: 50001, message: 'store failed' },
    }));
    try {
      const failing = await RegistryClient.connect({ url: broken.url, retry: fastRetry }, {});
      const error = await failureOf(failing.subjectCompatibility('s'));
      expect([error.code, error.status, error.attempts]).toEqual(['server-error', 500, 3]);
      expect(error.message).toContain('store failed');
    } finally {
      await broken.close();
    }
  });

  it('sends a bearer token on both transports and never shows it', async () => {
    const token = 'tkn-0123456789abcdef';
    const server = await scriptedServer((attempt) =>
      attempt <= 2
        ? { status: 200, body: attempt === 1 ? ['s'] : [1] }
        : { status: 401, body: { error_code: 40101, message: `bad token ${token}` } },
    );
    try {
      const bearer = await RegistryClient.connect({ url: server.url }, { KONTRACT_REGISTRY_TOKEN: token });
      expect(await bearer.listSubjects()).toEqual(['s']);
      expect(await bearer.listVersions('s')).toEqual([1]);
      expect(server.headers.map((h) => h.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
      const error = await failureOf(bearer.listSubjects());
      expect(error.code).toBe('unauthorized');
      expect(error.message).toContain('rejected the token');
      expect(error.message).not.toContain(token);
    } finally {
      await server.close();
    }
  });

  it('calls an answer that is not the Confluent API a bad response', async () => {
    const server = await scriptedServer(() => ({ status: 200, body: { hello: 'world' } }));
    try {
      const odd = await RegistryClient.connect({ url: server.url }, {});
      expect((await failureOf(odd.listSubjects())).code).toBe('bad-response');
    } finally {
      await server.close();
    }
  });
});
