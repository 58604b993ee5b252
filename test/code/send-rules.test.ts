/**
 * The send rules on small in-memory projects: a table of valid cases (no finding at all) and
 * invalid ones (the exact findings, with rule id, message id and span).
 */
import { describe, expect, it } from 'vitest';
import type { CodeAnalysisConfig } from '../../src/code/index.ts';
import { fixtureContracts } from './support/contract-set.ts';
import { analyze, spans } from './support/sources.ts';

const contracts = fixtureContracts();

const kafka = "import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers: [] }).producer();\n";
const orderPlaced = "import type { OrderPlaced } from './events.ts';\n";
const events = `export interface Money { amountMinor: number; currency: string }
export interface OrderLine { sku: string; quantity: number; unitPrice: Money }
export interface OrderPlaced {
  eventId: string; version: number; occurredAt: number; orderId: string; customerId: string;
  lines: OrderLine[]; total: Money;
}
`;

interface Case {
  name: string;
  /** Why the case exists, when the name does not say it. */
  why?: string;
  code: string;
  config?: CodeAnalysisConfig;
  expected: string[][];
}

const valid: Case[] = [
  {
    name: 'a keyed kafkajs send of a complete event',
    code: `${kafka}${orderPlaced}export async function f(e: OrderPlaced) {
  await producer.send({ topic: 'orders', messages: [{ key: e.orderId, value: JSON.stringify(e) }] });
}`,
    expected: [],
  },
  {
    name: 'a topic from an `as const` object and a key from a variable',
    code: `${kafka}const Topics = { Orders: 'orders' } as const;
export async function f(id: string) {
  await producer.send({ topic: Topics.Orders, messages: [{ key: id, value: 'x' }] });
}`,
    expected: [],
  },
  {
    name: 'a wrapper whose only caller passes a real key',
    code: `${kafka}${orderPlaced}async function publish(topic: string, key: string, event: object) {
  await producer.send({ topic, messages: [{ key, value: JSON.stringify(event) }] });
}
export const run = (e: OrderPlaced) => publish('orders', e.orderId, e);`,
    expected: [],
  },
  {
    name: 'a method called send on something that is not a Kafka producer',
    why: 'Producers are recognised by type, so an HTTP response `send` is never a finding.',
    code: `const res = { send(body: { topic: string; messages: { value: string }[] }) { return body; } };
res.send({ topic: 'orders', messages: [{ value: 'x' }] });`,
    expected: [],
  },
  {
    name: 'a node-rdkafka produce with a key',
    code: `import { Producer } from '@confluentinc/kafka-javascript';
const p = new Producer({});
export function f(id: string) { p.produce('orders', null, Buffer.from('x'), id); }`,
    expected: [],
  },
];

