/**
 * Generates the demo domain's recorded log deterministically (fixed seed): accounts (4 partitions,
 * keyed by accountId) and orders (3 partitions, keyed by orderId — except the payment events, which
 * the payment service keys by paymentId, so an order's payment sits in another partition than the
 * order). Early MoneyDeposited records are written with schema version 1 (no `reference`) in the
 * Confluent wire format with schema id 1; later ones with version 2, id 2.
 * Partitions are chosen as Kafka's default partitioner does (murmur2 of the key).
 *
 * Run: `node scripts/gen-demo-logs.ts` (writes fixtures/logs/demo.ndjson, demo.schemas.json,
 * orders.kcat.jsonl and bad-lines.ndjson), then it reads them back and fails on any finding.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReplayCatalog } from '../src/replay/readers/load-catalog.ts';
import { readLogs } from '../src/replay/readers/read-log.ts';
import { loadSchemaSidecar } from '../src/replay/readers/schema-sidecar.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'fixtures/logs');

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20261122);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function uuid(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Kafka's murmur2 (the Java client's default partitioner for keyed records). */
function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const blocks = length >> 2;
  for (let i = 0; i < blocks; i++) {
    const j = i * 4;
    let k = data[j]! | (data[j + 1]! << 8) | (data[j + 2]! << 16) | (data[j + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= data[tail + 2]! << 16;
  if (rest >= 2) h ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}

function partitionFor(key: string, partitions: number): number {
  return (murmur2(new TextEncoder().encode(key)) & 0x7fffffff) % partitions;
}

interface Pending {
  topic: 'accounts' | 'orders';
  key: string;
  time: number;
  eventType: string;
  value: Record<string, unknown>;
  wireSchemaId?: number;
}

const start = Date.UTC(2026, 0, 5, 9, 0, 0);
const day = 24 * 3600 * 1000;
const upgradeAt = start + Math.round(1.5 * day);
const events: Pending[] = [];
const money = (amountMinor: number, currency: string) => ({ amountMinor, currency });

// Accounts: open, then deposits and withdrawals (never below zero), some closed.
for (let a = 1; a <= 120; a++) {
  const accountId = `acc-${String(a).padStart(4, '0')}`;
  const currency = pick(['EUR', 'EUR', 'EUR', 'USD', 'GBP']);
  let time = start + int(0, 5 * day);
  let balance = 0;
  events.push({
    topic: 'accounts',
    key: accountId,
    time,
    eventType: 'com.acme.accounts.AccountOpened',
    value: {
      eventId: uuid(),
      version: 1,
      occurredAt: time,
      accountId,
      customerId: `cus-${int(1, 90)}`,
      accountType: pick(['CHECKING', 'SAVINGS']),
      currency,
      overdraftLimit: random() < 0.2 ? money(50_000, currency) : null,
    },
  });
  const moves = int(8, 26);
  for (let i = 0; i < moves; i++) {
    time += int(20, 900) * 60_000;
    if (balance > 0 && random() < 0.35) {
      const amount = int(1, Math.max(1, Math.floor(balance / 2)));
      balance -= amount;
      events.push({
        topic: 'accounts',
        key: accountId,
        time,
        eventType: 'com.acme.accounts.MoneyWithdrawn',
        value: {
          eventId: uuid(),
          version: 1,
          occurredAt: time,
          accountId,
          amount: money(amount, currency),
          balanceAfter: money(balance, currency),
        },
      });
    } else {
      const amount = int(500, 250_000);
      balance += amount;
      const v1 = time < upgradeAt;
      const value: Record<string, unknown> = {
        eventId: uuid(),
        version: v1 ? 1 : 2,
        occurredAt: time,
        accountId,
        amount: money(amount, currency),
      };
      value.channel = pick(['BRANCH', 'BANK_TRANSFER', 'CARD']);
      if (!v1) value.reference = `INV-${int(10_000, 99_999)}`;
      events.push({
        topic: 'accounts',
        key: accountId,
        time,
        eventType: 'com.acme.accounts.MoneyDeposited',
        value,
        wireSchemaId: v1 ? 1 : 2,
      });
    }
  }
  if (random() < 0.12) {
    time += int(60, 600) * 60_000;
    events.push({
      topic: 'accounts',
      key: accountId,
      time,
      eventType: 'com.acme.accounts.AccountClosed',
      value: {
        eventId: uuid(),
        version: 1,
        occurredAt: time,
        accountId,
        reason: pick(['CUSTOMER_REQUEST', 'INACTIVITY']),
        finalBalance: money(balance, currency),
      },
    });
  }
}

// Orders: placed, sometimes a line added, then a payment (keyed by paymentId!), then shipped or cancelled.
for (let o = 1; o <= 300; o++) {
  const orderId = `ord-${String(o).padStart(5, '0')}`;
  const currency = pick(['EUR', 'USD']);
  let time = start + int(0, 12 * day);
  const lines = Array.from({ length: int(1, 3) }, () => ({
    sku: `SKU-${int(100, 999)}`,
    quantity: int(1, 4),
    unitPrice: money(int(199, 19_999), currency),
  }));
  let total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice.amountMinor, 0);
  const order = (eventType: string, value: Record<string, unknown>, key = orderId) => {
    events.push({
      topic: 'orders',
      key,
      time,
      eventType,
      value: { eventId: uuid(), version: 1, occurredAt: time, orderId, ...value },
    });
  };
  order('com.acme.orders.OrderPlaced', {
    customerId: `cus-${int(1, 90)}`,
    lines,
    total: money(total, currency),
  });
  if (random() < 0.2) {
    time += int(1, 30) * 60_000;
    const line = { sku: `SKU-${int(100, 999)}`, quantity: 1, unitPrice: money(int(199, 9_999), currency) };
    total += line.unitPrice.amountMinor;
    order('com.acme.orders.OrderLineAdded', { line, newTotal: money(total, currency) });
  }
  time += int(1, 60) * 60_000;
  const paymentId = `pay-${uuid().slice(0, 8)}`;
  const outcome = random();
  if (outcome < 0.85) {
    order(
      'com.acme.orders.PaymentApproved',
      { paymentId, amount: money(total, currency), method: pick(['CARD', 'BANK_TRANSFER', 'WALLET']) },
      paymentId,
    );
    time += int(2, 48) * 3600_000;
    if (random() < 0.8)
      order('com.acme.orders.OrderShipped', {
        carrier: pick(['DHL', 'UPS', 'PostNL']),
        trackingNumber: `TRK${int(1e6, 9e6)}`,
      });
    else if (random() < 0.3) order('com.acme.orders.OrderCancelled', { reason: 'CUSTOMER_REQUEST' });
  } else if (outcome < 0.95) {
    order(
      'com.acme.orders.PaymentDeclined',
      { paymentId, amount: money(total, currency), reason: pick(['INSUFFICIENT_FUNDS', 'CARD_EXPIRED']) },
      paymentId,
    );
    time += int(1, 30) * 60_000;
    order('com.acme.orders.OrderCancelled', { reason: 'PAYMENT_DECLINED' });
  }
}

events.sort((a, b) => a.time - b.time);

const sidecar = {
  '1': { schema: 'schemas/MoneyDeposited.v1.avsc', version: 1 },
  '2': { schema: 'com.acme.accounts.MoneyDeposited', version: 2 },
};
writeFileSync(path.join(out, 'demo.schemas.json'), `${JSON.stringify(sidecar, null, 2)}\n`);

const { catalog, diagnostics: contractProblems } = await loadReplayCatalog({ root });
if (contractProblems.some((d) => d.severity === 'error')) {
  throw new Error(`the demo contracts do not load: ${contractProblems.map((d) => d.message).join('; ')}`);
}
const writers = loadSchemaSidecar(path.join(out, 'demo.schemas.json'), catalog);
const partitions = { accounts: 4, orders: 3 } as const;
const nextOffset = new Map<string, number>();
const lines: string[] = [];
const kcatLines: string[] = [];
for (const event of events) {
  const partition = partitionFor(event.key, partitions[event.topic]);
  const streamKey = `${event.topic}/${partition}`;
  const offset = nextOffset.get(streamKey) ?? 0;
  nextOffset.set(streamKey, offset + 1);
  const contract = catalog.byFullName.get(event.eventType);
  if (!contract) throw new Error(`no contract ${event.eventType}`);
  const envelope: Record<string, unknown> = {
    topic: event.topic,
    partition,
    offset,
    key: event.key,
    timestamp: event.time,
    headers: {
      eventType: event.eventType,
      producer:
        event.topic === 'orders' && event.key.startsWith('pay-')
          ? 'payment-service'
          : `${event.topic}-service`,
    },
    eventType: event.eventType,
  };
  if (event.wireSchemaId !== undefined) {
    const writer = writers.writerSchema(event.wireSchemaId);
    if (!writer?.type.isValid(event.value))
      throw new Error(`invalid ${event.eventType} v${event.value.version}`);
    const body = writer.type.toBuffer(event.value);
    const header = Buffer.alloc(5);
    header.writeUInt32BE(event.wireSchemaId, 1);
    envelope.schemaVersion = writer.version;
    envelope.valueEncoding = 'wire-base64';
    envelope.value = Buffer.concat([header, body]).toString('base64');
  } else {
    if (!contract.type.isValid(event.value))
      throw new Error(`invalid ${event.eventType}: ${JSON.stringify(event.value)}`);
    envelope.value = event.value;
  }
  lines.push(JSON.stringify(envelope));
  if (event.topic === 'orders' && kcatLines.length < 40) {
    kcatLines.push(
      JSON.stringify({
        topic: event.topic,
        partition,
        offset,
        tstype: 'create',
        ts: event.time,
        broker: 1,
        headers: ['eventType', event.eventType],
        key: event.key,
        payload: JSON.stringify(event.value),
      }),
    );
  }
}
writeFileSync(path.join(out, 'demo.ndjson'), `${lines.join('\n')}\n`);
writeFileSync(path.join(out, 'orders.kcat.jsonl'), `${kcatLines.join('\n')}\n`);

// A log of bad lines, one per kind of problem, after two good ones (for the reader tests and the docs).
const good = lines.slice(0, 2);
const firstAccounts = JSON.parse(
  lines.find((line) => line.includes('"AccountOpened"') || line.includes('AccountOpened'))!,
);
const bad = [
  ...good,
  '{"topic":"accounts","partition":0,"offset":', // truncated line
  'not json at all',
  JSON.stringify({ ...firstAccounts, offset: 0 }), // behind its partition
  JSON.stringify({ ...firstAccounts, topic: 'payments', offset: 999 }), // no contract declares this topic
  JSON.stringify({
    ...firstAccounts,
    offset: 1000,
    value: { ...firstAccounts.value, accountType: 'PLATINUM' },
  }),
  JSON.stringify({
    ...firstAccounts,
    offset: 1001,
    valueEncoding: 'wire-base64',
    value: Buffer.from([0, 0, 0, 0, 99, 1, 2]).toString('base64'),
    eventType: undefined,
  }),
  JSON.stringify({
    ...firstAccounts,
    offset: 1002,
    valueEncoding: 'wire-base64',
    value: Buffer.from([0, 0, 0, 0, 1, 2]).toString('base64'),
    eventType: undefined,
  }),
  JSON.stringify({ ...firstAccounts, partition: -1 }),
];
writeFileSync(path.join(out, 'bad-lines.ndjson'), `${bad.join('\n')}\n`);
writeFileSync(path.join(out, 'bad-lines.schemas.json'), `${JSON.stringify(sidecar, null, 2)}\n`);

const check = await readLogs([path.join(out, 'demo.ndjson')], { catalog, root });
if (check.diagnostics.length > 0) {
  throw new Error(
    `the generated log has findings:\n${check.diagnostics
      .slice(0, 10)
      .map((d) => `${d.location?.line}: ${d.message}`)
      .join('\n')}`,
  );
}
const older = check.log.records.filter((record) => record.olderSchema).length;
console.log(
  `wrote ${lines.length} records (${older} with an older schema version) in ${check.log.streams.length} partitions; ${kcatLines.length} kcat lines; ${bad.length} lines of bad input`,
);
