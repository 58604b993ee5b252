/**
 * A one-pass index of a contract's schema JSON (records, fields, enums, fixed types, each with its
 * JSON pointer, full name and dotted field path), built once per contract and shared by every lint
 * rule, plus the type-shape helpers the rules use to look through unions, logical types and named
 * references (including references to types defined in other files). Pure.
 */
import type { Contract, ContractSet, Json } from '../contracts/model.ts';

/** A JSON object as written in a schema file. */
export type JsonObject = { [key: string]: Json };

/** The Avro primitive type names. */
export const primitiveTypeNames = [
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
] as const;

/** One of the Avro primitive type names. */
export type PrimitiveName = (typeof primitiveTypeNames)[number];

const primitiveSet: ReadonlySet<string> = new Set(primitiveTypeNames);

/** What a named type (record, enum, fixed) looks like in the index. */
interface NamedTypeBase {
  /** JSON pointer of the type's object in its file. */
  pointer: string;
  /** The `name` attribute as written (may be dotted). */
  name: string;
  /** The last segment of the name, e.g. `MoneyDeposited`. */
  simpleName: string;
  fullName: string;
  /** Namespace the type lives in ('' for none); also the namespace its children resolve names in. */
  namespace: string;
  node: JsonObject;
  /** Dotted path of the field whose type this is ('' for the top-level type). */
  fieldPath: string;
}

/** A record (or Avro `error`) type of the schema. */
export interface RecordNode extends NamedTypeBase {
  kind: 'record';
  /** True for the schema's top-level record: the event itself. */
  isTopLevel: boolean;
  fields: FieldNode[];
}

/** An enum type of the schema. */
export interface EnumNode extends NamedTypeBase {
  kind: 'enum';
  symbols: string[];
}

/** A fixed type of the schema. */
export interface FixedNode extends NamedTypeBase {
  kind: 'fixed';
}

/** Any named type of the schema. */
export type NamedTypeNode = RecordNode | EnumNode | FixedNode;

/** One field of a record. */
export interface FieldNode {
  /** JSON pointer of the field object, e.g. `/fields/2`. */
  pointer: string;
  name: string;
  /** Dotted path from the top-level record, e.g. `customer.address.street`. */
  path: string;
  record: RecordNode;
  node: JsonObject;
  /** The field's `type` as written. */
  type: Json;
  /** Whether the field declares a `default` (a `null` default counts). */
  hasDefault: boolean;
}

