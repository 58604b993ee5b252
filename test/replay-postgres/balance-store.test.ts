/**
 * The SQL of the PostgreSQL balance projection against its model, the in-memory projection: for any
 * sequence of account events (repeated event ids, events for unknown accounts, reopened accounts,
 * deposits without an amount, events of other types, references in any case) both give the same
 * snapshot, and the rows the handler kept for the invariants are the rows in the table.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import memoryProjection from '../../fixtures/consumers/balance-projection.ts';
import postgresProjection from '../../fixtures/consumers/postgres/balance-projection.ts';
import type { BalanceStore } from '../../fixtures/consumers/postgres/shared/balance-store.ts';
import type { AccountEvent, AccountsState } from '../../fixtures/consumers/shared/accounts.ts';
import type { HandlerContext, ReplayRecord } from '../../src/replay/index.ts';
import { ensurePostgres, releasePostgres } from '../infra/postgres.ts';
import { propertyRuns } from '../support/property.ts';

let holdsLease = false;

beforeAll(async () => {
  const provided = inject('kontractPostgresUrl');
  if (provided) process.env.KONTRACT_PG_URL = provided;
  else {
    holdsLease = true;
    process.env.KONTRACT_PG_URL = (await ensurePostgres()).url;
  }
}, 600_000);

afterAll(async () => {
  if (holdsLease) await releasePostgres();
}, 120_000);

/** The context of a clean first delivery, outside the harness: `io` just runs the effect. */
const plainContext: HandlerContext = {
  delivery: 1,
  io: async <T>(effect?: () => T | Promise<T>): Promise<T> => (effect ? await effect() : (undefined as T)),
  commit: async () => {},
};

const accountIds = ['acc-1', 'acc-2', 'acc-3'];
const currencies = ['EUR', 'USD', 'GBP'];

const money = fc.record({
  amountMinor: fc.integer({ min: 0, max: 10_000_000 }),
  currency: fc.constantFrom(...currencies),
});

/** One event of the accounts topic; ids come from a small pool, so duplicates are common. */
const accountEvent: fc.Arbitrary<{ type: string; value: AccountEvent }> = fc
  .record({
    type: fc.constantFrom(
      'AccountOpened',
      'MoneyDeposited',
      'MoneyWithdrawn',
      'AccountClosed',
      'AccountRenamed',
    ),
    eventId: fc.nat({ max: 20 }).map((n) => `evt-${n}`),
    accountId: fc.constantFrom(...accountIds),
    currency: fc.option(fc.constantFrom(...currencies), { nil: undefined }),
    amount: fc.option(money, { nil: undefined }),
    // Lower case, upper case, ß (which upper-cases to two letters), or no reference at all (v1 records).
    reference: fc.option(
      fc.string({ unit: fc.constantFrom('a', 'Z', 'é', 'ß', '7', '-', ' '), maxLength: 6 }),
      {
        nil: null,
      },
    ),
  })
  .map(({ type, eventId, accountId, currency, amount, reference }) => {
    const value: AccountEvent = { eventId, version: 1, occurredAt: 1_700_000_000_000, accountId, reference };
    if (currency !== undefined) value.currency = currency;
    if (amount !== undefined) value.amount = amount;
    return { type, value };
  });

function toRecords(events: readonly { type: string; value: AccountEvent }[]): ReplayRecord[] {
  return events.map(({ type, value }, offset) => ({
    topic: 'accounts',
    partition: 0,
    offset: String(offset),
    key: value.accountId,
    timestamp: 1_700_000_000_000 + offset,
    headers: {},
    value,
    eventType: `com.acme.accounts.${type}`,
  }));
}

describe('the PostgreSQL balance store', () => {
  it('agrees with the in-memory projection on any sequence of account events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(accountEvent, { maxLength: 25 }), async (events) => {
        const records = toRecords(events);
        const memory = memoryProjection.setup() as AccountsState;
        for (const record of records) await memoryProjection.handle(record, memory, plainContext);
        const expected = await memoryProjection.snapshot(memory);

        const store = (await postgresProjection.setup()) as BalanceStore;
        try {
          for (const record of records) await postgresProjection.handle(record, store, plainContext);
          const actual = await postgresProjection.snapshot(store);
          expect(actual).toEqual(expected);
          // What the invariants read is what the table holds.
          expect(Object.fromEntries(store.lastRows)).toEqual(actual.accounts);
        } finally {
          await postgresProjection.teardown?.(store);
        }
      }),
      propertyRuns(40),
    );
  }, 120_000);
});