const invalid: Case[] = [
  {
    name: 'a message without a key',
    code: `${kafka}await producer.send({ topic: 'orders', messages: [{ value: 'x' }] });`,
    expected: [['code/unkeyed-send/missing', 'src/app.ts:3:51-3:65']],
  },
  {
    name: 'an undefined key',
    code: `${kafka}await producer.send({ topic: 'orders', messages: [{ key: undefined, value: 'x' }] });`,
    expected: [['code/unkeyed-send/nullish', 'src/app.ts:3:58-3:67']],
  },
  {
    name: 'a constant key through a const and Buffer.from',
    code: `${kafka}const KEY = 'all';
await producer.send({ topic: 'orders', messages: [{ key: KEY, value: 'x' }] });
await producer.send({ topic: 'orders', messages: [{ key: Buffer.from('same'), value: 'x' }] });`,
    expected: [
      ['code/unkeyed-send/constant', 'src/app.ts:3:13-3:18'],
      ['code/unkeyed-send/constant', 'src/app.ts:5:58-5:77'],
    ],
  },
  {
    name: 'messages built with map and no key',
    code: `${kafka}export async function f(ids: string[]) {
  await producer.send({ topic: 'orders', messages: ids.map((id) => ({ value: id })) });
}`,
    expected: [['code/unkeyed-send/missing', 'src/app.ts:4:69-4:82']],
  },
  {
    name: 'a record built elsewhere whose message type has no key',
    why: 'When the record is not written out, the message type decides.',
    code: `${kafka}declare function build(): { topic: 'orders'; messages: { value: string }[] };
await producer.send(build());`,
    expected: [['code/unkeyed-send/missing', 'src/app.ts:4:21-4:28']],
  },
  {
    name: 'a null key two wrappers away',
    why: 'Wrappers are followed to the outermost call that fixes the value, and both hops are related.',
    code: `${kafka}${orderPlaced}async function publish(topic: string, key: string | null, event: object) {
  await producer.send({ topic, messages: [{ key, value: JSON.stringify(event) }] });
}
function publishOrder(e: OrderPlaced, key: string | null) { return publish('orders', key, e); }
export const run = (e: OrderPlaced) => publishOrder(e, null);`,
    expected: [['code/unkeyed-send/nullish', 'src/app.ts:8:56-8:60']],
  },
  {
    name: 'a send whose producer has no type',
    why: 'Without types the producer is recognised by name and argument shape (and that is reported).',
    code: `import { Kafka } from 'kafkajs-not-installed';
const producer = new Kafka({}).producer();
await producer.send({ topic: 'orders', messages: [{ value: 'x' }] });`,
    expected: [['code/unkeyed-send/missing', 'src/app.ts:3:51-3:65']],
  },
  {
    name: 'a configured wrapper from a package',
    code: `import { emit } from 'events-lib';
emit('orders', { value: 'x' });`,
    config: { wrappers: [{ name: 'emit', topic: 0, key: '1.key', payload: '1.value' }] },
    expected: [['code/unkeyed-send/nullish', 'src/app.ts:2:16-2:30']],
  },
  {
    name: 'a TypeORM entity as the payload',
    code: `${kafka}import { Entity, PrimaryColumn } from 'typeorm';
@Entity() class OrderRow { @PrimaryColumn() id!: string; }
export async function f(row: OrderRow) {
  await producer.send({ topic: 'orders', messages: [{ key: row.id, value: JSON.stringify(row) }] });
}`,
    expected: [['code/entity-leak/is', 'src/app.ts:6:90-6:93']],
  },
  {
    name: 'a subclass of an entity',
    why: 'An entity stays an entity through inheritance.',
    code: `${kafka}import { Entity } from 'typeorm';
@Entity() class Row { id = ''; }
class SpecialRow extends Row { note = ''; }
export async function f(row: SpecialRow) {
  await producer.send({ topic: 'orders', messages: [{ key: row.id, value: JSON.stringify({ ...row }) }] });
}`,
    expected: [['code/entity-leak/spreads', 'src/app.ts:7:92-7:98']],
  },
  {
    name: 'a payload typed as the event but missing fields',
    code: `${kafka}import type { OrderPlaced } from './events.ts';
export async function f(e: Omit<OrderPlaced, 'customerId'> & { total: { amountMinor: number } }) {
  await producer.send({ topic: 'orders', messages: [{ key: e.orderId, value: JSON.stringify(e) }] });
}`,
    expected: [],
    why: 'An anonymous intersection type does not name the contract, and orders carries four: no mapping, no finding.',
  },
  {
    name: 'a named event type with an optional, a missing nested and an undeclared field',
    code: `${kafka}interface OrderPlaced {
  eventId: string; version: number; occurredAt?: number; orderId: string; customerId: string;
  lines: { sku: string; quantity: number; unitPrice: { amountMinor: number; currency: string } }[];
  total: { amountMinor: number }; coupon: string;
}
export async function f(e: OrderPlaced) {
  await producer.send({ topic: 'orders', messages: [{ key: e.orderId, value: JSON.stringify(e) }] });
}`,
    expected: [
      ['code/payload-mismatch/optional', 'src/app.ts:9:93-9:94'],
      ['code/payload-mismatch/missing', 'src/app.ts:9:93-9:94'],
      ['code/payload-mismatch/undeclared', 'src/app.ts:9:93-9:94'],
    ],
  },
  {
    name: 'an event-type header selects the contract',
    code: `${kafka}export async function f(orderId: string) {
  const shipped = { eventId: 'e', version: 1, occurredAt: 0, orderId, carrier: 'dhl' };
  await producer.send({
    topic: 'orders',
    messages: [{ key: orderId, value: JSON.stringify(shipped), headers: { 'event-type': 'OrderShipped' } }],
  });
}`,
    expected: [['code/payload-mismatch/missing', 'src/app.ts:7:54-7:61']],
  },
  {
    name: 'a topic computed from a parameter no one passes',
    code: `${kafka}export async function f(topic: string, id: string) {
  await producer.send({ topic, messages: [{ key: id, value: 'x' }] });
}`,
    expected: [['code/unresolved-topic/dynamic', 'src/app.ts:3:25-3:30']],
  },
];

