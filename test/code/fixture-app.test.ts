/**
 * The fixture service (`fixtures/app`): one clean path per client and one planted fault of each
 * kind. Asserts the exact set of findings with their spans, the exact usage map, and that the
 * committed generated types have not drifted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeAnalysisResult } from '../../src/code/index.ts';
import { analyzeCode, checkTypesDrift, formatUsage, generateTypes, readersOf } from '../../src/code/index.ts';
import { fixtureAppRoot, fixtureContracts } from './support/contract-set.ts';

let result: CodeAnalysisResult;

beforeAll(async () => {
  result = await analyzeCode({
    root: fixtureAppRoot,
    contracts: fixtureContracts(),
    config: { entityTypes: ['LegacyAccountRow'] },
  });
});

describe('code analysis of the fixture service', () => {
  it('reports exactly the planted faults, at their exact spans', () => {
    const found = result.diagnostics.map((d) => [
      d.ruleId,
      d.messageId,
      d.location?.file,
      d.location?.line,
      d.location?.column,
      d.location?.endLine,
      d.location?.endColumn,
    ]);
    expect(found).toEqual([
      ['code/entity-leak', 'spreads', 'src/accounts/close-account.mts', 8, 59, 8, 69],
      ['code/unkeyed-send', 'nullish', 'src/accounts/withdraw.mts', 14, 34, 14, 38],
      ['code/entity-leak', 'is', 'src/customers/notify-customer.mts', 11, 83, 11, 91],
      ['code/entity-leak', 'embeds', 'src/legacy/export-rows.mts', 14, 87, 14, 90],
      ['code/entity-leak', 'is', 'src/orders/approve-payment.mts', 11, 62, 11, 69],
      ['code/unkeyed-send', 'constant', 'src/orders/cancel-order.mts', 16, 60, 16, 68],
      ['code/unkeyed-send', 'nullish', 'src/orders/order-relay.mts', 9, 3, 9, 71],
      ['code/unkeyed-send', 'missing', 'src/orders/place-order.mts', 6, 53, 6, 86],
      ['code/payload-mismatch', 'undeclared', 'src/orders/ship-order.mts', 15, 5, 15, 28],
      ['code/payload-mismatch', 'missing', 'src/orders/ship-order.mts', 17, 91, 17, 98],
      ['code/unresolved-topic', 'dynamic', 'src/tenants/tenant-relay.mts', 5, 32, 5, 50],
    ]);
    expect(result.unanalysable).toEqual([]);
  });

  it('names the concrete problem in each message', () => {
    const messages = result.diagnostics.map((d) => d.message);
    expect(messages).toContain(
      'Payload sent to topic "accounts" spreads the TypeORM entity `AccountEntity` into the event.',
    );
    expect(messages).toContain(
      'Message sent to topic "accounts" has the key null, so events of one entity lose their order.',
    );
    expect(messages).toContain(
      'Payload sent to topic "orders" is the Prisma entity `Payment` instead of an event object.',
    );
    expect(messages).toContain(
      'Payload sent to topic "orders" as `com.acme.orders.OrderShipped` lacks the required field `carrier`.',
    );
    const dynamic = `The topic of this send is computed (\`\${tenant}.orders\`), so its payload is not checked against a contract.`;
    expect(messages).toContain(dynamic);
  });

  // A send through the team's wrapper is reported at the wrapper's call site, with the client call
  // inside the wrapper as a related location.
  it('follows the wrapper to its call site', () => {
    const nullKey = result.diagnostics.find((d) => d.location?.file === 'src/accounts/withdraw.mts');
    expect(nullKey?.related?.map((r) => [r.file, r.line, r.column])).toEqual([
      ['src/kafka/publish.mts', 7, 9],
    ]);
    expect(nullKey?.help).toBe("Key the message by the contract's key field: `key: event.accountId`.");
    const sites = result.sends.filter((send) => send.via.length > 0).map((send) => send.location.file);
    expect(sites.sort()).toEqual(['src/accounts/open-account.mts', 'src/accounts/withdraw.mts']);
  });

  it('recognises every client by type', () => {
    expect(new Set(result.sends.map((send) => send.identifiedBy))).toEqual(new Set(['type']));
    expect([...new Set(result.sends.map((send) => send.client))].sort()).toEqual([
      'confluent-kafkajs',
      'confluent-rdkafka',
      'kafkajs',
      'platformatic-kafka',
    ]);
  });

  it('extracts exactly which fields each consumer reads', () => {
    const table = result.usage.consumers.map((consumer) => ({
      consumer: consumer.consumer,
      kind: consumer.kind,
      topics: consumer.topics,
      reads: Object.fromEntries(
        Object.entries(consumer.reads).map(([contract, fields]) => [
          contract,
          Object.fromEntries(
            Object.entries(fields).map(([field, places]) => [
              field,
              places.map((place) => `${path.basename(place.file)}:${place.line}:${place.column}`),
            ]),
          ),
        ]),
      ),
      unattributed: consumer.unattributed,
    }));
    expect(table).toEqual([
      {
        consumer: 'balance-projection',
        kind: 'defineConsumer',
        topics: ['accounts'],
        reads: {
          'com.acme.accounts.AccountClosed': {
            accountId: ['balance-projection.mts:31:22'],
            reason: ['balance-projection.mts:31:47'],
          },
          'com.acme.accounts.AccountOpened': { accountId: ['balance-projection.mts:16:29'] },
          'com.acme.accounts.MoneyDeposited': {
            accountId: ['balance-helpers.mts:5:32', 'balance-helpers.mts:6:16'],
            'amount.amountMinor': ['balance-helpers.mts:6:43'],
          },
          'com.acme.accounts.MoneyWithdrawn': {
            accountId: [
              'balance-projection.mts:22:17',
              'balance-projection.mts:23:29',
              'balance-projection.mts:23:54',
            ],
            'amount.amountMinor': ['balance-projection.mts:22:42', 'balance-projection.mts:23:66'],
          },
        },
        unattributed: {},
      },
      {
        consumer: 'order-audit',
        kind: 'kafkajs',
        topics: ['orders'],
        reads: {
          'com.acme.orders.OrderPlaced': {
            'lines.sku': ['order-audit.mts:17:49'],
            orderId: ['order-audit.mts:18:16'],
            'total.amountMinor': ['order-audit.mts:18:42'],
          },
        },
        unattributed: {},
      },
      {
        consumer: 'order-emails',
        kind: 'kafkajs',
        topics: ['orders'],
        reads: {
          'com.acme.orders.OrderCancelled': { orderId: ['order-emails.mts:15:90'] },
          'com.acme.orders.OrderShipped': {
            carrier: ['order-emails.mts:12:94'],
            customerEmail: ['order-emails.mts:12:20'],
            trackingNumber: ['order-emails.mts:12:66'],
          },
        },
        unattributed: {},
      },
    ]);
  });

  // What compat asks: "field `amount` of MoneyWithdrawn is removed; who reads it?"
  it('answers who reads a field, including paths inside it', () => {
    const readers = readersOf(result.usage, 'com.acme.accounts.MoneyWithdrawn', 'amount');
    expect(readers.map((r) => [r.consumer, r.fieldPath, r.location.line, r.location.column])).toEqual([
      ['balance-projection', 'amount.amountMinor', 22, 42],
      ['balance-projection', 'amount.amountMinor', 23, 66],
    ]);
  });

  it('renders the usage map as text and JSON', () => {
    const text = formatUsage(result.usage, 'text');
    expect(text.split('\n').slice(0, 4)).toEqual([
      'balance-projection (defineConsumer, accounts) at src/consumers/balance-projection.mts:9:16',
      '  com.acme.accounts.AccountClosed',
      '    accountId  src/consumers/balance-projection.mts:31:22',
      '    reason  src/consumers/balance-projection.mts:31:47',
    ]);
    expect(JSON.parse(formatUsage(result.usage, 'json'))).toEqual(result.usage);
  });

  it('has committed generated types that match the contracts', () => {
    const file = 'src/generated/contracts.mts';
    const committed = readFileSync(path.join(fixtureAppRoot, file), 'utf8');
    expect(checkTypesDrift(generateTypes(fixtureContracts().contracts), committed, file)).toEqual([]);
  });
});
