/**
 * The demo domain (`contracts/` with the repository's `kontract.config.json`) is the example every
 * capability exercises; it must load cleanly and pass every lint rule with zero findings, also with
 * the strictest rule options.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KontractConfig } from '../../src/contracts/config-types.ts';
import { parseConfig } from '../../src/contracts/load-config.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { SourceFile } from '../../src/contracts/model.ts';
import { lintRuleIds } from '../../src/lint/rule-options.ts';
import { runLint } from '../../src/lint/run-lint.ts';
import { eventRecordOf } from '../../src/lint/schema-index.ts';

const root = join(import.meta.dirname, '..', '..');

function read(path: string): SourceFile {
  return { path, bytes: readFileSync(join(root, path)) };
}

function loadDemo(): { config: KontractConfig; set: ReturnType<typeof loadContracts> } {
  const { config, diagnostics } = parseConfig(read('kontract.config.json'), { knownRuleIds: lintRuleIds });
  expect(diagnostics).toEqual([]);
  const files = (readdirSync(join(root, 'contracts'), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.avsc'))
    .map((file) => read(`contracts/${file.split('\\').join('/')}`));
  const set = loadContracts(files, config);
  expect(set.diagnostics).toEqual([]);
  return { config, set };
}

describe('demo domain', () => {
  it('has ten events, each with a topic, key, owner and compatibility mode, plus shared types', () => {
    const { set } = loadDemo();
    const events = set.contracts.filter((contract) => eventRecordOf(contract, set) !== undefined);
    expect(events.map((c) => c.fullName).sort()).toEqual([
      'com.acme.accounts.AccountClosed',
      'com.acme.accounts.AccountOpened',
      'com.acme.accounts.MoneyDeposited',
      'com.acme.accounts.MoneyWithdrawn',
      'com.acme.orders.OrderCancelled',
      'com.acme.orders.OrderLineAdded',
      'com.acme.orders.OrderPlaced',
      'com.acme.orders.OrderShipped',
      'com.acme.orders.PaymentApproved',
      'com.acme.orders.PaymentDeclined',
    ]);
    for (const event of events) {
      expect(event.settings.topic).toMatch(/^(accounts|orders)$/);
      expect(event.settings.keyField).toMatch(/^(accountId|orderId)$/);
      expect(event.settings.owner).toBeDefined();
      expect(event.settings.compatibility).toBe('BACKWARD_TRANSITIVE');
    }
    // Money is defined once and referenced by name from other files.
    expect(set.byFullName.get('com.acme.common.Money')?.file).toBe('contracts/common/Money.avsc');
    expect(
      set.contracts.filter((c) => c.references.includes('com.acme.common.Money')).length,
    ).toBeGreaterThan(5);
  });

  it('passes every lint rule with zero findings', () => {
    const { config, set } = loadDemo();
    expect(runLint(set, config)).toEqual([]);
  });

  it('passes with the strictest options too', () => {
    const { config, set } = loadDemo();
    const strict: KontractConfig = {
      ...config,
      rules: {
        'contract/event-id-field': { options: { requireUuid: true } },
        'contract/key-field': { options: { required: true } },
        'contract/occurrence-time-field': { options: { allowLocalTimestamp: false } },
        'contract/version-field': { options: { allowLong: false } },
        'contract/event-name-past-tense': { options: { checkNestedRecords: false, ignoredSuffixes: [] } },
        'contract/doc-required': { severity: 'error', options: { scope: 'all' } },
        'contract/naming-style': 'error',
        'contract/state-dump-smell': { severity: 'error', options: { maxFields: 10 } },
      },
    };
    expect(runLint(set, strict)).toEqual([]);
  });
});
