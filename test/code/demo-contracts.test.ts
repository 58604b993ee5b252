/**
 * The code capability on the repository's demo contracts, loaded by the real contract loader: the
 * generated types compile, name every contract, and a consumer's reads are attributed to them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { analyzeSources, generateTypes } from '../../src/code/index.ts';
import { parseConfig } from '../../src/contracts/load-config.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { SourceFile } from '../../src/contracts/model.ts';
import { packageFiles } from './support/sources.ts';

const repository = path.resolve(import.meta.dirname, '../..');

function sourceFile(relative: string): SourceFile {
  return { path: relative, bytes: new Uint8Array(readFileSync(path.join(repository, relative))) };
}

function avscFiles(directory: string): string[] {
  return readdirSync(path.join(repository, directory)).flatMap((entry) => {
    const relative = `${directory}/${entry}`;
    if (statSync(path.join(repository, relative)).isDirectory()) return avscFiles(relative);
    return entry.endsWith('.avsc') ? [relative] : [];
  });
}

const { config } = parseConfig(sourceFile('kontract.config.json'));
const demo = loadContracts(avscFiles('contracts').map(sourceFile), config);

describe('the demo contracts', () => {
  it('load without errors, so the tests below see all of them', () => {
    expect(demo.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(demo.contracts.length).toBeGreaterThan(5);
  });

  it('generate types that compile and name every contract', () => {
    const text = generateTypes(demo.contracts);
    const file = ts.createSourceFile('contracts.ts', text, ts.ScriptTarget.ES2022, true);
    const options = { noEmit: true, strict: true, types: [], lib: ['lib.es2022.d.ts'] };
    const host = ts.createCompilerHost(options);
    const original = host.getSourceFile;
    host.getSourceFile = (name, ...rest) =>
      name === 'contracts.ts' ? file : original.call(host, name, ...rest);
    const program = ts.createProgram(['contracts.ts'], options, host);
    const problems = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    expect(problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))).toEqual([]);
    for (const contract of demo.contracts) expect(text).toContain(`'${contract.fullName}':`);
  });

  // The real loader's Contract objects (positions, settings from the config) work for attribution.
  it('attribute a narrowed consumer read to the right contract and field', async () => {
    const consumer = `import { defineConsumer } from 'kontract';
export default defineConsumer({
  name: 'balances',
  topics: ['accounts'],
  setup: () => new Map<string, number>(),
  handle(record, balances) {
    if (record.eventType === 'com.acme.accounts.MoneyDeposited') {
      balances.set(record.value.accountId, record.value.amount.amountMinor);
    }
  },
  snapshot: (balances) => [...balances],
});
`;
    const result = await analyzeSources({
      files: { ...packageFiles, 'src/balances.ts': consumer },
      contracts: demo,
    });
    const reads = result.usage.consumers[0]?.reads ?? {};
    expect(Object.keys(reads)).toEqual(['com.acme.accounts.MoneyDeposited']);
    expect(Object.keys(reads['com.acme.accounts.MoneyDeposited'] ?? {})).toEqual([
      'accountId',
      'amount.amountMinor',
    ]);
  });
});
