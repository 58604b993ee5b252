/**
 * A fixed, hand-written set of findings that exercises every part of the Diagnostic shape, so the
 * format snapshots cover help, related places, previous locations, waivers, every severity and a
 * finding without a file. Deliberately out of order: renderers must sort.
 */
import type { Diagnostic } from '../../src/report/diagnostic.ts';
import { summarize } from '../../src/report/render.ts';

export const sampleDiagnostics: Diagnostic[] = [
  {
    ruleId: 'contract/money-not-float',
    messageId: 'float',
    severity: 'error',
    message: 'Field `amount` of `MoneyDeposited` is a double; money must be exact.',
    location: {
      file: 'contracts/accounts/MoneyDeposited.avsc',
      line: 14,
      column: 7,
      endLine: 14,
      endColumn: 23,
      pointer: '/fields/3',
    },
    help: 'Use `long` minor units plus a currency, or `bytes` with the `decimal` logical type.',
    contract: 'com.acme.accounts.MoneyDeposited',
    fieldPath: 'amount',
    data: { type: 'double', field: 'amount' },
    fingerprint: '00000000000000a1',
  },
  {
    ruleId: 'contract/docs-required',
    messageId: 'fieldDoc',
    severity: 'warning',
    message: 'Field `currency` has no doc.',
    location: { file: 'contracts/accounts/MoneyDeposited.avsc', line: 20, column: 7, pointer: '/fields/4' },
    contract: 'com.acme.accounts.MoneyDeposited',
    fieldPath: 'currency',
    fingerprint: '00000000000000a2',
    waived: { reason: 'Legacy field, documented in the wiki', ticket: 'ACME-12', expires: '2031-01-31' },
  },
  {
    ruleId: 'compat/reader-field-missing-default',
    messageId: 'missingDefault',
    severity: 'error',
    message: 'Field `channel` was added without a default: readers cannot decode records written before it.',
    location: { file: 'contracts/orders/OrderPlaced.avsc', line: 31, column: 5, pointer: '/fields/6' },
    previousLocation: { file: 'contracts/orders/OrderPlaced.avsc', line: 28, column: 3 },
    related: [{ file: 'src/projections/orders.ts', line: 42, column: 11, message: 'reads `channel`' }],
    contract: 'com.acme.orders.OrderPlaced',
    fieldPath: 'channel',
    fingerprint: '00000000000000b1',
  },
  {
    ruleId: 'contract/naming-style',
    messageId: 'fieldCase',
    severity: 'info',
    message: 'Field `order_total` is not camelCase, % and: commas, here.',
    location: { file: 'contracts/orders/OrderPlaced.avsc', line: 9, column: 5, pointer: '/fields/2' },
    contract: 'com.acme.orders.OrderPlaced',
    fieldPath: 'order_total',
    fingerprint: '00000000000000b2',
  },
  {
    ruleId: 'replay/not-idempotent',
    messageId: 'redelivery',
    severity: 'error',
    message: 'Redelivering `MoneyDeposited` at offset 3 changed the balance snapshot.',
    help: 'Deduplicate by `eventId` before applying the deposit.',
    fingerprint: '00000000000000c1',
  },
  {
    ruleId: 'config/waiver-unused',
    messageId: 'unused',
    severity: 'warning',
    message: 'The waiver for `contract/event-id` on `com.acme.orders.OrderShipped` matched no finding.',
    location: {
      file: 'kontract.config.json',
      line: 40,
      column: 5,
      endLine: 44,
      endColumn: 6,
      pointer: '/waivers/1',
    },
    fingerprint: '00000000000000c2',
  },
];

/** The summary of the sample as a lint run over 12 contracts, failing on errors. */
export const sampleSummary = summarize(sampleDiagnostics, { contracts: 12, failOn: 'error' });

export const sampleTool = { name: 'kontract', version: '0.0.0-test' };
