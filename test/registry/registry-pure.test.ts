/**
 * The registry adapter's pure parts: backoff, retries, redaction, connection settings, the canonical
 * and self-contained schema documents, the mode precedence and the concurrency limit. No server.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCompatSchema } from '../../src/compat/compat-schema.ts';
import { checkReaderWriter } from '../../src/compat/resolve-compatibility.ts';
import type { Json } from '../../src/contracts/model.ts';
import { mapConcurrent } from '../../src/registry/concurrency.ts';
import { decideMode } from '../../src/registry/registry-compat.ts';
import { resolveConnection } from '../../src/registry/registry-connection.ts';
import { wireSchemaId } from '../../src/registry/registry-decoder.ts';
import { RegistryError, redactSecrets, redactUrl } from '../../src/registry/registry-error.ts';
import { backoffDelay, RetriesExhausted, type RetryPolicy, retrying } from '../../src/registry/retry.ts';
import {
  canonicalSchema,
  externalDefinitions,
  selfContainedSchema,
} from '../../src/registry/schema-document.ts';
import { propertyRuns } from '../support/property.ts';

const policy: RetryPolicy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2 };

describe('backoff and retries', () => {
  it('keeps every delay within the exponential bound and the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, random) => {
          const delay = backoffDelay(retry, policy, random);
          const bound = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
          return delay >= 0 && delay <= bound && Number.isInteger(delay);
        },
      ),
      propertyRuns(200),
    );
  });

  it('retries a retryable failure until the attempts are used, sleeping the jittered delays', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const failing = retrying(
      async () => {
        calls++;
        throw new Error('503');
      },
      { policy, isRetryable: () => true, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    await expect(failing).rejects.toBeInstanceOf(RetriesExhausted);
    expect(calls).toBe(4);
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('gives up at once on a failure that is not retryable', async () => {
    let calls = 0;
    const failing = retrying(
      async () => {
        calls++;
        throw new Error('401');
      },
      { policy, isRetryable: () => false, sleep: async () => {} },
    );
    await expect(failing).rejects.toThrow('401');
    expect(calls).toBe(1);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const value = await retrying(
      async () => {
        calls++;
        if (calls < 3) throw new Error('reset');
        return 'ok';
      },
      { policy, isRetryable: () => true, sleep: async () => {} },
    );
    expect([value, calls]).toEqual(['ok', 3]);
  });
});

describe('secrets', () => {
  it('leaves no secret in any text', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
        (secret, parts) => {
          const text = parts.join(secret) + secret;
          return !redactSecrets(text, [secret]).includes(secret);
        },
      ),
      propertyRuns(300),
    );
  });

  it('drops userinfo, query and fragment from URLs', () => {
    expect(redactUrl('https://alice:s3cret@registry.example:8081/apis/ccompat/v7?token=t0k#x')).toBe(
      'https://registry.example:8081/apis/ccompat/v7',
    );
    expect(redactUrl('not a url with s3cret')).toBe('<registry URL>');
    expect(redactSecrets('GET http://bob:pw@h:1/x failed', [])).toBe('GET http://h:1/x failed');
  });

  it('takes credentials out of the URL and never shows them', () => {
    const connection = resolveConnection({ url: 'http://alice:p%40ss@127.0.0.1:18081/apis/ccompat/v7/' });
    expect(connection.url).toBe('http://127.0.0.1:18081/apis/ccompat/v7');
    expect(connection.shownUrl).toBe('http://127.0.0.1:18081/apis/ccompat/v7');
    expect(connection.auth).toEqual({ kind: 'basic', username: 'alice', password: 'p@ss' });
    expect(connection.secrets).toContain('p@ss');
  });

  it('reads the environment after explicit options, and a token wins over basic auth', () => {
    const env = {
      KONTRACT_REGISTRY_URL: 'http://env-host:1',
      KONTRACT_REGISTRY_USERNAME: 'u',
      KONTRACT_REGISTRY_PASSWORD: 'p',
      KONTRACT_REGISTRY_TIMEOUT_MS: '2500',
    };
    expect(resolveConnection({}, env)).toMatchObject({
      url: 'http://env-host:1',
      auth: { kind: 'basic' },
      timeoutMs: 2500,
    });
    expect(resolveConnection({ url: 'http://opt:2', token: 'tk' }, env)).toMatchObject({
      url: 'http://opt:2',
      auth: { kind: 'bearer', token: 'tk' },
    });
  });

  it('refuses unusable settings with a config error that repeats nothing secret', () => {
    const attempt = (options: Parameters<typeof resolveConnection>[0], env = {}) => {
      try {
        resolveConnection(options, env);
        return undefined;
      } catch (error) {
        return error as RegistryError;
      }
    };
    expect(attempt({})?.code).toBe('config');
    const bad = attempt({ url: 'ht!tp://x:s3cret@' });
    expect(bad?.code).toBe('config');
    expect(bad?.message).not.toContain('s3cret');
    expect(attempt({ url: 'ftp://h' })?.message).toContain('http');
    expect(attempt({ url: 'http://h', username: 'u' })?.message).toContain('KONTRACT_REGISTRY_PASSWORD');
    expect(attempt({ url: 'http://h', retry: { attempts: 0 } })?.code).toBe('config');
  });
});

describe('schema documents', () => {
  const money: Json = {
    type: 'record',
    name: 'Money',
    namespace: 'com.acme.common',
    fields: [
      { name: 'amountMinor', type: 'long' },
      { name: 'currency', type: 'string' },
    ],
  };
  const deposited: Json = {
    type: 'record',
    name: 'MoneyDeposited',
    namespace: 'com.acme.accounts',
    fields: [
      { name: 'amount', type: 'com.acme.common.Money' },
      { name: 'fee', type: ['null', 'com.acme.common.Money'], default: null },
      { name: 'channel', type: { type: 'enum', name: 'Channel', symbols: ['A', 'B'] } },
      { name: 'previous', type: ['null', 'Channel'], default: null },
    ],
  };

  it('writes a referenced definition out at its first use only', () => {
    const external = new Map<string, Json>([['com.acme.common.Money', money]]);
    const standalone = selfContainedSchema(deposited, external) as { fields: { type: Json }[] };
    expect(standalone.fields[0]?.type).toMatchObject({ type: 'record', name: 'Money' });
    expect(standalone.fields[1]?.type).toEqual(['null', 'com.acme.common.Money']);
    // The standalone document reads and writes exactly like the original with its external types.
    const original = toCompatSchema(deposited, external);
    const inlined = toCompatSchema(standalone as Json);
    expect(checkReaderWriter(original, inlined)).toEqual([]);
    expect(checkReaderWriter(inlined, original)).toEqual([]);
  });

  it('finds nested definitions as standalone documents named by their full name', () => {
    const definitions = externalDefinitions([{ schema: deposited } as never]);
    expect([...definitions.keys()]).toEqual([
      'com.acme.accounts.MoneyDeposited',
      'com.acme.accounts.Channel',
    ]);
    expect(definitions.get('com.acme.accounts.Channel')).toEqual({
      type: 'enum',
      name: 'com.acme.accounts.Channel',
      symbols: ['A', 'B'],
    });
  });

  /** Rewrites a schema document the ways that must not change its canonical form. */
  const respell = (node: Json, shuffle: (keys: string[]) => string[], namespace: string): Json => {
    if (Array.isArray(node)) return node.map((branch) => respell(branch, shuffle, namespace));
    if (node === null || typeof node !== 'object') {
      if (node === 'long' || node === 'string') return { type: node };
      return node;
    }
    const out: { [key: string]: Json } = {};
    let inner = namespace;
    const copy = { ...node };
    if (typeof copy.name === 'string' && typeof copy.namespace === 'string') {
      // `"name":"Money","namespace":"ns"` and `"name":"ns.Money"` are the same name.
      copy.name = `${copy.namespace}.${copy.name}`;
      inner = copy.namespace;
      delete copy.namespace;
    }
    for (const key of shuffle(Object.keys(copy))) {
      const value = copy[key] as Json;
      out[key] =
        key === 'fields' && Array.isArray(value)
          ? value.map((field) => {
              const f = field as { [key: string]: Json };
              const g: { [key: string]: Json } = {};
              for (const fk of shuffle(Object.keys(f)))
                g[fk] = fk === 'type' ? respell(f[fk] as Json, shuffle, inner) : (f[fk] as Json);
              return g;
            })
          : key === 'type' && typeof value === 'object'
            ? respell(value, shuffle, inner)
            : value;
    }
    return out;
  };

  it('gives one canonical form to every spelling of a schema, and is idempotent', () => {
    const standalone = selfContainedSchema(deposited, new Map([['com.acme.common.Money', money]]));
    const reference = canonicalSchema(standalone);
    fc.assert(
      fc.property(fc.infiniteStream(fc.boolean()), (flips) => {
        const shuffle = (keys: string[]) => {
          const out = [...keys];
          for (let i = out.length - 1; i > 0; i--) {
            if (flips.next().value) [out[i], out[i - 1]] = [out[i - 1] as string, out[i] as string];
          }
          return out;
        };
        const spelled = respell(standalone, shuffle, '');
        const text = JSON.stringify(spelled, null, flips.next().value ? 2 : 0);
        return canonicalSchema(JSON.parse(text) as Json) === reference;
      }),
      propertyRuns(100),
    );
    expect(canonicalSchema(JSON.parse(reference) as Json)).toBe(reference);
  });

  it('changes the canonical form when a default, a doc, a logical type or a field changes', () => {
    const base: Json = { type: 'record', name: 'A', fields: [{ name: 'x', type: 'int' }] };
    const variants: Json[] = [
      { type: 'record', name: 'A', fields: [{ name: 'x', type: 'int', default: 0 }] },
      { type: 'record', name: 'A', doc: 'd', fields: [{ name: 'x', type: 'int' }] },
      { type: 'record', name: 'A', fields: [{ name: 'x', type: { type: 'int', logicalType: 'date' } }] },
      { type: 'record', name: 'A', fields: [{ name: 'y', type: 'int' }] },
      { type: 'record', name: 'B', fields: [{ name: 'x', type: 'int' }] },
    ];
    const forms = new Set([base, ...variants].map(canonicalSchema));
    expect(forms.size).toBe(variants.length + 1);
    // The default sort order is the same schema as none.
    expect(
      canonicalSchema({
        type: 'record',
        name: 'A',
        fields: [{ name: 'x', type: 'int', order: 'ascending' }],
      }),
    ).toBe(canonicalSchema(base));
  });
});

