/**
 * Writes a realistic workspace of many contracts for the bench: domains of past-tense events with
 * about twelve fields each (ids, version, occurrence time, money, enums, optional fields, arrays,
 * maps), shared named types referenced across files (`Money`, `Address`, a details record per entity
 * and domain)
 * and a `kontract.config.json` that declares every contract's topic and key. Deterministic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const entities = ['Account', 'Order', 'Invoice', 'Shipment', 'Subscription'] as const;
const verbs = ['Opened', 'Updated', 'Approved', 'Cancelled', 'Closed'] as const;

/** Events per domain: every entity with every verb. */
const eventsPerDomain = entities.length * verbs.length;

function field(
  name: string,
  type: unknown,
  doc: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { name, type, doc, ...extra };
}

function lowerFirst(word: string): string {
  return word.charAt(0).toLowerCase() + word.slice(1);
}

/** The schema of one event: ~12 fields, two or three of them references to types in other files. */
function eventSchema(
  namespace: string,
  entity: string,
  verb: string,
  index: number,
): Record<string, unknown> {
  const keyField = `${lowerFirst(entity)}Id`;
  const fields = [
    field(
      'eventId',
      { type: 'string', logicalType: 'uuid' },
      'Unique id of this event; consumers deduplicate on it.',
    ),
    field('version', 'int', 'Schema version of this event.'),
    field('occurredAt', { type: 'long', logicalType: 'timestamp-millis' }, 'When it happened, in UTC.'),
    field(keyField, 'string', `Id of the ${entity.toLowerCase()}; the record key.`),
    field('details', `${namespace}.${entity}Details`, `The ${entity.toLowerCase()} after the change.`),
    field('amount', 'com.acme.common.Money', 'The amount concerned.'),
    field('quantity', 'int', 'How many units are concerned.'),
    field('tags', { type: 'array', items: 'string' }, 'Free labels chosen by the user.'),
    field('attributes', { type: 'map', values: 'string' }, 'Extra attributes agreed with consumers.'),
    field('note', ['null', 'string'], 'Free text; null when none was given.', { default: null }),
    field(
      'correlationId',
      ['null', { type: 'string', logicalType: 'uuid' }],
      'Id of the request that caused this event; null when unknown.',
      { default: null },
    ),
    field('channel', 'string', 'Where the change was made.'),
  ];
  // Every third event also carries an address: a second cross-file reference.
  if (index % 3 === 0) fields.push(field('address', 'com.acme.common.Address', 'Where it applies.'));
  return {
    type: 'record',
    name: `${entity}${verb}`,
    namespace,
    doc: `The ${entity.toLowerCase()} was ${verb.toLowerCase()}.`,
    fields,
  };
}

const money = {
  type: 'record',
  name: 'Money',
  namespace: 'com.acme.common',
  doc: 'An exact amount: minor units and an ISO 4217 currency code.',
  fields: [
    { name: 'amountMinor', type: 'long', doc: 'Amount in minor units.' },
    { name: 'currency', type: 'string', doc: 'ISO 4217 currency code.' },
  ],
};

const address = {
  type: 'record',
  name: 'Address',
  namespace: 'com.acme.common',
  doc: 'A postal address.',
  fields: [
    { name: 'street', type: 'string', doc: 'Street and number.' },
    { name: 'city', type: 'string', doc: 'City.' },
    { name: 'postalCode', type: 'string', doc: 'Postal code.' },
    { name: 'country', type: 'string', doc: 'ISO 3166-1 alpha-2 country code.' },
  ],
};

/** A value type shared by one domain's events; its file also defines the domain's status enum. */
function detailsRecord(namespace: string, entity: string): Record<string, unknown> {
  return {
    type: 'record',
    name: `${entity}Details`,
    namespace,
    doc: `What consumers need to know about a ${entity.toLowerCase()}.`,
    fields: [
      {
        name: 'status',
        type: {
          type: 'enum',
          name: `${entity}Status`,
          doc: `Lifecycle status of a ${entity.toLowerCase()}.`,
          symbols: ['ACTIVE', 'PENDING', 'CLOSED', 'UNKNOWN'],
          default: 'UNKNOWN',
        },
        doc: 'Status after the change.',
      },
      { name: 'label', type: 'string', doc: 'Human-readable name.' },
    ],
  };
}

/** What was written. */
export interface GeneratedWorkspace {
  /** Event contracts written (excluding the shared types). */
  events: number;
  /** All `.avsc` files written, shared types included. */
  files: number;
}

/**
 * Writes `events` event contracts (plus their shared types) under `<dir>/contracts/` and a config at
 * `<dir>/kontract.config.json`.
 */
export function generateContracts(dir: string, events: number): GeneratedWorkspace {
  const contractsDir = join(dir, 'contracts');
  mkdirSync(join(contractsDir, 'common'), { recursive: true });
  const write = (path: string, schema: unknown): void => {
    writeFileSync(join(contractsDir, path), `${JSON.stringify(schema, null, 2)}\n`);
  };
  write('common/Money.avsc', money);
  write('common/Address.avsc', address);
  let files = 2;
  const configured: Record<string, { topic: string; key: string; owner: string }> = {};
  const domains = Math.ceil(events / eventsPerDomain);
  for (let domain = 0; domain < domains; domain++) {
    const name = `d${String(domain).padStart(3, '0')}`;
    const namespace = `com.acme.bench.${name}`;
    mkdirSync(join(contractsDir, name), { recursive: true });
    for (const entity of entities) {
      write(`${name}/${entity}Details.avsc`, detailsRecord(namespace, entity));
      files++;
    }
    for (let i = 0; i < eventsPerDomain && domain * eventsPerDomain + i < events; i++) {
      const entity = entities[i % entities.length]!;
      const verb = verbs[Math.floor(i / entities.length)]!;
      const schema = eventSchema(namespace, entity, verb, domain * eventsPerDomain + i);
      write(`${name}/${entity}${verb}.avsc`, schema);
      files++;
      configured[`${namespace}.${entity}${verb}`] = {
        topic: `${name}-${entity.toLowerCase()}s`,
        key: `${lowerFirst(entity)}Id`,
        owner: `team-${name}`,
      };
    }
  }
  const config = { include: ['contracts/**/*.avsc'], contracts: configured, failOn: 'error' };
  writeFileSync(join(dir, 'kontract.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return { events, files };
}
