/**
 * The pure parts under the analysis: the schema index (named types across files, nested records
 * through arrays, maps and nullable unions), field-path trimming, and mapping a message to its
 * contract, which must never guess.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractForMessage } from '../../src/code/contract-for-message.ts';
import type { MessageFact } from '../../src/code/facts.ts';
import type { ContractView } from '../../src/code/schema-types.ts';
import { fieldsOf, indexSchemas, trimToFieldPath } from '../../src/code/schema-types.ts';
import type { Json } from '../../src/contracts/model.ts';
import { propertyRuns } from '../support/property.ts';

const money: ContractView = {
  file: 'contracts/money.avsc',
  fullName: 'com.acme.common.Money',
  schema: {
    type: 'record',
    name: 'Money',
    namespace: 'com.acme.common',
    fields: [{ name: 'cents', type: 'long' }],
  },
  settings: {},
};
const order: ContractView = {
  file: 'contracts/order.avsc',
  fullName: 'com.acme.orders.OrderPlaced',
  schema: {
    type: 'record',
    name: 'OrderPlaced',
    namespace: 'com.acme.orders',
    fields: [
      { name: 'total', type: 'com.acme.common.Money' },
      { name: 'refund', type: ['null', 'com.acme.common.Money'], default: null },
      {
        name: 'lines',
        type: {
          type: 'array',
          items: { type: 'record', name: 'Line', fields: [{ name: 'price', type: 'com.acme.common.Money' }] },
        },
      },
      { name: 'byCountry', type: { type: 'map', values: 'Line' } },
    ],
  },
  settings: { topic: 'orders' },
};

describe('indexSchemas and trimToFieldPath', () => {
  it('resolves named types across files and sees through arrays, maps and nullable unions', () => {
    const index = indexSchemas([order, money]);
    expect(
      fieldsOf(index, index.roots.get(order.fullName))?.map((field) => [field.name, field.hasDefault]),
    ).toEqual([
      ['total', false],
      ['refund', true],
      ['lines', false],
      ['byCountry', false],
    ]);
    expect(trimToFieldPath(index, order.fullName, ['refund', 'cents', 'toFixed'])).toBe('refund.cents');
    expect(trimToFieldPath(index, order.fullName, ['lines', 'price', 'cents'])).toBe('lines.price.cents');
    expect(trimToFieldPath(index, order.fullName, ['byCountry', 'price'])).toBe('byCountry.price');
    expect(trimToFieldPath(index, order.fullName, ['removed', 'x'])).toBe('removed');
  });

  // Trimming keeps exactly the longest prefix that is a field path: never invents or drops a field.
  it('keeps the longest field-path prefix of any path', () => {
    const index = indexSchemas([order, money]);
    const segment = fc.constantFrom('total', 'refund', 'lines', 'byCountry', 'price', 'cents', 'length', 'x');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (path) => {
        const trimmed = trimToFieldPath(index, order.fullName, path).split('.');
        expect(path.slice(0, trimmed.length)).toEqual(trimmed);
        let fields = fieldsOf(index, index.roots.get(order.fullName));
        let valid = 0;
        for (const name of path) {
          const field = fields?.find((candidate) => candidate.name === name);
          if (field === undefined) break;
          valid += 1;
          fields = fieldsOf(index, field.type);
        }
        expect(trimmed.length).toBe(Math.max(valid, 1));
      }),
      propertyRuns(100),
    );
  });

  it('never throws on malformed schema JSON', () => {
    const json: fc.Arbitrary<Json> = fc.jsonValue() as fc.Arbitrary<Json>;
    fc.assert(
      fc.property(json, (schema) => {
        const index = indexSchemas([{ file: 'x.avsc', fullName: 'X', schema, settings: {} }]);
        expect(index.roots.has('X')).toBe(true);
      }),
      propertyRuns(200),
    );
  });
});

describe('contractForMessage', () => {
  const shipped: ContractView = {
    ...money,
    fullName: 'com.acme.orders.OrderShipped',
    settings: { topic: 'orders' },
  };
  const contracts = [order, shipped, money];
  const here = { file: 'a.ts', line: 1, column: 1 };
  const message = (parts: Partial<MessageFact>): MessageFact => ({
    location: here,
    topic: { kind: 'literal', value: 'orders', location: here },
    key: { kind: 'missing' },
    ...parts,
  });

  it('maps by discriminator, header or type name, and not at all when ambiguous', () => {
    const payload = { location: here, text: 'e', entities: [] };
    expect(
      contractForMessage(
        message({ payload: { ...payload, discriminator: { property: 'type', value: 'OrderShipped' } } }),
        contracts,
        ['type'],
      ),
    ).toEqual({
      contract: 'com.acme.orders.OrderShipped',
      discriminator: 'type',
    });
    expect(
      contractForMessage(message({ eventTypeHeader: 'com.acme.orders.OrderPlaced' }), contracts, ['type']),
    ).toEqual({
      contract: 'com.acme.orders.OrderPlaced',
    });
    expect(
      contractForMessage(message({ payload: { ...payload, typeName: 'OrderPlaced' } }), contracts, []),
    ).toEqual({
      contract: 'com.acme.orders.OrderPlaced',
    });
    expect(contractForMessage(message({ payload }), contracts, [])).toBeUndefined();
  });

  // Whatever the message says, a mapped contract is on the message's topic, and a dynamic topic maps to nothing.
  it('never maps a message to a contract of another topic, nor a dynamic topic at all', () => {
    const label = fc.constantFrom('OrderPlaced', 'OrderShipped', 'Money', 'com.acme.common.Money', 'Other');
    fc.assert(
      fc.property(
        fc.constantFrom('orders', 'money', 'dynamic'),
        fc.option(label, { nil: undefined }),
        fc.option(label, { nil: undefined }),
        fc.option(label, { nil: undefined }),
        (topic, discriminator, header, typeName) => {
          const fact = message({
            topic:
              topic === 'dynamic'
                ? { kind: 'dynamic', text: 't', location: here }
                : { kind: 'literal', value: topic, location: here },
            payload: {
              location: here,
              text: 'e',
              entities: [],
              ...(discriminator === undefined
                ? {}
                : { discriminator: { property: 'type', value: discriminator } }),
              ...(typeName === undefined ? {} : { typeName }),
            },
            ...(header === undefined ? {} : { eventTypeHeader: header }),
          });
          const match = contractForMessage(fact, contracts, ['type']);
          if (topic === 'dynamic') expect(match).toBeUndefined();
          if (match !== undefined) {
            expect(contracts.find((contract) => contract.fullName === match.contract)?.settings.topic).toBe(
              topic,
            );
          }
        },
      ),
      propertyRuns(200),
    );
  });
});
