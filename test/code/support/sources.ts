/**
 * In-memory projects for code-analysis tests: the fixture's stand-in client and ORM declarations
 * placed under `node_modules/<package>/index.d.ts`, so tests also cover module identification by
 * package path (the fixture service covers identification by `paths` mapping).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeAnalysisConfig, CodeAnalysisResult } from '../../../src/code/index.ts';
import { analyzeSources } from '../../../src/code/index.ts';
import type { ContractSet } from '../../../src/contracts/model.ts';
import { fixtureAppRoot } from './contract-set.ts';

const standIns: Record<string, string> = {
  kafkajs: 'kafkajs',
  typeorm: 'typeorm',
  '@mikro-orm/core': 'mikro-orm',
  '@prisma/client': 'prisma-client',
  '@platformatic/kafka': 'platformatic-kafka',
  '@confluentinc/kafka-javascript': 'confluent-kafka',
  kontract: 'kontract',
};

/** The stand-in declarations as `node_modules` files of an in-memory project. */
export const packageFiles: Record<string, string> = Object.fromEntries(
  Object.entries(standIns).map(([module, folder]) => [
    `node_modules/${module}/index.d.ts`,
    readFileSync(path.join(fixtureAppRoot, 'types', folder, 'index.d.ts'), 'utf8'),
  ]),
);

/** Analyses `files` (plus the stand-in packages) in memory. */
export function analyze(
  files: Record<string, string>,
  contracts: ContractSet,
  config: CodeAnalysisConfig = {},
): Promise<CodeAnalysisResult> {
  return analyzeSources({ files: { ...packageFiles, ...files }, contracts, config });
}

/** Findings as `[ruleId/messageId, file:line:column-endLine:endColumn]`, in report order. */
export function spans(result: CodeAnalysisResult): string[][] {
  return result.diagnostics.map((d) => [
    `${d.ruleId}/${d.messageId}`,
    `${d.location?.file}:${d.location?.line}:${d.location?.column}-${d.location?.endLine}:${d.location?.endColumn}`,
  ]);
}
