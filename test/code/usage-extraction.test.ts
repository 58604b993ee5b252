/**
 * Consumer field-usage extraction, checked as a property: handler source code is generated from a
 * random set of field paths, each read in a random access style (property access, optional
 * chaining, literal element access, aliases, nested destructuring with renames and defaults,
 * helper functions, narrowing, loops and callbacks); the extracted set must equal the generated one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSources } from '../../src/code/index.ts';
import { propertyRuns } from '../support/property.ts';
import { contractSetOf } from './support/contract-set.ts';
import { packageFiles } from './support/sources.ts';

const names = [
  'id',
  'amount',
  'currency',
  'meta',
  'items',
  'sku',
  'note',
  'owner',
  'city',
  'lines',
  'total',
  'reason',
];
const styles = [
  'dot',
  'optional',
  'element',
  'alias',
  'destructure',
  'helper',
  'partial-helper',
  'narrowed',
  'switch',
  'early-return',
  'for-of',
  'callback',
] as const;
type Style = (typeof styles)[number];

interface Access {
  path: string[];
  style: Style;
}

/** Source text reading `path` of the event at `root` in `style`; helpers go to `helpers`. */
function readCode(
  access: Access,
  index: number,
  root: string,
  discriminator: string,
  helpers: string[],
): string {
  const { path, style } = access;
  const dotted = path.map((name) => `.${name}`).join('');
  const [head = '', ...tail] = path;
  const tailDotted = tail.map((name) => `.${name}`).join('');
  switch (style) {
    case 'dot':
      return `use(${root}${dotted});`;
    case 'optional':
      return `use(${root}${path.map((name) => `?.${name}`).join('')});`;
    case 'element':
      return `use(${root}${path.map((name) => `['${name}']`).join('')});`;
    case 'alias':
      return `const alias${index} = ${root};\n    use(alias${index}${dotted});`;
    case 'destructure': {
      // { a: { b: { c: renamed = 0 } = {} } = {} } = root
      let pattern = `renamed${index} = 0`;
      for (let at = path.length - 1; at >= 0; at--) {
        pattern = at === path.length - 1 ? `${path[at]}: ${pattern}` : `${path[at]}: { ${pattern} } = {}`;
      }
      return `const { ${pattern} } = ${root};\n    use(renamed${index});`;
    }
    case 'helper':
      helpers.push(`function helper${index}(event: any) {\n  use(event${dotted});\n}`);
      return `helper${index}(${root});`;
    case 'partial-helper':
      if (tail.length === 0) {
        helpers.push(`function helper${index}(part: any) {\n  use(part);\n}`);
      } else {
        helpers.push(`function helper${index}(part: any) {\n  use(part${tailDotted});\n}`);
      }
      return `helper${index}(${root}.${head});`;
    case 'narrowed':
      return `if (${discriminator} === 'Event${index}') {\n      use(${root}${dotted});\n    }`;
    case 'switch':
      return `switch (${discriminator}) {\n      case 'Event${index}':\n        use(${root}${dotted});\n        break;\n    }`;
    case 'early-return': {
      // The guard lives in a helper that receives the whole record (or decoded event).
      const parameter = root === 'record.value' ? 'record' : 'event';
      helpers.push(
        `function guarded${index}(${parameter}: any) {\n  if (${discriminator} !== 'Event${index}') return;\n  use(${root}${dotted});\n}`,
      );
      return `guarded${index}(${parameter});`;
    }
    case 'for-of':
      return tail.length === 0
        ? `for (const item${index} of ${root}.${head}) use(item${index});`
        : `for (const item${index} of ${root}.${head}) use(item${index}${tailDotted});`;
    case 'callback':
      return tail.length === 0
        ? `${root}.${head}.forEach((item${index}: any) => use(item${index}));`
        : `${root}.${head}.map((item${index}: any) => use(item${index}${tailDotted}));`;
  }
}

/** A whole consumer module reading `accesses`, as a `defineConsumer` or a kafkajs `eachMessage` handler. */
function consumerModule(kind: 'defineConsumer' | 'kafkajs', accesses: readonly Access[]): string {
  const helpers: string[] = [];
  const root = kind === 'defineConsumer' ? 'record.value' : 'event';
  const discriminator = kind === 'defineConsumer' ? 'record.eventType' : 'event.type';
  const body = accesses
    .map((access, index) => `    ${readCode(access, index, root, discriminator, helpers)}`)
    .join('\n');
  const prelude = 'declare function use(value: unknown): void;\n';
  if (kind === 'defineConsumer') {
    return `${prelude}import { defineConsumer } from 'kontract';
${helpers.join('\n')}
export default defineConsumer({
  name: 'generated',
  topics: ['events'],
  setup: () => ({}),
  handle(record, state) {
${body}
  },
  snapshot: (state) => state,
});
`;
  }
  return `${prelude}import { Kafka } from 'kafkajs';
${helpers.join('\n')}
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'generated' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const event = JSON.parse(message.value!.toString());
${body}
  },
});
`;
}

