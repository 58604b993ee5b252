/**
 * Registry-aware compat and publish against the real registry (Apicurio's Confluent API): the demo
 * contracts are published, evolved compatibly and incompatibly, and kontract's verdicts are compared
 * with the registry's own compatibility endpoint. Every test uses its own subjects.
 */
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPublish } from '../../src/commands/publish.ts';
import { runRegistryCompat } from '../../src/commands/registry-compat.ts';
import type { CompatibilityMode } from '../../src/contracts/config-types.ts';
import { RegistryClient } from '../../src/registry/registry-client.ts';
import { type DemoWorkspace, demoWorkspace, lineOf, uniqueSuffix } from './demo-workspace.ts';

let registryUrl: string;
let client: RegistryClient;
const workspaces: DemoWorkspace[] = [];

beforeAll(async () => {
  registryUrl = inject('kontractRegistryUrl');
  client = await RegistryClient.connect({ url: registryUrl }, {});
});

afterEach(async () => {
  for (const workspace of workspaces.splice(0)) await workspace.remove();
});

/** A demo workspace whose shared types get subjects of their own too. */
async function workspace(label: string): Promise<DemoWorkspace> {
  const suffix = uniqueSuffix(label);
  const created = await demoWorkspace(suffix);
  await created.editConfig((config) => {
    config.contracts['com.acme.common.Money'] = { subject: `com.acme.common.Money-${suffix}` };
    config.contracts['com.acme.orders.OrderLine'] = { subject: `com.acme.orders.OrderLine-${suffix}` };
  });
  workspaces.push(created);
  return created;
}

const accountOpened = 'com.acme.accounts.AccountOpened';
const moneyDeposited = 'com.acme.accounts.MoneyDeposited';

describe('publish', () => {
  it('registers every contract once, and a second run registers nothing', async () => {
    const ws = await workspace('publish');
    const first = await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    expect(first.exitCode).toBe(0);
    expect(first.refused).toBe(false);
    expect(first.entries).toHaveLength(12);
    expect(new Set(first.entries.map((e) => e.status))).toEqual(new Set(['registered']));
    expect(first.entries.every((e) => e.version === 1 && typeof e.id === 'number')).toBe(true);

    const second = await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    expect(second.entries.map((e) => [e.subject, e.status, e.version, e.id])).toEqual(
      first.entries.map((e) => [e.subject, 'unchanged', e.version, e.id]),
    );
    expect(await client.listVersions(ws.subject(accountOpened))).toEqual([1]);
    // The table names each subject with its version and id.
    expect(second.diagnostics.filter((d) => d.ruleId === 'publish/unchanged')).toHaveLength(12);
  });

  // A reformatted file (key order, whitespace) is the same schema: publish must not add a version.
  it('treats a reformatted contract as unchanged', async () => {
    const ws = await workspace('reformat');
    await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    await ws.editContract('contracts/accounts/AccountOpened.avsc', (schema) => {
      const fields = schema.fields;
      schema.fields = fields.map(
        (field) => Object.fromEntries(Object.entries(field).reverse()) as typeof field,
      );
    });
    const again = await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    expect(again.entries.find((e) => e.contract === accountOpened)?.status).toBe('unchanged');
  });

  it('registers a compatible change as a new version, and a dry run registers nothing', async () => {
    const ws = await workspace('evolve');
    await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    await ws.editContract('contracts/accounts/MoneyDeposited.avsc', (schema) => {
      schema.fields.push({ name: 'note', type: ['null', 'string'], default: null, doc: 'A note.' });
    });
    const dry = await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {}, dryRun: true });
    expect(dry.entries.filter((e) => e.status !== 'unchanged').map((e) => [e.contract, e.status])).toEqual([
      [moneyDeposited, 'would-register'],
    ]);
    expect(await client.listVersions(ws.subject(moneyDeposited))).toEqual([1]);

    const real = await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    const entry = real.entries.find((e) => e.contract === moneyDeposited);
    expect(entry).toMatchObject({ status: 'registered', version: 2 });
    expect(await client.listVersions(ws.subject(moneyDeposited))).toEqual([1, 2]);
  });

  it('refuses to publish anything when a contract breaks a registered version', async () => {
    const ws = await workspace('refuse');
    await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    await ws.editContract('contracts/accounts/MoneyDeposited.avsc', (schema) => {
      schema.fields.push({ name: 'note', type: ['null', 'string'], default: null, doc: 'A note.' });
    });
    await ws.editContract('contracts/accounts/AccountOpened.avsc', (schema) => {
      schema.fields.push({ name: 'branchCode', type: 'string', doc: 'The branch that opened it.' });
    });
    const refused = await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    expect(refused.refused).toBe(true);
    expect(refused.exitCode).toBe(1);
    expect(refused.entries).toEqual([]);
    expect(refused.diagnostics.map((d) => d.ruleId)).toEqual(['compat/reader-field-missing-default']);
    // Nothing was registered, not even the compatible change.
    expect(await client.listVersions(ws.subject(moneyDeposited))).toEqual([1]);
    expect(await client.listVersions(ws.subject(accountOpened))).toEqual([1]);
  });

  it('refuses to publish when the lint finds an error', async () => {
    const ws = await workspace('lint');
    await ws.editContract('contracts/accounts/AccountOpened.avsc', (schema) => {
      schema.fields = schema.fields.filter((field) => field.name !== 'version');
    });
    const refused = await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    expect(refused.refused).toBe(true);
    expect(refused.exitCode).toBe(1);
    expect(refused.diagnostics.some((d) => d.ruleId === 'contract/version-field')).toBe(true);
    expect(await client.listVersions(ws.subject(accountOpened))).toEqual([]);
  });
});

