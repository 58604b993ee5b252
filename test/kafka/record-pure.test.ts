/**
 * The recorder's pure parts: partition and bound syntax, the envelope line and the state file. The
 * envelope is checked through the replay reader itself, so the recorder and the reader cannot drift.
 */
import avro from 'avsc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConsumedRecord, envelopeLine, schemaIdOf } from '../../src/kafka/envelope.ts';
import { parseBound, parsePartitions, RangeSyntaxError } from '../../src/kafka/record-range.ts';
import { parseRecordState } from '../../src/kafka/record-state.ts';
import { createCatalog, type WriterSchemaLookup } from '../../src/replay/catalog.ts';
import { RecordDecoder } from '../../src/replay/decode-record.ts';
import { propertyRuns } from '../support/property.ts';

describe('--partitions', () => {
  it('reads back any set of partitions written as numbers and ranges', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(200), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        (partitions, asRanges) => {
          const sorted = [...partitions].sort((a, b) => a - b);
          const parts: string[] = [];
          for (let i = 0; i < sorted.length; i++) {
            let j = i;
            while (asRanges && j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
            parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
            i = j;
          }
          // Shuffled and spaced: order and blanks do not matter.
          const spec = parts.reverse().join(' , ');
          expect(parsePartitions(spec)).toEqual(sorted);
        },
      ),
      propertyRuns(200),
    );
  });

  it('means all partitions when empty or "all", and refuses what is not a partition list', () => {
    expect(parsePartitions(undefined)).toBe('all');
    expect(parsePartitions(' all ')).toBe('all');
    for (const bad of ['a', '1-', '-1', '3-1', '1;2', '1.5']) {
      expect(() => parsePartitions(bad), bad).toThrow(RangeSyntaxError);
    }
  });
});

describe('--from and --to', () => {
  it('reads positions, offsets and zoned times', () => {
    expect(parseBound('--from', 'earliest')).toEqual({ kind: 'earliest' });
    expect(parseBound('--to', 'latest')).toEqual({ kind: 'latest' });
    expect(parseBound('--from', '9223372036854775807')).toEqual({
      kind: 'offset',
      offset: 9223372036854775807n,
    });
    expect(parseBound('--from', '2026-11-01T00:00Z')).toEqual({
      kind: 'timestamp',
      ms: Date.UTC(2026, 10, 1),
    });
    expect(parseBound('--from', '2026-11-01')).toEqual({ kind: 'timestamp', ms: Date.UTC(2026, 10, 1) });
    expect(parseBound('--to', '2026-11-01T01:30:00.250+01:00')).toEqual({
      kind: 'timestamp',
      ms: Date.UTC(2026, 10, 1, 0, 30, 0, 250),
    });
  });

  it('reads every ISO instant written in UTC back to the same millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const bound = parseBound('--from', new Date(ms).toISOString());
        return bound.kind === 'timestamp' && bound.ms === ms;
      }),
      propertyRuns(200),
    );
  });

  it('refuses a time without a zone and anything else, naming the option', () => {
    expect(() => parseBound('--from', '2026-11-01T00:00')).toThrow(
      '--from: "2026-11-01T00:00" has no time zone',
    );
    expect(() => parseBound('--to', 'yesterday')).toThrow(/^--to: /);
    expect(() => parseBound('--to', '99999999999999999999')).toThrow(/largest offset/);
  });
});

describe('the envelope line', () => {
  const type = avro.Type.forSchema({
    type: 'record',
    name: 'Evt',
    namespace: 'kontract.test',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'version', type: 'int' },
    ],
  });
  const lookup: WriterSchemaLookup = {
    writerSchema: (id) => (id === 7 ? { type } : undefined),
    describe: () => 'test ids',
  };
  const catalog = createCatalog(
    [{ fullName: 'kontract.test.Evt', type, topic: 't', versionField: 'version' }],
    lookup,
  );
  const wire = (value: unknown, id = 7) => {
    const header = Buffer.alloc(5);
    header.writeUInt32BE(id, 1);
    return new Uint8Array(Buffer.concat([header, type.toBuffer(value)]));
  };

  it('is read back by the replay reader as the same record, for any key, headers, offset and value', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: null }),
        fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
        fc.bigInt({ min: 0n, max: 2n ** 62n }),
        fc.nat(),
        fc.string(),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (key, headers, offset, partition, id, timestamp) => {
          const record: ConsumedRecord = {
            topic: 't',
            partition,
            offset,
            timestamp: BigInt(timestamp),
            key: key === null ? null : new TextEncoder().encode(key),
            value: wire({ id, version: 2 }),
            headers: Object.entries(headers).map(
              ([k, v]) => [new TextEncoder().encode(k), new TextEncoder().encode(v)] as const,
            ),
          };
          const decoded = new RecordDecoder(catalog).decodeLine(envelopeLine(record));
          if (!decoded.ok) throw new Error(JSON.stringify(decoded.problem));
          expect(decoded.record).toMatchObject({
            topic: 't',
            partition,
            offset: offset.toString(),
            key,
            timestamp,
            headers,
            value: { id, version: 2 },
            eventType: 'kontract.test.Evt',
          });
        },
      ),
      propertyRuns(150),
    );
  });

  it('keeps the schema id for reading, writes tombstones as null and decoded values as JSON', () => {
    const base = { topic: 't', partition: 0, offset: 3n, timestamp: 5n, key: null, headers: [] };
    expect(JSON.parse(envelopeLine({ ...base, value: wire({ id: 'a', version: 1 }, 258) }))).toMatchObject({
      valueEncoding: 'wire-base64',
      schemaId: 258,
    });
    expect(JSON.parse(envelopeLine({ ...base, value: null })).value).toBeNull();
    expect(
      JSON.parse(
        envelopeLine(
          { ...base, value: wire({ id: 'a', version: 1 }) },
          { eventType: 'kontract.test.Evt', value: { id: 'a', version: 1 } },
        ),
      ),
    ).toMatchObject({
      eventType: 'kontract.test.Evt',
      value: { id: 'a', version: 1 },
    });
    expect(schemaIdOf(new Uint8Array([1, 0, 0, 0, 1]))).toBeUndefined();
  });
});

describe('the state file', () => {
  it('accepts what the recorder writes and names what is wrong otherwise', () => {
    const state = {
      format: 'kontract-record-state',
      version: 1,
      topic: 't',
      range: { partitions: 'all', from: 'earliest', to: 'latest', valueFormat: 'wire' },
      partitions: [{ partition: 0, next: '10', end: '20', skipped: 0 }],
      records: 10,
      bytes: 1234,
      startedAt: '2026-11-22T00:00:00.000Z',
    };
    expect(parseRecordState(JSON.stringify(state))).toEqual({ state });
    expect(parseRecordState('{')).toEqual({ problem: 'it is not JSON' });
    expect(parseRecordState('{"format":"x"}')).toEqual({
      problem: 'it is not a kontract record state file (version 1)',
    });
    expect(
      parseRecordState(
        JSON.stringify({ ...state, partitions: [{ partition: 0, next: '-1', end: '2', skipped: 0 }] }),
      ),
    ).toEqual({
      problem: 'a field is missing or has the wrong type',
    });
  });
});