const pathArbitrary = fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 });
const accessesArbitrary = fc.uniqueArray(
  fc.record({ path: pathArbitrary, style: fc.constantFrom(...styles) }),
  { minLength: 1, maxLength: 6, selector: (access) => `${access.path.join('.')}|${access.style}` },
);

const noContracts = contractSetOf([]);

describe('consumer usage extraction', () => {
  it('extracts exactly the generated field paths, whatever the access style', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('defineConsumer' as const, 'kafkajs' as const),
        accessesArbitrary,
        async (kind, accesses) => {
          const source = consumerModule(kind, accesses);
          const result = await analyzeSources({
            files: { ...packageFiles, 'src/consumer.ts': source },
            contracts: noContracts,
          });
          const consumer = result.usage.consumers[0];
          expect(result.usage.consumers).toHaveLength(1);
          expect(Object.keys(consumer?.reads ?? {})).toEqual([]);
          const extracted = Object.keys(consumer?.unattributed ?? {}).sort();
          const expected = [...new Set(accesses.map((access) => access.path.join('.')))].sort();
          expect(extracted, source).toEqual(expected);
        },
      ),
      propertyRuns(25),
    );
    // Each run builds a TypeScript program (about 0.3 s); the deep profile runs ten times as many.
  }, 600_000);

  // Attribution: a narrowed read goes to the named contract, an unnarrowed one to the contracts on
  // the topic that declare the field, and a path is trimmed where the contract's fields end.
  it('attributes reads to contracts by narrowing, topic and declared fields', async () => {
    const contracts = contractSetOf([
      {
        file: 'contracts/a.avsc',
        topic: 'events',
        schema: {
          type: 'record',
          name: 'Deposited',
          namespace: 'com.acme',
          fields: [
            {
              name: 'amount',
              type: { type: 'record', name: 'Money', fields: [{ name: 'cents', type: 'long' }] },
            },
            { name: 'id', type: 'string' },
          ],
        },
      },
      {
        file: 'contracts/b.avsc',
        topic: 'events',
        schema: {
          type: 'record',
          name: 'Closed',
          namespace: 'com.acme',
          fields: [{ name: 'id', type: 'string' }],
        },
      },
    ]);
    const source = `declare function use(value: unknown): void;
import { defineConsumer } from 'kontract';
export default defineConsumer({
  name: 'attributed',
  topics: ['events'],
  setup: () => ({}),
  handle(record) {
    use(record.value.id);
    use(record.value.amount.cents.toFixed(2));
    if (record.eventType === 'com.acme.Closed') use(record.value.id);
    use(record.value.gone);
  },
  snapshot: (state) => state,
});
`;
    const result = await analyzeSources({ files: { ...packageFiles, 'src/consumer.ts': source }, contracts });
    const reads = result.usage.consumers[0]?.reads ?? {};
    const summary = Object.fromEntries(
      Object.entries(reads).map(([contract, fields]) => [
        contract,
        Object.fromEntries(
          Object.entries(fields).map(([field, places]) => [field, places.map((place) => place.line)]),
        ),
      ]),
    );
    expect(summary).toEqual({
      'com.acme.Closed': { gone: [11], id: [8, 10] },
      'com.acme.Deposited': { 'amount.cents': [9], gone: [11], id: [8] },
    });
  });

  // Without the client's types, a kafkajs handler is still read, and the result says how it was found.
  it('reads an untyped kafkajs consumer and says it was recognised by name', async () => {
    const source = `import { Kafka } from 'kafkajs-not-installed';
const consumer = new Kafka({}).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const event = JSON.parse(message.value.toString());
    console.log(event.orderId);
  },
});
`;
    const result = await analyzeSources({ files: { 'src/consumer.ts': source }, contracts: noContracts });
    expect(result.usage.consumers.map((c) => [c.consumer, c.kind, Object.keys(c.unattributed)])).toEqual([
      ['g', 'kafkajs (recognised by name)', ['orderId']],
    ]);
    expect(result.unanalysable.map((note) => note.reason)).toContain(
      'the consumer at 3:7 has no type (is its client package installed and imported?): recognised as kafkajs by its method name and handler',
    );
  });
});
