/**
 * A resolved view of the contracts' Avro schemas for code generation and code analysis: every named
 * type (record, error, enum, fixed) by full name, and every schema node with its short type
 * references resolved to full names. Built from the schema JSON as written (docs, defaults and
 * logical types are kept), so it needs no avsc and no file system. Pure.
 */
import { fullNameOf, referenceCandidates } from '../contracts/avro-names.ts';
import type { Contract, Json } from '../contracts/model.ts';

/** The parts of a contract that the code capability reads. */
export type ContractView = Pick<Contract, 'file' | 'fullName' | 'schema'> & {
  settings: Pick<Contract['settings'], 'topic' | 'keyField'>;
};

/** A schema node with names resolved: what a value of this schema looks like. */
export type SchemaShape =
  | {
      kind: 'primitive';
      name: 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
      logicalType?: string;
    }
  | { kind: 'named'; fullName: string }
  | { kind: 'array'; items: SchemaShape }
  | { kind: 'map'; values: SchemaShape }
  | { kind: 'union'; branches: SchemaShape[] }
  /** A reference to a name no loaded contract defines, or a malformed node: typed as `unknown`. */
  | { kind: 'unknown'; text: string };

/** One field of a record, with its type resolved. */
export interface FieldDefinition {
  name: string;
  doc?: string;
  type: SchemaShape;
  /** True when the field declares a `default` (a writer may omit it). */
  hasDefault: boolean;
  default?: Json;
}

/** A named type as defined in a contract file. */
export type NamedDefinition =
  | { kind: 'record'; fullName: string; doc?: string; file: string; fields: FieldDefinition[] }
  | { kind: 'enum'; fullName: string; doc?: string; file: string; symbols: string[]; default?: string }
  | { kind: 'fixed'; fullName: string; doc?: string; file: string; size: number; logicalType?: string };

/** Every named type of a set of contracts, by full name. */
export interface SchemaIndex {
  named: ReadonlyMap<string, NamedDefinition>;
  /** The resolved top-level shape of each contract, by the contract's full name. */
  roots: ReadonlyMap<string, SchemaShape>;
}

type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const primitives = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/**
 * Indexes the named types of all `contracts` and resolves their references. Tolerant: a malformed
 * node becomes `unknown` rather than an error (the contract loader reports malformed schemas).
 */
export function indexSchemas(contracts: readonly ContractView[]): SchemaIndex {
  const named = new Map<string, NamedDefinition>();
  const definedNames = new Set<string>();
  for (const contract of contracts) collectNames(contract.schema, '', definedNames);

  const resolve = (node: Json | undefined, namespace: string, file: string): SchemaShape => {
    if (typeof node === 'string') {
      if (primitives.has(node)) return { kind: 'primitive', name: node as PrimitiveName };
      const match = referenceCandidates(node, namespace).find((name) => definedNames.has(name));
      return match === undefined ? { kind: 'unknown', text: node } : { kind: 'named', fullName: match };
    }
    if (Array.isArray(node))
      return { kind: 'union', branches: node.map((branch) => resolve(branch, namespace, file)) };
    if (!isObject(node)) return { kind: 'unknown', text: JSON.stringify(node ?? null) };
    const type = node.type;
    const logicalType = typeof node.logicalType === 'string' ? node.logicalType : undefined;
    const doc = typeof node.doc === 'string' ? node.doc : undefined;
    if (typeof type === 'string' && primitives.has(type)) {
      const shape: SchemaShape = { kind: 'primitive', name: type as PrimitiveName };
      if (logicalType !== undefined) shape.logicalType = logicalType;
      return shape;
    }
    if (type === 'array') return { kind: 'array', items: resolve(node.items, namespace, file) };
    if (type === 'map') return { kind: 'map', values: resolve(node.values, namespace, file) };
    if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
      if (typeof node.name !== 'string') return { kind: 'unknown', text: `unnamed ${type}` };
      const namespaceAttribute = typeof node.namespace === 'string' ? node.namespace : undefined;
      const fullName = fullNameOf(node.name, namespaceAttribute, namespace);
      const ownNamespace = fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : '';
      if (!named.has(fullName)) {
        if (type === 'enum') {
          const symbols = Array.isArray(node.symbols)
            ? node.symbols.filter((s) => typeof s === 'string')
            : [];
          const definition: NamedDefinition = { kind: 'enum', fullName, file, symbols };
          if (doc !== undefined) definition.doc = doc;
          if (typeof node.default === 'string') definition.default = node.default;
          named.set(fullName, definition);
        } else if (type === 'fixed') {
          const definition: NamedDefinition = {
            kind: 'fixed',
            fullName,
            file,
            size: typeof node.size === 'number' ? node.size : 0,
          };
          if (doc !== undefined) definition.doc = doc;
          if (logicalType !== undefined) definition.logicalType = logicalType;
          named.set(fullName, definition);
        } else {
          const definition: NamedDefinition = { kind: 'record', fullName, file, fields: [] };
          if (doc !== undefined) definition.doc = doc;
          // Registered before the fields are resolved so that a recursive record refers to itself.
          named.set(fullName, definition);
          const fields = Array.isArray(node.fields) ? node.fields : [];
          for (const field of fields) {
            if (!isObject(field) || typeof field.name !== 'string') continue;
            const fieldDefinition: FieldDefinition = {
              name: field.name,
              type: resolve(field.type, ownNamespace, file),
              hasDefault: 'default' in field,
            };
            if (typeof field.doc === 'string') fieldDefinition.doc = field.doc;
            if ('default' in field && field.default !== undefined) fieldDefinition.default = field.default;
            definition.fields.push(fieldDefinition);
          }
        }
      }
      return { kind: 'named', fullName };
    }
    // `{"type": "com.acme.Money"}` or `{"type": {...}}`: the wrapper adds nothing but attributes.
    if (type !== undefined) return resolve(type, namespace, file);
    return { kind: 'unknown', text: JSON.stringify(node) };
  };

  const roots = new Map<string, SchemaShape>();
  for (const contract of contracts) roots.set(contract.fullName, resolve(contract.schema, '', contract.file));
  return { named, roots };
}

