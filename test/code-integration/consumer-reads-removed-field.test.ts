/**
 * `compat/consumer-reads-removed-field`, pure: which removed or renamed fields consumers still read,
 * as a table of schema changes and usage maps with the exact reports expected, a property over random
 * records, removals and reads, and the lowering of Avro's findings about removals nobody reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsumerUsage, UsageMap } from '../../src/code/usage.ts';
import {
  type ConsumerReadReport,
  type ConsumerReadsRemovedFieldOptions,
  consumerReadsRemovedField,
  lowerUnreadRemovals,
} from '../../src/compat/semantic/consumer-reads-removed-field.ts';
import { type RecordPair, walkPairs } from '../../src/compat/semantic/schema-pairs.ts';
import { schemaDocumentOf } from '../../src/compat/semantic/schema-view.ts';
import type { Json } from '../../src/contracts/model.ts';
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { propertyRuns } from '../support/property.ts';

const contract = 'com.acme.accounts.MoneyWithdrawn';

const money: Json = {
  type: 'record',
  name: 'Money',
  namespace: 'com.acme.common',
  fields: [
    { name: 'amountMinor', type: 'long' },
    { name: 'currency', type: 'string' },
  ],
};

/** A MoneyWithdrawn schema with the given extra fields after `accountId`. */
function withdrawn(fields: Json[]): Json {
  return {
    type: 'record',
    name: 'MoneyWithdrawn',
    namespace: 'com.acme.accounts',
    fields: [{ name: 'accountId', type: 'string' }, ...fields],
  };
}

function recordsOf(current: Json, previous: Json): RecordPair[] {
  const records: RecordPair[] = [];
  walkPairs(
    { current: schemaDocumentOf(current), previous: schemaDocumentOf(previous) },
    { onRecord: (record) => records.push(record) },
  );
  return records;
}

/** A usage map of one consumer per entry: contract → field path → lines of `src/<consumer>.ts`. */
function usageOf(consumers: Record<string, Record<string, Record<string, number[]>>>): UsageMap {
  return {
    consumers: Object.entries(consumers).map(
      ([name, reads]): ConsumerUsage => ({
        consumer: name,
        kind: 'defineConsumer',
        location: { file: `src/${name}.ts`, line: 1, column: 1 },
        topics: ['accounts'],
        reads: Object.fromEntries(
          Object.entries(reads).map(([contractName, fields]) => [
            contractName,
            Object.fromEntries(
              Object.entries(fields).map(([path, lines]) => [
                path,
                lines.map((line) => ({ file: `src/${name}.ts`, line, column: 5 })),
              ]),
            ),
          ]),
        ),
        unattributed: {},
      }),
    ),
  };
}

function check(
  current: Json,
  previous: Json,
  usage: UsageMap,
  options: Partial<ConsumerReadsRemovedFieldOptions> = {},
): ConsumerReadReport[] {
  const reports: ConsumerReadReport[] = [];
  consumerReadsRemovedField.check({
    contract,
    records: recordsOf(current, previous),
    usage,
    against: 'the base',
    options: { ...consumerReadsRemovedField.defaultOptions, ...options },
    report: (report) => reports.push(report),
  });
  return reports;
}

/** The parts of a report a reader of the finding sees. */
function summary(report: ConsumerReadReport) {
  return {
    messageId: report.messageId,
    fieldPath: report.fieldPath,
    pointer: report.pointer,
    previousPointer: report.previousPointer,
    severity: report.severity,
    related: report.related.map((r) => `${r.file}:${r.line} ${r.message}`),
  };
}

const amount: Json = { name: 'amount', type: money };
const note: Json = { name: 'note', type: ['null', 'string'], default: null };

