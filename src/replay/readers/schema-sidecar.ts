/**
 * The `<log>.schemas.json` sidecar maps Confluent schema ids to writer schemas, so wire-format values
 * of a recorded log decode without a registry:
 * `{ "1": "schemas/MoneyDeposited.v1.avsc", "2": { "schema": "com.acme.accounts.MoneyDeposited", "version": 2 } }`.
 * A value is a path to an `.avsc` file (relative to the sidecar) or the full name of a loaded contract.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Type } from 'avsc';
import avro from 'avsc';
import type { ReplayCatalog, WriterSchema, WriterSchemaLookup } from '../catalog.ts';

/** Named types reachable from a type, by full name: the registry that lets a writer schema reference them. */
function collectNamedTypes(type: Type, registry: Record<string, Type>): void {
  const name = (type as unknown as { name?: string }).name;
  if (name !== undefined) {
    if (registry[name]) return;
    registry[name] = type;
  }
  const t = type as unknown as {
    fields?: { type: Type }[];
    types?: Type[];
    itemsType?: Type;
    valuesType?: Type;
    underlyingType?: Type;
  };
  for (const field of t.fields ?? []) collectNamedTypes(field.type, registry);
  for (const branch of t.types ?? []) collectNamedTypes(branch, registry);
  if (t.itemsType) collectNamedTypes(t.itemsType, registry);
  if (t.valuesType) collectNamedTypes(t.valuesType, registry);
}

/** Full names of the named types a schema document defines (records, enums, fixed), at any depth. */
function definedNames(schema: unknown, namespace: string, out: string[] = []): string[] {
  if (Array.isArray(schema)) {
    for (const branch of schema) definedNames(branch, namespace, out);
    return out;
  }
  if (schema === null || typeof schema !== 'object') return out;
  const node = schema as Record<string, unknown>;
  let inner = namespace;
  if (typeof node.name === 'string' && ['record', 'error', 'enum', 'fixed'].includes(String(node.type))) {
    const ns = typeof node.namespace === 'string' ? node.namespace : namespace;
    const full = node.name.includes('.') ? node.name : ns === '' ? node.name : `${ns}.${node.name}`;
    out.push(full);
    inner = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
  }
  if (Array.isArray(node.fields))
    for (const field of node.fields) definedNames((field as { type?: unknown }).type, inner, out);
  if (typeof node.type === 'object') definedNames(node.type, inner, out);
  if (node.items !== undefined) definedNames(node.items, inner, out);
  if (node.values !== undefined) definedNames(node.values, inner, out);
  return out;
}

/** Thrown when a sidecar is unreadable; carries the file for the message. */
export class SidecarError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SidecarError';
    this.file = file;
  }
}

/** Loads a sidecar into a writer-schema lookup; the contracts of `catalog` resolve full names and references. */
export function loadSchemaSidecar(file: string, catalog: ReplayCatalog): WriterSchemaLookup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SidecarError(
      file,
      `not a JSON schema-id map (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SidecarError(file, 'expected an object mapping schema ids to .avsc paths or contract names');
  }
  const named: Record<string, Type> = {};
  for (const contract of catalog.byFullName.values()) collectNamedTypes(contract.type, named);
  const byId = new Map<number, WriterSchema>();
  for (const [id, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const schemaId = Number(id);
    if (!Number.isInteger(schemaId) || schemaId < 0)
      throw new SidecarError(file, `"${id}" is not a schema id`);
    const ref = typeof entry === 'string' ? entry : (entry as { schema?: unknown } | null)?.schema;
    const version =
      typeof entry === 'object' && entry !== null ? (entry as { version?: unknown }).version : undefined;
    if (typeof ref !== 'string')
      throw new SidecarError(file, `schema id ${id} must map to a path or a full name`);
    let type: Type;
    const contract = catalog.byFullName.get(ref);
    if (contract) type = contract.type;
    else {
      const schemaFile = path.resolve(path.dirname(file), ref);
      try {
        const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
        // A fresh registry per writer schema: the types it defines itself must not collide with today's.
        const registry = { ...named };
        for (const name of definedNames(schema, '')) delete registry[name];
        type = avro.Type.forSchema(schema, { registry });
      } catch (error) {
        throw new SidecarError(
          file,
          `schema id ${id}: ${ref} is not a readable Avro schema (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
    byId.set(schemaId, typeof version === 'number' ? { type, version } : { type });
  }
  const shown = path.basename(file);
  return {
    writerSchema: (schemaId) => byId.get(schemaId),
    describe: () => shown,
  };
}