/** Everything the rules need to know about one contract's schema, computed once. */
export interface SchemaIndex {
  /** The top-level record, when the schema is a record (valid contracts always are). */
  top: RecordNode | undefined;
  /** Every record, in document order (top-level first). */
  records: RecordNode[];
  enums: EnumNode[];
  fixeds: FixedNode[];
  /** Every field of every record, in document order. */
  fields: FieldNode[];
  /** Named types defined in this file, by full name. */
  named: ReadonlyMap<string, NamedTypeNode>;
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lastSegment(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? name : name.slice(dot + 1);
}

/** Full name and namespace of a named type per the Avro specification's name resolution. */
function qualify(
  name: string,
  node: JsonObject,
  enclosingNamespace: string,
): { fullName: string; namespace: string } {
  const dot = name.lastIndexOf('.');
  if (dot !== -1) return { fullName: name, namespace: name.slice(0, dot) };
  const own = node.namespace;
  const namespace = typeof own === 'string' ? own : enclosingNamespace;
  return { fullName: namespace ? `${namespace}.${name}` : name, namespace };
}

interface PendingType {
  type: Json;
  pointer: string;
  namespace: string;
  fieldPath: string;
}

/** Builds the index of one schema in a single iterative pass (no recursion: deep schemas are fine). */
export function indexSchema(schema: Json): SchemaIndex {
  const records: RecordNode[] = [];
  const enums: EnumNode[] = [];
  const fixeds: FixedNode[] = [];
  const fields: FieldNode[] = [];
  const named = new Map<string, NamedTypeNode>();
  let top: RecordNode | undefined;
  const stack: PendingType[] = [{ type: schema, pointer: '', namespace: '', fieldPath: '' }];
  while (stack.length > 0) {
    const { type, pointer, namespace, fieldPath } = stack.pop()!;
    if (Array.isArray(type)) {
      for (let i = type.length - 1; i >= 0; i--) {
        stack.push({ type: type[i]!, pointer: `${pointer}/${i}`, namespace, fieldPath });
      }
      continue;
    }
    if (!isJsonObject(type)) continue;
    const kind = type.type;
    const name = type.name;
    if ((kind === 'record' || kind === 'error') && typeof name === 'string') {
      const { fullName, namespace: inner } = qualify(name, type, namespace);
      const record: RecordNode = {
        kind: 'record',
        pointer,
        name,
        simpleName: lastSegment(name),
        fullName,
        namespace: inner,
        node: type,
        fieldPath,
        isTopLevel: pointer === '',
        fields: [],
      };
      if (record.isTopLevel) top = record;
      records.push(record);
      named.set(fullName, record);
      const declared = Array.isArray(type.fields) ? type.fields : [];
      const pending: PendingType[] = [];
      declared.forEach((candidate, i) => {
        if (!isJsonObject(candidate) || typeof candidate.name !== 'string') return;
        const path = fieldPath ? `${fieldPath}.${candidate.name}` : candidate.name;
        const field: FieldNode = {
          pointer: `${pointer}/fields/${i}`,
          name: candidate.name,
          path,
          record,
          node: candidate,
          type: candidate.type ?? null,
          hasDefault: 'default' in candidate,
        };
        record.fields.push(field);
        fields.push(field);
        if (candidate.type !== undefined) {
          pending.push({
            type: candidate.type,
            pointer: `${field.pointer}/type`,
            namespace: inner,
            fieldPath: path,
          });
        }
      });
      for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]!);
      continue;
    }
    if (kind === 'enum' && typeof name === 'string') {
      const { fullName, namespace: inner } = qualify(name, type, namespace);
      const symbols = Array.isArray(type.symbols)
        ? type.symbols.filter((s): s is string => typeof s === 'string')
        : [];
      const node: EnumNode = {
        kind: 'enum',
        pointer,
        name,
        simpleName: lastSegment(name),
        fullName,
        namespace: inner,
        node: type,
        fieldPath,
        symbols,
      };
      enums.push(node);
      named.set(fullName, node);
      continue;
    }
    if (kind === 'fixed' && typeof name === 'string') {
      const { fullName, namespace: inner } = qualify(name, type, namespace);
      const node: FixedNode = {
        kind: 'fixed',
        pointer,
        name,
        simpleName: lastSegment(name),
        fullName,
        namespace: inner,
        node: type,
        fieldPath,
      };
      fixeds.push(node);
      named.set(fullName, node);
      continue;
    }
    if (kind === 'array' && type.items !== undefined) {
      stack.push({ type: type.items, pointer: `${pointer}/items`, namespace, fieldPath });
      continue;
    }
    if (kind === 'map' && type.values !== undefined) {
      stack.push({ type: type.values, pointer: `${pointer}/values`, namespace, fieldPath });
      continue;
    }
    // `{"type": <name or nested type>}`: a wrapped type, walked as itself.
    if (typeof kind === 'object' && kind !== null) {
      stack.push({ type: kind, pointer: `${pointer}/type`, namespace, fieldPath });
    }
  }
  return { top, records, enums, fixeds, fields, named };
}

const indexCache = new WeakMap<Contract, SchemaIndex>();

/** The index of a contract's schema, computed on first use and shared by every rule. */
export function schemaIndexOf(contract: Contract): SchemaIndex {
  let index = indexCache.get(contract);
  if (!index) {
    index = indexSchema(contract.schema);
    indexCache.set(contract, index);
  }
  return index;
}

const referencedCache = new WeakMap<ContractSet, ReadonlySet<string>>();

/** Full names that some loaded contract references from another file. */
export function referencedNames(set: ContractSet): ReadonlySet<string> {
  let names = referencedCache.get(set);
  if (!names) {
    const collected = new Set<string>();
    for (const contract of set.contracts) for (const name of contract.references) collected.add(name);
    names = collected;
    referencedCache.set(set, names);
  }
  return names;
}

/**
 * The event record of a contract, or undefined when the contract is a shared value type: a file
 * whose top-level type other contracts reference by name (e.g. `com.acme.common.Money`) is a
 * building block of events, not an event, so event-level rules do not apply to it.
 */
export function eventRecordOf(contract: Contract, set: ContractSet): RecordNode | undefined {
  const top = schemaIndexOf(contract).top;
  if (!top) return undefined;
  if (referencedNames(set).has(contract.fullName)) return undefined;
  return top;
}

/** The resolved shape of a type as written, looking through wrappers and named references. */
export type TypeShape =
  | { kind: 'primitive'; name: PrimitiveName; logicalType?: string }
  | { kind: 'record'; record: RecordNode }
  | { kind: 'enum'; fullName: string }
  | { kind: 'fixed'; fullName: string; logicalType?: string }
  | { kind: 'array' }
  | { kind: 'map' }
  | { kind: 'union'; branches: Json[] }
  /** A name that resolves to no known type (the loader reports those). */
  | { kind: 'unknown'; name: string };

