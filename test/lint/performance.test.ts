/**
 * Lint at scale: 900 clean events and 100 row dumps give exactly the row dumps' findings, nothing
 * from the clean ones (shared named types across 1,000 files). Its speed is `pnpm bench`'s
 * lint-throughput and check-1000, not an assertion here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { SourceFile } from '../../src/contracts/model.ts';
import { runLint } from '../../src/lint/run-lint.ts';
import { configFor } from './rule-tester.ts';

const root = join(import.meta.dirname, '..', '..');

it('lints 1,000 contracts, reporting the row dumps and nothing else', () => {
  const encoder = new TextEncoder();
  const clean = readFileSync(join(root, 'contracts/orders/PaymentDeclined.avsc'), 'utf8');
  const dump = readFileSync(join(root, 'fixtures/contracts/db-row-dump/Order.avsc'), 'utf8');
  const files: SourceFile[] = [
    { path: 'contracts/common/Money.avsc', bytes: readFileSync(join(root, 'contracts/common/Money.avsc')) },
  ];
  for (let i = 0; i < 1000; i++) {
    const text =
      i % 10 === 0
        ? dump.replace('"Order"', `"Order${i}"`)
        : clean
            .replace('"PaymentDeclined"', `"PaymentDeclined${i}"`)
            .replace('"DeclineReason"', `"DeclineReason${i}"`);
    files.push({ path: `contracts/generated/Event${i}.avsc`, bytes: encoder.encode(text) });
  }
  const config = { ...configFor(undefined, undefined, { key: 'orderId' }), rules: {} };
  const set = loadContracts(files, config);
  expect(set.contracts).toHaveLength(1001);

  const findings = runLint(set, config);

  expect(findings).toHaveLength(100 * 21);
  expect(new Set(findings.map((finding) => finding.contract)).size).toBe(100);
});