describe('compat against the registry', () => {
  it('reports an incompatible change on the exact line, naming the registered version, as the registry does', async () => {
    const ws = await workspace('compat');
    const published = await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    for (const entry of published.entries)
      await client.setCompatibility(entry.subject, 'BACKWARD_TRANSITIVE');
    const registered = published.entries.find((e) => e.contract === accountOpened);
    await ws.editContract('contracts/accounts/MoneyDeposited.avsc', (schema) => {
      schema.fields.push({ name: 'note', type: ['null', 'string'], default: null, doc: 'A note.' });
    });
    await ws.editContract('contracts/accounts/AccountOpened.avsc', (schema) => {
      schema.fields.push({ name: 'branchCode', type: 'string', doc: 'The branch that opened it.' });
    });
    const result = await runRegistryCompat({
      cwd: ws.root,
      registry: { url: registryUrl },
      env: {},
      crossCheck: true,
    });
    expect(result.exitCode).toBe(1);
    const line = await lineOf(ws.root, 'contracts/accounts/AccountOpened.avsc', '"branchCode"');
    expect(
      result.diagnostics.map((d) => [
        d.ruleId,
        d.location?.file,
        d.location?.line,
        d.data?.subject,
        d.data?.registeredVersion,
        d.data?.schemaId,
      ]),
    ).toEqual([
      [
        'compat/reader-field-missing-default',
        'contracts/accounts/AccountOpened.avsc',
        line,
        ws.subject(accountOpened),
        1,
        registered?.id,
      ],
    ]);
    expect(result.diagnostics[0]?.message).toContain(
      `version 1 (id ${registered?.id}) of subject \`${ws.subject(accountOpened)}\``,
    );
    expect(result.subjects.find((s) => s.contract === accountOpened)?.decision).toEqual({
      mode: 'BACKWARD_TRANSITIVE',
      source: 'subject',
    });
    // Both verdicts agree on every subject: the change to AccountOpened is the only incompatible one.
    expect(result.crossChecks).toHaveLength(12);
    expect(result.crossChecks.filter((c) => c.disagree)).toEqual([]);
    expect(result.crossChecks.filter((c) => !c.registry).map((c) => c.contract)).toEqual([accountOpened]);
  });

  it("honours the contract's own mode over the subject's, and the subject's over the config default", async () => {
    const ws = await workspace('precedence');
    const published = await runPublish({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    await client.setCompatibility(ws.subject(accountOpened), 'NONE');
    await client.setCompatibility(ws.subject(moneyDeposited), 'FORWARD');
    await ws.editContract('contracts/accounts/AccountOpened.avsc', (schema) => {
      schema.fields.push({ name: 'branchCode', type: 'string', doc: 'The branch that opened it.' });
    });
    // Removing a field without a default breaks FORWARD (old readers need it), not BACKWARD.
    await ws.editContract('contracts/accounts/MoneyDeposited.avsc', (schema) => {
      schema.fields = schema.fields.filter((field) => field.name !== 'accountId');
    });
    await ws.editConfig((config) => {
      config.contracts[accountOpened] = { ...config.contracts[accountOpened], compatibility: 'BACKWARD' };
    });
    const result = await runRegistryCompat({ cwd: ws.root, registry: { url: registryUrl }, env: {} });
    const decisions = Object.fromEntries(result.subjects.map((s) => [s.contract, s.decision]));
    expect(decisions[accountOpened]).toEqual({ mode: 'BACKWARD', source: 'contract' });
    expect(decisions[moneyDeposited]).toEqual({ mode: 'FORWARD', source: 'subject' });
    // Apicurio's global level is NONE, but the config default (BACKWARD_TRANSITIVE) beats a global level.
    expect(decisions['com.acme.orders.OrderPlaced']).toEqual({
      mode: 'BACKWARD_TRANSITIVE',
      source: 'config-default',
    });
    expect(result.diagnostics.map((d) => [d.contract, d.ruleId, d.data?.direction])).toEqual([
      [accountOpened, 'compat/reader-field-missing-default', 'backward'],
      [moneyDeposited, 'compat/reader-field-missing-default', 'forward'],
    ]);
    expect(published.exitCode).toBe(0);
  });
});

/** One evolution: the registered (writer) schema, the local one, and the mode. */
interface EvolutionCase {
  name: string;
  registered: unknown[][];
  local: unknown[];
  modes: CompatibilityMode[];
}

const field = (name: string, type: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  ...extra,
});
const record = (fields: unknown[]) => ({ type: 'record', name: 'Evt', namespace: 'com.acme.x', fields });
const allModes: CompatibilityMode[] = [
  'BACKWARD',
  'FORWARD',
  'FULL',
  'BACKWARD_TRANSITIVE',
  'FORWARD_TRANSITIVE',
  'FULL_TRANSITIVE',
];

const evolutions: EvolutionCase[] = [
  {
    name: 'optional field added',
    registered: [[field('a', 'int')]],
    local: [field('a', 'int'), field('b', ['null', 'string'], { default: null })],
    modes: allModes,
  },
  {
    name: 'required field added',
    registered: [[field('a', 'int')]],
    local: [field('a', 'int'), field('b', 'string')],
    modes: allModes,
  },
  {
    name: 'field removed',
    registered: [[field('a', 'int'), field('b', 'string')]],
    local: [field('a', 'int')],
    modes: allModes,
  },
  {
    name: 'int widened to long',
    registered: [[field('a', 'int')]],
    local: [field('a', 'long')],
    modes: allModes,
  },
  {
    name: 'enum symbol added',
    registered: [[field('e', { type: 'enum', name: 'E', symbols: ['A', 'B'] })]],
    local: [field('e', { type: 'enum', name: 'E', symbols: ['A', 'B', 'C'] })],
    modes: allModes,
  },
  {
    name: 'union widened',
    registered: [[field('u', ['null', 'int'], { default: null })]],
    local: [field('u', ['null', 'int', 'string'], { default: null })],
    modes: allModes,
  },
  {
    name: 'renamed with alias',
    registered: [[field('a', 'int')]],
    local: [field('b', 'int', { aliases: ['a'] })],
    modes: allModes,
  },
  {
    name: 'fixed resized',
    registered: [[field('f', { type: 'fixed', name: 'F', size: 4 })]],
    local: [field('f', { type: 'fixed', name: 'F', size: 8 })],
    modes: allModes,
  },
  {
    name: 'compatible with the latest version only',
    registered: [[field('a', 'int')], [field('a', 'int'), field('b', 'string', { default: '' })]],
    local: [field('b', 'string')],
    modes: allModes,
  },
];

describe("kontract's verdict equals the registry's", () => {
  // One subject per case and mode: the registry is asked with its own endpoint, kontract with its engine.
  it.each(evolutions)('$name', async (evolution) => {
    for (const mode of evolution.modes) {
      const ws = await workspace('xcheck');
      const subject = `evt-${uniqueSuffix(mode.toLowerCase())}`;
      await ws.editConfig((config) => {
        config.include = ['evt/*.avsc'];
        config.defaults = {};
        config.contracts = { 'com.acme.x.Evt': { subject } };
        config.rules = {};
      });
      for (const fields of evolution.registered)
        await client.register(subject, JSON.stringify(record(fields)));
      await client.setCompatibility(subject, mode);
      const { mkdir, writeFile } = await import('node:fs/promises');
      await mkdir(`${ws.root}/evt`, { recursive: true });
      await writeFile(`${ws.root}/evt/Evt.avsc`, JSON.stringify(record(evolution.local), null, 2));
      const result = await runRegistryCompat({
        cwd: ws.root,
        registry: { url: registryUrl },
        env: {},
        crossCheck: true,
      });
      const compat = result.diagnostics.filter((d) => d.ruleId.startsWith('compat/'));
      expect(result.diagnostics.filter((d) => !d.ruleId.startsWith('compat/'))).toEqual([]);
      expect(result.crossChecks, `${evolution.name} under ${mode}`).toEqual([
        expect.objectContaining({ mode, registryMode: mode, kontract: compat.length === 0, disagree: false }),
      ]);
    }
  });
});