/** Collects the full names of every named type defined in `node`, so references resolve in any order. */
function collectNames(node: Json | undefined, namespace: string, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (const branch of node) collectNames(branch, namespace, names);
    return;
  }
  if (!isObject(node)) return;
  const type = node.type;
  if (
    (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') &&
    typeof node.name === 'string'
  ) {
    const fullName = fullNameOf(
      node.name,
      typeof node.namespace === 'string' ? node.namespace : undefined,
      namespace,
    );
    names.add(fullName);
    const ownNamespace = fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : '';
    if (Array.isArray(node.fields)) {
      for (const field of node.fields) if (isObject(field)) collectNames(field.type, ownNamespace, names);
    }
    return;
  }
  if (type === 'array') collectNames(node.items, namespace, names);
  else if (type === 'map') collectNames(node.values, namespace, names);
  else if (typeof type === 'object') collectNames(type, namespace, names);
}

type PrimitiveName = Extract<SchemaShape, { kind: 'primitive' }>['name'];

/** The record definition a shape denotes, looking through a nullable union (`["null", Record]`). */
export function recordOf(index: SchemaIndex, shape: SchemaShape | undefined): NamedDefinition | undefined {
  if (shape === undefined) return undefined;
  if (shape.kind === 'named') {
    const definition = index.named.get(shape.fullName);
    return definition?.kind === 'record' ? definition : undefined;
  }
  if (shape.kind === 'union') {
    const records = shape.branches
      .map((branch) => recordOf(index, branch))
      .filter((definition) => definition !== undefined);
    return records.length === 1 ? records[0] : undefined;
  }
  return undefined;
}

/**
 * The shape whose fields a dotted path continues into: records directly, and arrays, maps and
 * nullable unions transparently (a field path does not name array items or union branches).
 */
export function fieldsOf(index: SchemaIndex, shape: SchemaShape | undefined): FieldDefinition[] | undefined {
  if (shape === undefined) return undefined;
  if (shape.kind === 'array') return fieldsOf(index, shape.items);
  if (shape.kind === 'map') return fieldsOf(index, shape.values);
  const record = recordOf(index, shape);
  return record?.kind === 'record' ? record.fields : undefined;
}

/**
 * The longest prefix of `path` that names fields of the contract, as a dotted path; segments past it
 * are method or property accesses on a field's value (`amount.toFixed`). When even the first segment
 * is not a field, the first segment is returned: the code reads a field the contract lacks.
 */
export function trimToFieldPath(
  index: SchemaIndex,
  contractFullName: string,
  path: readonly string[],
): string {
  let fields = fieldsOf(index, index.roots.get(contractFullName));
  const kept: string[] = [];
  for (const segment of path) {
    const field = fields?.find((candidate) => candidate.name === segment);
    if (field === undefined) break;
    kept.push(segment);
    fields = fieldsOf(index, field.type);
  }
  if (kept.length === 0 && path[0] !== undefined) return path[0];
  return kept.join('.');
}

/** True when the contract declares the top-level field `name`. */
export function declaresField(index: SchemaIndex, contractFullName: string, name: string): boolean {
  return fieldsOf(index, index.roots.get(contractFullName))?.some((field) => field.name === name) ?? false;
}
