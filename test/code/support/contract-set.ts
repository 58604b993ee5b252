/**
 * Builds a `ContractSet` for code-analysis tests straight from schema JSON, without the contract
 * loader: the code capability reads only `fullName`, `file`, `schema` and `settings`, so positions
 * are a stand-in that points at the top of the file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import avro from 'avsc';
import type { Contract, ContractSet, Json } from '../../../src/contracts/model.ts';

export interface ContractInput {
  file: string;
  schema: Json;
  topic?: string;
  keyField?: string;
}

function fullNameOf(schema: Json): string {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    throw new Error('schema is not a record');
  const name = String(schema.name);
  return name.includes('.') || typeof schema.namespace !== 'string' ? name : `${schema.namespace}.${name}`;
}

/** A contract set from inline schemas; named types may reference earlier or later inputs. */
export function contractSetOf(inputs: readonly ContractInput[]): ContractSet {
  const registry: Record<string, avro.Type> = {};
  const pending = [...inputs];
  const contracts: Contract[] = [];
  // Dependency order: retry the inputs whose references are not registered yet.
  for (let round = 0; pending.length > 0 && round <= inputs.length; round++) {
    for (const input of [...pending]) {
      let type: avro.Type;
      // A failed attempt may register some names: parse into a copy and keep it only on success.
      const attempt = { ...registry };
      try {
        type = avro.Type.forSchema(input.schema as avro.Schema, { registry: attempt });
      } catch {
        continue;
      }
      Object.assign(registry, attempt);
      pending.splice(pending.indexOf(input), 1);
      const file = input.file;
      contracts.push({
        file,
        fullName: fullNameOf(input.schema),
        schema: input.schema,
        positions: { locate: () => ({ file, line: 1, column: 1 }), locateKey: () => undefined },
        type,
        defines: [fullNameOf(input.schema)],
        references: [],
        settings: {
          ...(input.topic === undefined ? {} : { topic: input.topic }),
          ...(input.keyField === undefined ? {} : { keyField: input.keyField }),
          subject: `${fullNameOf(input.schema)}`,
          subjectNameStrategy: 'RecordName',
          compatibility: 'BACKWARD',
          versionField: 'version',
          retired: false,
        },
      });
    }
  }
  if (pending.length > 0)
    throw new Error(`unresolvable test schemas: ${pending.map((input) => input.file).join(', ')}`);
  return {
    contracts,
    diagnostics: [],
    byFullName: new Map(contracts.map((contract) => [contract.fullName, contract])),
  };
}

const fixtureRoot = path.resolve(import.meta.dirname, '../../../fixtures/app');

/** The fixture service's root directory. */
export const fixtureAppRoot = fixtureRoot;

/** The fixture service's contracts: `accounts/*` on topic `accounts` keyed by `accountId`, `orders/*` on `orders` by `orderId`. */
export function fixtureContracts(): ContractSet {
  const inputs: ContractInput[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory).sort()) {
      const full = path.join(directory, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.avsc')) {
        const file = path.relative(fixtureRoot, full).replace(/\\/g, '/');
        const group = file.split('/')[1];
        const settings =
          group === 'accounts'
            ? { topic: 'accounts', keyField: 'accountId' }
            : group === 'orders'
              ? { topic: 'orders', keyField: 'orderId' }
              : {};
        inputs.push({ file, schema: JSON.parse(readFileSync(full, 'utf8')) as Json, ...settings });
      }
    }
  };
  walk(path.join(fixtureRoot, 'contracts'));
  return contractSetOf(inputs);
}
