/**
 * Consumers are TypeScript modules loaded as written (through jiti): syntax Node's type stripping
 * refuses (enums, parameter properties) loads too; a module without a consumer, or one that throws
 * on import, is an error naming the file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineConsumer, describeConsumerProblems } from '../../src/replay/define-consumer.ts';
import { loadConsumers } from '../../src/replay/readers/load-consumer.ts';
import { root } from './helpers.ts';

const defineConsumerPath = path.join(root, 'src/replay/define-consumer.ts');

describe('loadConsumers', () => {
  it('loads full TypeScript (an enum, a class with parameter properties) and named exports', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kontract-consumers-'));
    writeFileSync(
      path.join(dir, 'rich.ts'),
      `import { defineConsumer } from ${JSON.stringify(defineConsumerPath)};
enum Kind { Deposit = 'MoneyDeposited' }
class Ledger { constructor(public total: number = 0) {} }
export const ledger = defineConsumer({
  name: 'ledger',
  topics: ['accounts'],
  setup: () => new Ledger(),
  handle(record, state: Ledger) { if (record.eventType.endsWith(Kind.Deposit)) state.total += 1; },
  snapshot: (state: Ledger) => ({ total: state.total }),
});
export const helper = 42;
`,
    );
    const { consumers, errors } = await loadConsumers([path.join(dir, 'rich.ts')], { root: dir });
    expect(errors).toEqual([]);
    expect(consumers.map((c) => [c.consumer.name, c.exportName, c.file])).toEqual([
      ['ledger', 'ledger', 'rich.ts'],
    ]);
  });

  it('loads the demo consumers', async () => {
    const { consumers, errors } = await loadConsumers(
      ['fixtures/consumers/balance-projection.ts', 'fixtures/consumers/order-state-machine.ts'],
      { root },
    );
    expect(errors).toEqual([]);
    expect(consumers.map((c) => c.consumer.name)).toEqual(['balance-projection', 'order-state-machine']);
  });

  it('reports a module without a consumer, and one that throws on import', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kontract-consumers-'));
    writeFileSync(path.join(dir, 'empty.ts'), 'export default { name: "x" };\n');
    writeFileSync(path.join(dir, 'broken.ts'), 'throw new Error("boom");\n');
    const { consumers, errors } = await loadConsumers(['empty.ts', 'broken.ts'], { root: dir });
    expect(consumers).toEqual([]);
    expect(errors.map((e) => e.file)).toEqual(['empty.ts', 'broken.ts']);
    expect(errors[0]!.message).toMatch(/exports no consumer made with defineConsumer/);
    expect(errors[1]!.message).toMatch(/boom/);
  });
});

describe('defineConsumer', () => {
  it('refuses a definition without the required functions, naming each problem', () => {
    expect(describeConsumerProblems({ name: '', topics: 'accounts', setup: 1 })).toEqual([
      '`name` must be a non-empty string',
      '`topics` must be an array of topic names',
      '`setup` must be a function',
      '`handle` must be a function',
      '`snapshot` must be a function',
    ]);
    expect(() =>
      defineConsumer({
        name: 'x',
        topics: [],
        setup: () => 1,
        handle: () => {},
        snapshot: () => 1,
        timeoutMs: -1,
      }),
    ).toThrow('defineConsumer(x): `timeoutMs` must be a positive number');
  });
});