/** Where a type reference is resolved: the file's own index, its namespace, and the other files. */
export interface TypeScope {
  index: SchemaIndex;
  namespace: string;
  set?: ContractSet;
}

function lookupNamed(fullName: string, scope: TypeScope): NamedTypeNode | undefined {
  const own = scope.index.named.get(fullName);
  if (own) return own;
  const owner = scope.set?.byFullName.get(fullName);
  return owner ? schemaIndexOf(owner).named.get(fullName) : undefined;
}

function shapeOfNamed(node: NamedTypeNode): TypeShape {
  if (node.kind === 'record') return { kind: 'record', record: node };
  if (node.kind === 'enum') return { kind: 'enum', fullName: node.fullName };
  const logicalType = node.node.logicalType;
  return typeof logicalType === 'string'
    ? { kind: 'fixed', fullName: node.fullName, logicalType }
    : { kind: 'fixed', fullName: node.fullName };
}

/** Resolves a type as written (a name, a union, an object) into its shape. */
export function shapeOf(type: Json, scope: TypeScope): TypeShape {
  let current: Json = type;
  // Wrapped types (`{"type": {"type": ...}}`) are unwrapped iteratively; a bound guards malformed input.
  for (let guard = 0; guard < 64; guard++) {
    if (Array.isArray(current)) return { kind: 'union', branches: current };
    if (typeof current === 'string') {
      if (primitiveSet.has(current)) return { kind: 'primitive', name: current as PrimitiveName };
      const qualified = current.includes('.') || !scope.namespace ? current : `${scope.namespace}.${current}`;
      const found = lookupNamed(qualified, scope) ?? lookupNamed(current, scope);
      return found ? shapeOfNamed(found) : { kind: 'unknown', name: current };
    }
    if (!isJsonObject(current)) return { kind: 'unknown', name: JSON.stringify(current) };
    const kind = current.type;
    const logicalType = typeof current.logicalType === 'string' ? current.logicalType : undefined;
    if (typeof kind === 'string') {
      if (primitiveSet.has(kind)) {
        const name = kind as PrimitiveName;
        return logicalType === undefined
          ? { kind: 'primitive', name }
          : { kind: 'primitive', name, logicalType };
      }
      if (kind === 'array') return { kind: 'array' };
      if (kind === 'map') return { kind: 'map' };
      if (
        (kind === 'record' || kind === 'error' || kind === 'enum' || kind === 'fixed') &&
        typeof current.name === 'string'
      ) {
        const { fullName } = qualify(current.name, current, scope.namespace);
        const found = lookupNamed(fullName, scope);
        if (found) return shapeOfNamed(found);
        if (kind === 'enum') return { kind: 'enum', fullName };
        if (kind === 'fixed')
          return logicalType ? { kind: 'fixed', fullName, logicalType } : { kind: 'fixed', fullName };
        return { kind: 'unknown', name: fullName };
      }
    }
    if (kind === undefined) return { kind: 'unknown', name: JSON.stringify(current) };
    current = kind;
  }
  return { kind: 'unknown', name: 'type nested too deeply' };
}

/** True when the type as written is `"null"` or `{"type": "null"}`. */
export function isNullType(type: Json): boolean {
  return type === 'null' || (isJsonObject(type) && type.type === 'null');
}

/** For a union, the branches other than null; for any other type, the type itself. */
export function nonNullBranches(type: Json): Json[] {
  return Array.isArray(type) ? type.filter((branch) => !isNullType(branch)) : [type];
}

/** True when the type as written is a union with a null branch (an optional value). */
export function isNullableUnion(type: Json): boolean {
  return Array.isArray(type) && type.some(isNullType);
}

/** A short human text for a type as written: `string`, `null | string`, `long (timestamp-millis)`. */
export function describeType(type: Json): string {
  if (Array.isArray(type)) return type.map(describeType).join(' | ');
  if (typeof type === 'string') return type;
  if (!isJsonObject(type)) return JSON.stringify(type);
  const kind = type.type;
  if (kind === 'array') return `array<${type.items === undefined ? '?' : describeType(type.items)}>`;
  if (kind === 'map') return `map<${type.values === undefined ? '?' : describeType(type.values)}>`;
  if (
    typeof type.name === 'string' &&
    (kind === 'record' || kind === 'error' || kind === 'enum' || kind === 'fixed')
  ) {
    return `${kind} ${type.name}`;
  }
  const base = kind === undefined ? '?' : describeType(kind);
  return typeof type.logicalType === 'string' ? `${base} (${type.logicalType})` : base;
}

/** Splits an identifier into words: `totalAmount` → total, Amount; `unit_price` → unit, price; `DTOMapper` → DTO, Mapper. */
export function wordsOf(identifier: string): string[] {
  return identifier.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
}