describe('mode precedence', () => {
  const config = (own?: 'NONE' | 'FORWARD', defaults?: 'FULL') => ({
    contracts: own ? { 'a.A': { compatibility: own } } : {},
    defaults: defaults ? { compatibility: defaults } : {},
  });

  it('takes the contract entry, then the subject level, then the config default, then the global level', () => {
    const subject = { mode: 'BACKWARD_TRANSITIVE' as const, source: 'subject' as const };
    const global = { mode: 'BACKWARD' as const, source: 'global' as const };
    expect(decideMode('a.A', config('NONE', 'FULL'), subject)).toEqual({ mode: 'NONE', source: 'contract' });
    expect(decideMode('a.A', config(undefined, 'FULL'), subject)).toEqual(subject);
    expect(decideMode('a.A', config(undefined, 'FULL'), global)).toEqual({
      mode: 'FULL',
      source: 'config-default',
    });
    expect(decideMode('a.A', config(), global)).toEqual(global);
    // Another contract's entry does not count for this one.
    expect(decideMode('b.B', config('FORWARD'), global)).toEqual(global);
  });
});

describe('helpers', () => {
  it('keeps at most `limit` calls in flight and the results in input order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(5), { maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        async (delays, limit) => {
          let inFlight = 0;
          let peak = 0;
          const results = await mapConcurrent(delays, limit, async (delay, index) => {
            inFlight++;
            peak = Math.max(peak, inFlight);
            await new Promise((resolve) => setTimeout(resolve, delay));
            inFlight--;
            return index;
          });
          return peak <= limit && results.every((value, index) => value === index);
        },
      ),
      propertyRuns(30),
    );
  });

  it('reads the schema id of a wire-format value, and nothing else', () => {
    expect(wireSchemaId(Uint8Array.from([0, 0, 0, 1, 2, 9]))).toBe(258);
    expect(wireSchemaId(Uint8Array.from([0, 0xff, 0xff, 0xff, 0xff]))).toBe(4294967295);
    expect(wireSchemaId(Uint8Array.from([1, 0, 0, 0, 1, 9]))).toBeUndefined();
    expect(wireSchemaId(Uint8Array.from([0, 0, 0]))).toBeUndefined();
  });

  it('keeps the code of a registry error', () => {
    const error = new RegistryError('timeout', 'slow', { attempts: 3 });
    expect([error.code, error.attempts, error.name]).toEqual(['timeout', 3, 'RegistryError']);
  });
});