describe('compat/consumer-reads-removed-field', () => {
  it('reports a removed field a consumer reads, with every read place as related', () => {
    const usage = usageOf({ balance: { [contract]: { 'amount.amountMinor': [22, 23], accountId: [21] } } });
    const reports = check(withdrawn([]), withdrawn([amount]), usage);
    expect(reports.map(summary)).toEqual([
      {
        messageId: 'removed',
        fieldPath: 'amount',
        pointer: '',
        previousPointer: '/fields/1',
        severity: undefined,
        related: [
          'src/balance.ts:22 balance reads `amount.amountMinor` here',
          'src/balance.ts:23 balance reads `amount.amountMinor` here',
        ],
      },
    ]);
    expect(reports[0]?.data).toEqual({
      field: 'amount',
      record: 'MoneyWithdrawn',
      consumers: 'consumer `balance`',
      where: 'src/balance.ts:22 and 1 more place',
    });
  });

  it('names every consumer that reads the field', () => {
    const usage = usageOf({
      audit: { [contract]: { amount: [7] } },
      balance: { [contract]: { 'amount.currency': [30] } },
    });
    const [report] = check(withdrawn([]), withdrawn([amount]), usage);
    expect(report?.data?.consumers).toBe('consumers `audit` and `balance`');
    expect(report?.related.map((r) => r.file)).toEqual(['src/audit.ts', 'src/balance.ts']);
  });

  it('notes a removed field nobody reads at the severity of unreadRemovedField, or not at all with off', () => {
    const usage = usageOf({ balance: { [contract]: { accountId: [21] } } });
    expect(check(withdrawn([]), withdrawn([note]), usage).map(summary)).toEqual([
      {
        messageId: 'unread',
        fieldPath: 'note',
        pointer: '',
        previousPointer: '/fields/1',
        severity: 'info',
        related: [],
      },
    ]);
    expect(
      check(withdrawn([]), withdrawn([note]), usage, { unreadRemovedField: 'warning' })[0]?.severity,
    ).toBe('warning');
    expect(check(withdrawn([]), withdrawn([note]), usage, { unreadRemovedField: 'off' })).toEqual([]);
  });

  // Reads of the same field name in another contract are that contract's business.
  it('ignores reads of a field of the same name in another contract', () => {
    const usage = usageOf({ balance: { 'com.acme.accounts.MoneyDeposited': { amount: [9] } } });
    expect(check(withdrawn([]), withdrawn([amount]), usage).map((r) => r.messageId)).toEqual(['unread']);
  });

  // The usage map stops a path at the last field the candidate declares: `amount.currency` is
  // recorded as `amount` once `currency` is gone, so a read at exactly `amount` counts.
  it('counts a read recorded at the record a nested field was removed from, but not reads of its other fields', () => {
    const moneyWithoutCurrency: Json = {
      ...(money as Record<string, Json>),
      fields: [{ name: 'amountMinor', type: 'long' }],
    };
    const current = withdrawn([{ name: 'amount', type: moneyWithoutCurrency }]);
    const trimmed = usageOf({ balance: { [contract]: { amount: [40] } } });
    expect(check(current, withdrawn([amount]), trimmed).map(summary)).toEqual([
      {
        messageId: 'removed',
        fieldPath: 'amount.currency',
        pointer: '/fields/1/type',
        previousPointer: '/fields/1/type/fields/1',
        severity: undefined,
        related: ['src/balance.ts:40 balance reads `amount` here'],
      },
    ]);
    const other = usageOf({ balance: { [contract]: { 'amount.amountMinor': [41] } } });
    expect(check(current, withdrawn([amount]), other).map((r) => r.messageId)).toEqual(['unread']);
  });

  it('follows fields inside array items', () => {
    const line = (fields: Json[]): Json => ({
      type: 'array',
      items: { type: 'record', name: 'Line', fields },
    });
    const previous = withdrawn([
      {
        name: 'lines',
        type: line([
          { name: 'sku', type: 'string' },
          { name: 'qty', type: 'int' },
        ]),
      },
    ]);
    const current = withdrawn([{ name: 'lines', type: line([{ name: 'qty', type: 'int' }]) }]);
    const usage = usageOf({ audit: { [contract]: { 'lines.sku': [17] } } });
    expect(check(current, previous, usage).map((r) => [r.messageId, r.fieldPath, r.related.length])).toEqual([
      ['removed', 'lines.sku', 1],
    ]);
  });

  // A rename through an alias is compatible for Avro, but code reading the old name now reads undefined.
  it('reports a renamed field read under its old name, and nothing when only the new name is read', () => {
    const renamed = withdrawn([{ name: 'total', type: money, aliases: ['amount'] }]);
    const oldName = usageOf({ balance: { [contract]: { amount: [22] } } });
    expect(check(renamed, withdrawn([amount]), oldName).map(summary)).toEqual([
      {
        messageId: 'renamed',
        fieldPath: 'amount',
        pointer: '/fields/1',
        previousPointer: '/fields/1',
        severity: undefined,
        related: ['src/balance.ts:22 balance reads `amount` here'],
      },
    ]);
    const newName = usageOf({ balance: { [contract]: { total: [22] } } });
    expect(check(renamed, withdrawn([amount]), newName)).toEqual([]);
  });

  it('rejects an unreadRemovedField that is not a severity or off', () => {
    expect(consumerReadsRemovedField.validateOptions({ unreadRemovedField: 'info' })).toEqual([]);
    expect(
      consumerReadsRemovedField.validateOptions({
        unreadRemovedField: 'fatal' as ConsumerReadsRemovedFieldOptions['unreadRemovedField'],
      }),
    ).toEqual([
      { option: 'unreadRemovedField', message: 'must be one of `error`, `warning`, `info`, `off`.' },
    ]);
  });

  it('reports exactly the removed fields, each with exactly its read places (property)', () => {
    const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const scenario = fc.record({
      kept: fc.subarray(names),
      reads: fc.dictionary(
        fc.constantFrom(...names),
        fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 3 }),
      ),
    });
    fc.assert(
      fc.property(scenario, ({ kept, reads }) => {
        const previous = withdrawn(names.map((name) => ({ name, type: 'string' })));
        const current = withdrawn(kept.map((name) => ({ name, type: 'string' })));
        const usage = usageOf({ consumer: { [contract]: reads } });
        const reports = check(current, previous, usage);
        const removed = names.filter((name) => !kept.includes(name));
        expect(reports.map((r) => r.fieldPath)).toEqual(removed);
        for (const report of reports) {
          const lines = [...(reads[report.fieldPath ?? ''] ?? [])].sort((a, b) => a - b);
          expect(report.messageId).toBe(lines.length > 0 ? 'removed' : 'unread');
          expect(report.related.map((r) => r.line)).toEqual(lines);
        }
      }),
      propertyRuns(200),
    );
  });
});

