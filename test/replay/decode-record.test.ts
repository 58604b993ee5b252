/**
 * The line decoder: kontract envelopes, kcat -J lines and Confluent wire-format values, each bad
 * input a precise problem and never an exception.
 */
import avro from 'avsc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../src/replay/catalog.ts';
import { normaliseOffset, RecordDecoder } from '../../src/replay/decode-record.ts';
import { propertyRuns } from '../support/property.ts';
import { testCatalog } from './helpers.ts';

const envelope = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    topic: 't',
    partition: 0,
    offset: 3,
    key: 'e1',
    timestamp: 1700000000000,
    value: { id: 'e1', n: 1 },
    ...overrides,
  });

function wire(schemaId: number, body: Buffer): string {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, body]).toString('base64');
}

describe('RecordDecoder', () => {
  it('decodes an NDJSON envelope and fills defaults of fields the writer did not have', () => {
    const outcome = new RecordDecoder(testCatalog()).decodeLine(envelope({ headers: { trace: 'x' } }));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.record).toMatchObject({
      topic: 't',
      partition: 0,
      offset: '3',
      key: 'e1',
      headers: { trace: 'x' },
      eventType: 'test.Event',
      value: { id: 'e1', n: 1, note: null },
    });
  });

  it('decodes a kcat -J line: ts, flat header list, payload as JSON text', () => {
    const line = JSON.stringify({
      topic: 't',
      partition: 2,
      offset: 7,
      tstype: 'create',
      ts: 1700000000000,
      broker: 1,
      headers: ['eventType', 'test.Event', 'source', 'svc'],
      key: 'e9',
      payload: JSON.stringify({ id: 'e9', n: 9, note: 'hi' }),
    });
    const outcome = new RecordDecoder(testCatalog()).decodeLine(line);
    expect(outcome.ok && outcome.record).toMatchObject({
      partition: 2,
      offset: '7',
      timestamp: 1700000000000,
      headers: { eventType: 'test.Event', source: 'svc' },
      value: { id: 'e9', n: 9, note: 'hi' },
    });
  });

  // kcat with an Avro deserializer prints Avro's JSON encoding, where union values are wrapped.
  it('reads Avro JSON encoding (wrapped unions) in a kcat payload', () => {
    const line = JSON.stringify({
      topic: 't',
      partition: 0,
      offset: 1,
      ts: 1,
      payload: { id: 'a', n: 1, note: { string: 'x' } },
    });
    const outcome = new RecordDecoder(testCatalog()).decodeLine(line);
    expect(outcome.ok && outcome.record.value).toEqual({ id: 'a', n: 1, note: 'x' });
  });

  it('decodes a Confluent wire-format value with the writer schema of its id, resolved to today', () => {
    const writer = avro.Type.forSchema({
      type: 'record',
      name: 'Event',
      namespace: 'test',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'n', type: 'int' },
      ],
    });
    const base = testCatalog();
    const catalog = createCatalog([...base.byFullName.values()], {
      writerSchema: (id) => (id === 7 ? { type: writer, version: 1 } : undefined),
      describe: () => 'test.schemas.json',
    });
    const decoder = new RecordDecoder(catalog);
    const value = wire(7, writer.toBuffer({ id: 'w', n: 5 }));
    const outcome = decoder.decodeLine(envelope({ valueEncoding: 'wire-base64', value }));
    expect(outcome.ok && outcome.record).toMatchObject({
      value: { id: 'w', n: 5, note: null },
      schemaVersion: 1,
    });
    const unknown = decoder.decodeLine(
      envelope({ valueEncoding: 'wire-base64', value: wire(8, Buffer.from([2])) }),
    );
    expect(!unknown.ok && unknown.problem).toMatchObject({
      messageId: 'unknown-schema-id',
      data: { schemaId: 8 },
    });
    const truncated = decoder.decodeLine(
      envelope({ valueEncoding: 'wire-base64', value: wire(7, Buffer.from([2])) }),
    );
    expect(!truncated.ok && truncated.problem.messageId).toBe('bad-avro');
  });

  it.each([
    ['a truncated line', '{"topic":"t","partition":0,', 'not-json'],
    ['a JSON array', '[1,2]', 'bad-envelope'],
    ['a negative partition', envelope({ partition: -1 }), 'bad-envelope'],
    ['an offset that is not an int64', envelope({ offset: '9223372036854775808' }), 'bad-envelope'],
    ['a numeric key', envelope({ key: 5 }), 'bad-envelope'],
    ['a value of the wrong shape', envelope({ value: { id: 'x', n: 'one' } }), 'no-matching-contract'],
    [
      'a value of a named type with the wrong shape',
      envelope({ eventType: 'test.Event', value: { id: 1, n: 1 } }),
      'invalid-value',
    ],
    ['an unknown event type', envelope({ eventType: 'test.Other' }), 'unknown-event-type'],
    ['a tombstone', envelope({ value: null }), 'tombstone'],
    [
      'a value that is not wire format',
      envelope({ valueEncoding: 'wire-base64', value: Buffer.from([1, 2, 3]).toString('base64') }),
      'not-wire',
    ],
    ['an unknown value encoding', envelope({ valueEncoding: 'xml' }), 'bad-envelope'],
  ])('reports %s as replay/bad-record', (_name, line, messageId) => {
    const outcome = new RecordDecoder(testCatalog()).decodeLine(line);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problem.ruleId).toBe('replay/bad-record');
    expect(outcome.problem.messageId).toBe(messageId);
  });

  it('reports a topic without a contract as replay/unknown-topic', () => {
    const outcome = new RecordDecoder(testCatalog()).decodeLine(envelope({ topic: 'payments' }));
    expect(!outcome.ok && outcome.problem).toEqual({
      ruleId: 'replay/unknown-topic',
      messageId: 'unknown',
      data: { topic: 'payments' },
    });
  });

  // The decoder faces whatever a file holds: it must answer every line, never throw.
  it('never throws, whatever the line', () => {
    const decoder = new RecordDecoder(testCatalog());
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc
            .record({
              topic: fc.constantFrom('t', 'x'),
              partition: fc.jsonValue(),
              offset: fc.jsonValue(),
              value: fc.jsonValue(),
            })
            .map((v) => JSON.stringify(v)),
        ),
        (line) => {
          const outcome = decoder.decodeLine(line);
          expect(typeof outcome.ok).toBe('boolean');
        },
      ),
      propertyRuns(500),
    );
  });
});

describe('normaliseOffset', () => {
  it('accepts every int64 from 0 written as a number or a decimal string, and nothing else', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), (offset) => {
        expect(normaliseOffset(offset.toString())).toBe(offset.toString());
        if (offset <= BigInt(Number.MAX_SAFE_INTEGER))
          expect(normaliseOffset(Number(offset))).toBe(offset.toString());
      }),
      propertyRuns(300),
    );
    for (const bad of [-1, 1.5, '01', '-3', '9223372036854775808', 'x', null, true])
      expect(normaliseOffset(bad)).toBeUndefined();
  });
});
