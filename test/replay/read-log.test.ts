/**
 * The log readers against real files: the demo log reads clean, every kind of bad line is a finding
 * at its line while reading goes on, kcat output reads like an envelope log, and line splitting does
 * not depend on where chunks end.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLineBatches } from '../../src/replay/readers/line-reader.ts';
import { readLogs, streamLogs } from '../../src/replay/readers/read-log.ts';
import { propertyRuns } from '../support/property.ts';
import { demoLog, root } from './helpers.ts';

describe('readLogs', () => {
  it('reads the demo log with no finding: partitions in offset order, older records marked', async () => {
    const { log } = await demoLog();
    expect(log.records.length).toBeGreaterThan(2500);
    expect(log.streams.map((s) => `${s.topic}/${s.partition}`).sort()).toEqual([
      'accounts/0',
      'accounts/1',
      'accounts/2',
      'accounts/3',
      'orders/0',
      'orders/1',
      'orders/2',
    ]);
    for (const stream of log.streams) {
      const offsets = stream.records.map((r) => Number(r.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    const older = log.records.filter((r) => r.olderSchema);
    expect(older.length).toBeGreaterThan(0);
    expect(new Set(older.map((r) => `${r.eventType} v${r.schemaVersion}`))).toEqual(
      new Set(['com.acme.accounts.MoneyDeposited v1']),
    );
    // Read with today's schema, a v1 deposit has the default of the field it lacked.
    expect((older[0]!.value as { reference: unknown }).reference).toBeNull();
    // Records are frozen: a handler cannot change what the next run receives.
    expect(Object.isFrozen(log.records[0]!.value)).toBe(true);
  });

  it('reports each bad line of fixtures/logs/bad-lines.ndjson at its line and keeps the good ones', async () => {
    const { catalog } = await demoLog();
    const loaded = await readLogs(['fixtures/logs/bad-lines.ndjson'], { catalog, root });
    expect(loaded.log.records).toHaveLength(2);
    expect(loaded.diagnostics.map((d) => `${d.location?.line} ${d.ruleId} ${d.messageId}`)).toEqual([
      '3 replay/bad-record not-json',
      '4 replay/bad-record not-json',
      '5 replay/out-of-order not-after-previous',
      '7 replay/bad-record invalid-value',
      '8 replay/bad-record unknown-schema-id',
      '9 replay/bad-record bad-avro',
      '10 replay/bad-record bad-envelope',
      '6 replay/unknown-topic unknown',
    ]);
    for (const diagnostic of loaded.diagnostics)
      expect(diagnostic.location?.file).toBe('fixtures/logs/bad-lines.ndjson');
  });

  it('reads kcat -J output', async () => {
    const { catalog } = await demoLog();
    const loaded = await readLogs(['fixtures/logs/orders.kcat.jsonl'], { catalog, root });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.log.records).toHaveLength(40);
    expect(loaded.log.records.every((r) => r.topic === 'orders')).toBe(true);
  });

  it('keeps at most maxRecords in memory and says so', async () => {
    const { catalog } = await demoLog();
    const loaded = await readLogs(['fixtures/logs/demo.ndjson'], { catalog, root, maxRecords: 100 });
    expect(loaded.log.records).toHaveLength(100);
    expect(loaded.truncated).toBe(true);
    expect(loaded.validRecords).toBeGreaterThan(100);
  });

  it('streams the same records as it reads into memory', async () => {
    const { catalog, log } = await demoLog();
    const stream = streamLogs(['fixtures/logs/demo.ndjson'], { catalog, root });
    let count = 0;
    for await (const batch of stream.batches) count += batch.length;
    expect(count).toBe(log.records.length);
    expect(stream.diagnostics()).toEqual([]);
  });
});

describe('readLineBatches', () => {
  // A record split across two chunks must come out whole; CRLF and a missing final newline are fine.
  it('yields the same lines whatever the chunk size', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kontract-lines-'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/[\r\n]/.test(s)),
          { maxLength: 20 },
        ),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        fc.boolean(),
        async (lines, chunk, crlf, finalNewline) => {
          const file = path.join(dir, 'lines.txt');
          const text = lines.join(crlf ? '\r\n' : '\n') + (finalNewline && lines.length > 0 ? '\n' : '');
          writeFileSync(file, text);
          const read: string[] = [];
          let expectedNumber = 1;
          for await (const batch of readLineBatches(file, chunk)) {
            expect(batch.firstLine).toBe(expectedNumber);
            read.push(...batch.lines);
            expectedNumber += batch.lines.length;
          }
          // Lines are what split gives, less the empty remainder after a final newline.
          const expected = text.split(/\r?\n/);
          if (expected[expected.length - 1] === '') expected.pop();
          expect(read).toEqual(expected);
        },
      ),
      propertyRuns(100),
    );
  });
});