describe('send rules', () => {
  // The three mismatch kinds name the field path, nested ones included.
  it('names the mismatched field paths', async () => {
    const mismatch = invalid.find((testCase) => testCase.name.startsWith('a named event type'));
    const result = await analyze({ 'src/app.ts': mismatch?.code ?? '' }, contracts);
    expect(result.diagnostics.map((d) => [d.messageId, d.fieldPath, d.contract])).toEqual([
      ['optional', 'occurredAt', 'com.acme.orders.OrderPlaced'],
      ['missing', 'total.currency', 'com.acme.orders.OrderPlaced'],
      ['undeclared', 'coupon', 'com.acme.orders.OrderPlaced'],
    ]);
  });

  it('says when a producer was recognised by name only', async () => {
    const untyped = invalid.find((testCase) => testCase.name === 'a send whose producer has no type');
    const result = await analyze({ 'src/app.ts': untyped?.code ?? '' }, contracts);
    expect(result.unanalysable).toEqual([
      {
        file: 'src/app.ts',
        reason:
          "module 'kafkajs-not-installed' (imported at 1:23) cannot be resolved: values from it have no type",
      },
      {
        file: 'src/app.ts',
        reason:
          'the producer at 3:7 has no type (is its client package installed and imported?): recognised as kafkajs by its method name and arguments',
      },
    ]);
    expect(result.sends.map((send) => send.identifiedBy)).toEqual(['name']);
  });

  // Severity overrides and `off` come from the config's rules.
  it('applies rule severities from the config', async () => {
    const code = `${kafka}await producer.send({ topic: 'orders', messages: [{ value: 'x' }] });`;
    const warned = await analyze({ 'src/app.ts': code }, contracts, {
      rules: { 'code/unkeyed-send': 'warning' },
    });
    expect(warned.diagnostics.map((d) => d.severity)).toEqual(['warning']);
    const off = await analyze({ 'src/app.ts': code }, contracts, {
      rules: { 'code/unkeyed-send': { severity: 'off' } },
    });
    expect(off.diagnostics).toEqual([]);
  });

  for (const testCase of valid) {
    it(`finds nothing in ${testCase.name}`, async () => {
      const result = await analyze(
        { 'src/app.ts': testCase.code, 'src/events.ts': events },
        contracts,
        testCase.config,
      );
      expect(spans(result)).toEqual([]);
    });
  }
  for (const testCase of invalid) {
    it(`reports ${testCase.name}`, async () => {
      const result = await analyze(
        { 'src/app.ts': testCase.code, 'src/events.ts': events },
        contracts,
        testCase.config,
      );
      expect(spans(result)).toEqual(testCase.expected);
    });
  }
});