describe('lowering Avro findings about removals nobody reads', () => {
  const finding = (overrides: Partial<Diagnostic>): Diagnostic => ({
    ruleId: 'compat/reader-field-missing-default',
    messageId: 'noDefault',
    severity: 'error',
    message:
      'Reader field `note` of `MoneyWithdrawn` has no default; this breaks FORWARD compatibility with the base.',
    contract,
    fieldPath: 'note',
    data: { direction: 'forward' },
    fingerprint: 'f',
    ...overrides,
  });
  const isRemoval = (d: Diagnostic) => d.data?.direction === 'forward';

  it('lowers the matching forward finding and says nobody reads the field', () => {
    const [lowered] = lowerUnreadRemovals(
      [finding({})],
      [{ contract, fieldPath: 'note' }],
      'info',
      isRemoval,
    );
    expect(lowered?.severity).toBe('info');
    expect(lowered?.message).toBe(
      'Reader field `note` of `MoneyWithdrawn` has no default; this breaks FORWARD compatibility with the base; no consumer in the analysed code reads `note`.',
    );
    expect(lowered?.fingerprint).toBe('f');
    // A green check must not hide that the registry will still refuse the version.
    expect(lowered?.help).toBe(
      'kontract lowered this finding because no consumer in the analysed code reads the field; a schema registry still applies its mode when the version is registered.',
    );
  });

  it('never raises a severity, and leaves other fields, contracts and directions alone', () => {
    const unread = [{ contract, fieldPath: 'note' }];
    const input = [
      finding({ severity: 'warning' }),
      finding({ fieldPath: 'amount' }),
      finding({ contract: 'com.acme.accounts.MoneyDeposited' }),
      finding({ data: { direction: 'backward' } }),
    ];
    const output = lowerUnreadRemovals(input, unread, 'error', isRemoval);
    expect(output[0]?.severity).toBe('warning');
    expect(output.slice(1)).toEqual(input.slice(1));
  });
});
