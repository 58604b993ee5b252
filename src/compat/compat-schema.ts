/**
 * The compatibility engine's own representation of an Avro schema: a graph of nodes built once from
 * schema JSON, with named-type references resolved to the one node that defines them, so that the
 * reader/writer walk never looks a name up and never builds a string on the happy path.
 *
 * Parsing follows Apache Avro Java 1.12 (`Schema.Parser` with `setValidateDefaults(false)`, as the
 * Confluent Schema Registry parses registered schemas) wherever the result can change a compatibility
 * verdict or the identity of nodes: how names, namespaces and aliases resolve, that a named type is
 * one shared node while every other JSON occurrence is a node of its own, that forward references
 * resolve only by the full name computed where they are written, and which schemas are rejected.
 * Pure: no file system, no process.
 */
import type { Json } from '../contracts/model.ts';

/** The fourteen Avro schema types. */
export type AvroTypeName =
  | 'null'
  | 'boolean'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'bytes'
  | 'string'
  | 'array'
  | 'map'
  | 'fixed'
  | 'enum'
  | 'record'
  | 'union';

/** Numeric codes of the Avro types, so the engine switches on small integers. @internal */
export const TYPE_CODE = {
  null: 0,
  boolean: 1,
  int: 2,
  long: 3,
  float: 4,
  double: 5,
  bytes: 6,
  string: 7,
  array: 8,
  map: 9,
  fixed: 10,
  enum: 11,
  record: 12,
  union: 13,
} as const satisfies Record<AvroTypeName, number>;

/** One field of a record node. */
export interface CompatField {
  /** The field's name. */
  readonly name: string;
  /** Position in the record (Avro Java's `Field.pos()`), the `/fields/<index>` pointer token. */
  readonly index: number;
  /** `String(index)`, precomputed so that pointers are never built on the happy path. @internal */
  readonly indexToken: string;
  readonly type: CompatNode;
  /** True when the field declares a `default`, whatever its value (`"default": null` counts). */
  readonly hasDefault: boolean;
  /** The field's aliases, deduplicated, in declaration order. */
  readonly aliases: readonly string[];
  /** JSON pointer of the field object in the document that defines its record. */
  readonly pointer: string;
}

/** One schema node. Named types (record, enum, fixed) are single nodes shared by every reference. */
export interface CompatNode {
  readonly type: AvroTypeName;
  /** `TYPE_CODE[type]`. @internal */
  readonly code: number;
  /** Unqualified name of a named type (Avro Java's `getName()`); `null` otherwise. */
  readonly name: string | null;
  /** Namespace of a named type; `null` for the null namespace and for unnamed types. */
  readonly namespace: string | null;
  /** Full name of a named type (Avro Java's `getFullName()`); `null` for unnamed types. */
  readonly fullName: string | null;
  /**
   * The aliases of a named type as Avro Java's `getAliases()` returns them: full names resolved
   * against the type's namespace, and `.Name` for an alias written `.Name` inside a namespace.
   */
  readonly aliases: readonly string[];
  /** Size in bytes of a fixed type; 0 otherwise. */
  readonly size: number;
  /** Symbols of an enum, in declaration order; empty otherwise. */
  readonly symbols: readonly string[];
  /** The enum's symbols as a set. @internal */
  readonly symbolSet: ReadonlySet<string> | null;
  /** The enum's default symbol (`"default"` on the enum), or `null`. */
  readonly enumDefault: string | null;
  /** Fields of a record, in declaration order; empty otherwise. */
  readonly fields: readonly CompatField[];
  /** Fields of a large record by name (`null` for small records: search `fields`). @internal */
  readonly fieldsByName: ReadonlyMap<string, CompatField> | null;
  /** Item type of an array or value type of a map; `null` otherwise. */
  readonly child: CompatNode | null;
  /** Branches of a union, in declaration order; empty otherwise. */
  readonly branches: readonly CompatNode[];
  /** The `logicalType` attribute, if any. Compatibility ignores it, as Avro Java does. */
  readonly logicalType: string | null;
  /** JSON pointer of the node's definition in its document (for a reference: the definition's). */
  readonly pointer: string;
  /**
   * True when the node can be reached by more than one path from the root (it sits inside a named
   * type that is referenced again, or recursively). Only pairs with a shared node can be visited twice
   * in one check, so only they are memoised. @internal
   */
  readonly shared: boolean;
}

/** A schema ready for compatibility checks: its root node and the named types it defines or uses. */
export interface CompatSchema {
  readonly root: CompatNode;
  /** Every named type the schema defines or loads from `external`, by full name. */
  readonly namedTypes: ReadonlyMap<string, CompatNode>;
}

/** A schema that Avro Java would refuse to parse; `pointer` locates the offending JSON value. */
export class CompatSchemaError extends Error {
  /** RFC 6901 pointer inside the document given to `toCompatSchema` (or inside the external type). */
  readonly pointer: string;
  /** Full name of the external named type whose JSON is at fault, when it is not the main document. */
  readonly externalType: string | undefined;
  constructor(message: string, pointer: string, externalType?: string) {
    super(message);
    this.name = 'CompatSchemaError';
    this.pointer = pointer;
    this.externalType = externalType;
  }
}

interface MutableField {
  name: string;
  index: number;
  indexToken: string;
  type: MutableNode;
  hasDefault: boolean;
  /** The default as written, to tell an identical redefinition from a conflicting one. */
  defaultValue: Json | undefined;
  aliases: string[];
  pointer: string;
}

interface MutableNode {
  type: AvroTypeName | 'unresolved';
  code: number;
  name: string | null;
  namespace: string | null;
  fullName: string | null;
  aliases: string[];
  size: number;
  symbols: string[];
  symbolSet: Set<string> | null;
  enumDefault: string | null;
  fields: MutableField[];
  fieldsByName: Map<string, MutableField> | null;
  child: MutableNode | null;
  branches: MutableNode[];
  logicalType: string | null;
  pointer: string;
  shared: boolean;
  /** Edges into a named type: its definition (in this document) plus every reference to it. */
  refs: number;
}

const PRIMITIVES: ReadonlySet<string> = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

const EMPTY_STRINGS: string[] = [];
const INDEX_STRINGS: string[] = Array.from({ length: 64 }, (_, i) => String(i));
/** Shared by every node that has no fields / branches; parsing assigns fresh arrays where needed. */
const NO_FIELDS: MutableField[] = [];
/** Never written to: without external types no external parse can be in progress. */
const NO_EXTERNALS: Set<string> = new Set();
const NO_BRANCHES: MutableNode[] = [];

/** Same property order for every node, so that the engine's property reads stay monomorphic. */
function newNode(type: AvroTypeName | 'unresolved', pointer: string): MutableNode {
  return {
    type,
    code: type === 'unresolved' ? -1 : TYPE_CODE[type],
    name: null,
    namespace: null,
    fullName: null,
    aliases: EMPTY_STRINGS,
    size: 0,
    symbols: EMPTY_STRINGS,
    symbolSet: null,
    enumDefault: null,
    fields: NO_FIELDS,
    fieldsByName: null,
    child: null,
    branches: NO_BRANCHES,
    logicalType: null,
    pointer,
    shared: false,
    refs: 0,
  };
}

/** Avro Java's UTF name validator: a letter or `_`, then letters, decimal digits or `_`. */
const VALID_NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

function isObject(json: Json | undefined): json is { [key: string]: Json } {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

/** Jackson's `textValue()`: the string, or `null` for anything that is not a JSON string. */
function textOf(json: Json | undefined): string | null {
  return typeof json === 'string' ? json : null;
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

interface ParseState {
  /** Named types whose definition is complete (Avro Java puts a record after its fields). */
  readonly completed: Map<string, MutableNode>;
  /** Placeholders for names not yet defined where they are referenced, resolved at the end. */
  readonly unresolved: {
    node: MutableNode;
    fullName: string;
    pointer: string;
    external: string | undefined;
  }[];
  readonly external: ReadonlyMap<string, Json> | undefined;
  /** External types being parsed, to stop a cycle between external definitions. */
  readonly externalInProgress: Set<string>;
  /** Full name of the external type whose JSON is being parsed, for error messages. */
  externalType: string | undefined;
  /** Nesting depth of the value being parsed. */
  depth: number;
  /** Unions with a placeholder branch, checked once the placeholders are resolved. */
  readonly deferredUnions: MutableNode[];
  /** Whether any named type is referenced by name (else no node can be shared). */
  referenced: boolean;
}

function fail(state: ParseState, message: string, pointer: string): never {
  throw new CompatSchemaError(message, pointer, state.externalType);
}

/** Names already found valid; schemas repeat the same few names, so this skips most regex runs. */
const validNames = new Set<string>();

function validateName(state: ParseState, name: string, what: string, pointer: string, suffix = ''): string {
  if (validNames.has(name)) return name;
  if (!VALID_NAME.test(name)) fail(state, `${what} "${name}" is not a valid Avro name`, pointer + suffix);
  if (validNames.size > 10_000) validNames.clear();
  validNames.add(name);
  return name;
}

/** Avro Java's `Name(name, space)`: a dotted name carries its own namespace; `""` means none. */

/** Avro Java's `Name(name, space)`: a dotted name carries its own namespace; `""` means none. */
function parseNamed(
  state: ParseState,
  node: MutableNode,
  json: { [key: string]: Json },
  space: string | null,
  pointer: string,
): void {
  const rawName = textOf(json.name);
  if (rawName === null) fail(state, 'a named type needs a string "name"', pointer);
  let namespace = textOf(json.namespace) ?? space;
  let name = rawName;
  const lastDot = rawName.lastIndexOf('.');
  if (lastDot >= 0) {
    namespace = rawName.slice(0, lastDot);
    name = rawName.slice(lastDot + 1);
  }
  validateName(state, name, 'Name', pointer, '/name');
  if (namespace === '') namespace = null;
  const fullName = namespace === null ? name : `${namespace}.${name}`;
  if (namespace === null && PRIMITIVES.has(fullName)) {
    fail(state, `schemas may not be named after primitives: ${fullName}`, `${pointer}/name`);
  }
  if (namespace !== null) {
    if (namespace.includes('.')) {
      for (const part of namespace.split('.')) validateName(state, part, 'Namespace part', pointer);
    } else {
      validateName(state, namespace, 'Namespace part', pointer);
    }
  }
  node.name = name;
  node.namespace = namespace;
  node.fullName = fullName;
}

/** Avro Java's `addAlias` + `getAliases`: resolve against the type's namespace, keep `.Name` as written. */
function parseTypeAliases(
  state: ParseState,
  node: MutableNode,
  json: { [key: string]: Json },
  pointer: string,
) {
  const aliases = parseAliasList(state, json, pointer);
  if (aliases.length === 0) return;
  const resolved: string[] = [];
  for (const alias of aliases) {
    const lastDot = alias.lastIndexOf('.');
    let space = node.namespace;
    let name = alias;
    if (lastDot >= 0) {
      space = alias.slice(0, lastDot);
      name = alias.slice(lastDot + 1);
    }
    if (space === '') space = null;
    validateName(state, name, 'Alias', `${pointer}/aliases`);
    const full = space === null ? (node.namespace !== null ? `.${name}` : name) : `${space}.${name}`;
    if (!resolved.includes(full)) resolved.push(full);
  }
  node.aliases = resolved;
}

function parseAliasList(state: ParseState, json: { [key: string]: Json }, pointer: string): string[] {
  const aliases = json.aliases;
  if (aliases === undefined) return EMPTY_STRINGS;
  if (!Array.isArray(aliases)) fail(state, '"aliases" must be an array of strings', `${pointer}/aliases`);
  const result: string[] = [];
  aliases.forEach((alias, i) => {
    if (typeof alias !== 'string') fail(state, 'an alias must be a string', `${pointer}/aliases/${i}`);
    if (!result.includes(alias)) result.push(alias);
  });
  return result;
}

/**
 * Registers a completed named type. Like Avro Java, a second definition of the same full name is
 * accepted when it equals the first (the references keep meaning the first), refused otherwise.
 */
function define(state: ParseState, node: MutableNode, pointer: string): void {
  const fullName = node.fullName as string;
  const first = state.completed.get(fullName);
  node.refs = 1;
  if (first === undefined) {
    state.completed.set(fullName, node);
  } else if (signatureOf(first, true) !== signatureOf(node, true)) {
    fail(state, `can't redefine ${fullName}`, pointer);
  }
}

/** What Avro Java's `Schema.equals` compares, as a string; named types inside count by name. */
function signatureOf(node: MutableNode, top: boolean): string {
  if (node.fullName !== null && !top) return node.fullName;
  switch (node.type) {
    case 'record':
      return `record ${node.fullName}{${node.fields
        .map(
          (field) => `${field.name}:${signatureOf(field.type, false)}=${JSON.stringify(field.defaultValue)}`,
        )
        .join(',')}}`;
    case 'enum':
      return `enum ${node.fullName}[${node.symbols.join(',')}]=${node.enumDefault}`;
    case 'fixed':
      return `fixed ${node.fullName}(${node.size})`;
    case 'array':
    case 'map':
      return `${node.type}<${signatureOf(node.child as MutableNode, false)}>`;
    case 'union':
      return `[${node.branches.map((branch) => signatureOf(branch, false)).join(',')}]`;
    default:
      return `${node.type}${node.logicalType === null ? '' : `:${node.logicalType}`}`;
  }
}

/** Avro Java's `ParseContext.find`: the name in the current namespace, then as written, else a placeholder. */
function find(state: ParseState, name: string, space: string | null, pointer: string): MutableNode {
  if (PRIMITIVES.has(name)) return newNode(name as AvroTypeName, pointer);
  const fullName = space !== null && !name.includes('.') ? `${space}.${name}` : name;
  const known =
    state.completed.get(fullName) ??
    loadExternal(state, fullName) ??
    state.completed.get(name) ??
    loadExternal(state, name);
  state.referenced = true;
  if (known) {
    known.refs++;
    return known;
  }
  const placeholder = newNode('unresolved', pointer);
  placeholder.fullName = fullName;
  state.unresolved.push({ node: placeholder, fullName, pointer, external: state.externalType });
  return placeholder;
}

/** Parses an external named type the first time it is referenced, in its own namespace. */
function loadExternal(state: ParseState, fullName: string): MutableNode | undefined {
  const json = state.external?.get(fullName);
  if (json === undefined || state.externalInProgress.has(fullName)) return undefined;
  state.externalInProgress.add(fullName);
  const outer = state.externalType;
  state.externalType = fullName;
  const lastDot = fullName.lastIndexOf('.');
  const space = lastDot >= 0 ? fullName.slice(0, lastDot) : null;
  parse(state, json, space, '');
  state.externalType = outer;
  state.externalInProgress.delete(fullName);
  const loaded = state.completed.get(fullName);
  // Its definition lives in another file: only the references made here lead to it.
  if (loaded !== undefined) loaded.refs--;
  return loaded;
}

/** Deeper schemas than this are refused rather than risk the stack (real schemas nest a few levels). */
const MAX_DEPTH = 256;

function parse(state: ParseState, json: Json, space: string | null, pointer: string): MutableNode {
  // No try/finally: after an error the state is thrown away, so the depth need not be restored.
  if (++state.depth > MAX_DEPTH) fail(state, `schema nested deeper than ${MAX_DEPTH} levels`, pointer);
  const node = parseValue(state, json, space, pointer);
  state.depth--;
  return node;
}

function parseValue(state: ParseState, json: Json, space: string | null, pointer: string): MutableNode {
  if (typeof json === 'string') return find(state, json, space, pointer);
  if (Array.isArray(json)) {
    const union = newNode('union', pointer);
    const branches: MutableNode[] = [];
    let pending = false;
    for (let i = 0; i < json.length; i++) {
      const branch = parse(state, json[i] as Json, space, `${pointer}/${INDEX_STRINGS[i] ?? i}`);
      if (branch.type === 'unresolved') pending = true;
      branches.push(branch);
    }
    union.branches = branches;
    // A placeholder's name is only known once resolved: such unions are checked after linking.
    if (pending) state.deferredUnions.push(union);
    else checkUnion(state, union);
    return union;
  }
  if (!isObject(json)) fail(state, `not a schema: ${JSON.stringify(json)}`, pointer);
  const type = textOf(json.type);
  if (type === null) fail(state, 'a schema object needs a string "type"', pointer);
  if (PRIMITIVES.has(type)) {
    const node = newNode(type as AvroTypeName, pointer);
    node.logicalType = textOf(json.logicalType);
    return node;
  }
  switch (type) {
    case 'record':
    case 'error':
      return parseRecord(state, json, space, pointer);
    case 'enum':
      return parseEnum(state, json, space, pointer);
    case 'array':
    case 'map': {
      const key = type === 'array' ? 'items' : 'values';
      const childJson = json[key];
      if (childJson === undefined) fail(state, `${type} has no "${key}"`, pointer);
      const node = newNode(type, pointer);
      node.child = parse(state, childJson, space, `${pointer}/${key}`);
      node.logicalType = textOf(json.logicalType);
      return node;
    }
    case 'fixed':
      return parseFixed(state, json, space, pointer);
    default:
      return find(state, type, space, `${pointer}/type`);
  }
}

/** Approximates Java's `Double.parseDouble` (decimal and special values; hex floats are rare). */
function isJavaDouble(text: string): boolean {
  const trimmed = text.trim().replace(/[dDfF]$/, '');
  return /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(trimmed);
}

const FIELD_ORDERS: ReadonlySet<string> = new Set(['ASCENDING', 'DESCENDING', 'IGNORE']);

/** Records with more fields than this get a name → field map; smaller ones are searched in order. */
const FIELD_MAP_THRESHOLD = 8;

function parseRecord(
  state: ParseState,
  json: { [key: string]: Json },
  space: string | null,
  pointer: string,
): MutableNode {
  const node = newNode('record', pointer);
  parseNamed(state, node, json, space, pointer);
  const fieldsJson = json.fields;
  if (!Array.isArray(fieldsJson)) fail(state, `record ${node.fullName} has no "fields" array`, pointer);
  const fields: MutableField[] = [];
  node.fields = fields;
  for (let index = 0; index < fieldsJson.length; index++) {
    const fieldJson = fieldsJson[index];
    const fieldPointer = `${pointer}/fields/${INDEX_STRINGS[index] ?? index}`;
    if (!isObject(fieldJson)) fail(state, 'a field must be an object with "name" and "type"', fieldPointer);
    const name = textOf(fieldJson.name);
    if (name === null) fail(state, 'a field needs a string "name"', fieldPointer);
    const typeJson = fieldJson.type;
    if (typeJson === undefined) fail(state, `field ${name} has no "type"`, fieldPointer);
    const type = parse(state, typeJson, node.namespace, `${fieldPointer}/type`);
    const order = fieldJson.order;
    if (order !== undefined && (typeof order !== 'string' || !FIELD_ORDERS.has(order.toUpperCase()))) {
      fail(state, `field ${name} has an invalid "order"`, `${fieldPointer}/order`);
    }
    validateName(state, name, 'Field name', fieldPointer, '/name');
    const fieldDefault = fieldJson.default;
    // Avro Java turns a string default of a float/double field into a number and fails if it is none.
    if ((type.type === 'float' || type.type === 'double') && typeof fieldDefault === 'string') {
      if (!isJavaDouble(fieldDefault))
        fail(state, `field ${name} has a non-numeric default`, `${fieldPointer}/default`);
    }
    for (const other of fields) {
      if (other.name === name)
        fail(state, `duplicate field ${name} in record ${node.fullName}`, fieldPointer);
    }
    fields.push({
      name,
      index,
      indexToken: INDEX_STRINGS[index] ?? String(index),
      type,
      hasDefault: fieldDefault !== undefined,
      defaultValue: fieldDefault,
      aliases:
        fieldJson.aliases === undefined ? EMPTY_STRINGS : parseAliasList(state, fieldJson, fieldPointer),
      pointer: fieldPointer,
    });
  }
  if (fields.length > FIELD_MAP_THRESHOLD) {
    const fieldsByName = new Map<string, MutableField>();
    for (const field of fields) fieldsByName.set(field.name, field);
    node.fieldsByName = fieldsByName;
  }
  if (json.aliases !== undefined) parseTypeAliases(state, node, json, pointer);
  define(state, node, pointer);
  return node;
}

function parseEnum(state: ParseState, json: { [key: string]: Json }, space: string | null, pointer: string) {
  const node = newNode('enum', pointer);
  parseNamed(state, node, json, space, pointer);
  const symbolsJson = json.symbols;
  if (!Array.isArray(symbolsJson)) fail(state, `enum ${node.fullName} has no "symbols" array`, pointer);
  const symbols: string[] = [];
  const symbolSet = new Set<string>();
  symbolsJson.forEach((symbol, i) => {
    const symbolPointer = `${pointer}/symbols/${i}`;
    if (typeof symbol !== 'string') fail(state, 'an enum symbol must be a string', symbolPointer);
    validateName(state, symbol, 'Enum symbol', symbolPointer);
    if (symbolSet.has(symbol)) fail(state, `duplicate enum symbol ${symbol}`, symbolPointer);
    symbolSet.add(symbol);
    symbols.push(symbol);
  });
  node.symbols = symbols;
  node.symbolSet = symbolSet;
  // Avro Java reads the default with `textValue()`: a non-string default counts as no default.
  const enumDefault = textOf(json.default);
  if (enumDefault !== null && !symbolSet.has(enumDefault)) {
    fail(
      state,
      `the enum default ${enumDefault} is not one of the symbols of ${node.fullName}`,
      `${pointer}/default`,
    );
  }
  node.enumDefault = enumDefault;
  node.logicalType = textOf(json.logicalType);
  parseTypeAliases(state, node, json, pointer);
  define(state, node, pointer);
  return node;
}

function parseFixed(state: ParseState, json: { [key: string]: Json }, space: string | null, pointer: string) {
  const node = newNode('fixed', pointer);
  parseNamed(state, node, json, space, pointer);
  const size = json.size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size > 2147483647 || size < -2147483648) {
    fail(state, `fixed ${node.fullName} needs an integer "size"`, `${pointer}/size`);
  }
  if (size < 0) fail(state, `fixed ${node.fullName} has a negative size`, `${pointer}/size`);
  node.size = size;
  node.logicalType = textOf(json.logicalType);
  parseTypeAliases(state, node, json, pointer);
  define(state, node, pointer);
  return node;
}

/** Avro Java's union rules: no union directly inside a union, no two branches of the same name. */
function checkUnion(state: ParseState, union: MutableNode): void {
  const branches = union.branches;
  for (let i = 0; i < branches.length; i++) {
    const branch = branches[i] as MutableNode;
    if (branch.type === 'union')
      fail(state, 'a union may not directly contain a union', `${union.pointer}/${i}`);
    const key = branch.fullName ?? branch.type;
    for (let j = 0; j < i; j++) {
      const other = branches[j] as MutableNode;
      if ((other.fullName ?? other.type) === key)
        fail(state, `duplicate ${key} in union`, `${union.pointer}/${i}`);
    }
  }
}

/** Replaces placeholders by the types they name, then checks the unions that held placeholders. */
function link(state: ParseState, root: MutableNode): MutableNode {
  const replacement = new Map<MutableNode, MutableNode>();
  for (const entry of state.unresolved) {
    const target = state.completed.get(entry.fullName) ?? loadExternal(state, entry.fullName);
    if (!target) {
      throw new CompatSchemaError(`undefined name: ${entry.fullName}`, entry.pointer, entry.external);
    }
    target.refs++;
    replacement.set(entry.node, target);
  }
  const resolve = (node: MutableNode): MutableNode => replacement.get(node) ?? node;
  const seen = new Set<MutableNode>();
  const stack: MutableNode[] = [resolve(root)];
  while (stack.length > 0) {
    const node = stack.pop() as MutableNode;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.child) {
      node.child = resolve(node.child);
      stack.push(node.child);
    }
    for (const field of node.fields) {
      field.type = resolve(field.type);
      stack.push(field.type);
    }
    if (node.branches.length > 0) {
      node.branches = node.branches.map(resolve);
      for (const branch of node.branches) stack.push(branch);
    }
  }
  for (const union of state.deferredUnions) checkUnion(state, union);
  return resolve(root);
}

/**
 * A node is shared when more than one path from the root reaches it: it is, or sits below, a named
 * type referenced again (recursion included). Parsing counted the references; this marks the nodes
 * below every named type with more than one.
 */
function markShared(state: ParseState): void {
  const stack: MutableNode[] = [];
  for (const node of state.completed.values()) if (node.refs > 1) stack.push(node);
  while (stack.length > 0) {
    const node = stack.pop() as MutableNode;
    if (node.shared) continue;
    node.shared = true;
    if (node.child !== null) stack.push(node.child);
    for (const field of node.fields) stack.push(field.type);
    for (const branch of node.branches) stack.push(branch);
  }
}

/**
 * Builds the engine's representation of a schema from its JSON, resolving references to named types
 * of the same document and, through `external` (full name → JSON of the definition), of other files.
 * Throws `CompatSchemaError` (with a JSON pointer) for a schema Avro Java would refuse; field defaults
 * are not validated (as Confluent parses registered schemas).
 */
export function toCompatSchema(json: Json, external?: ReadonlyMap<string, Json>): CompatSchema {
  const state: ParseState = {
    completed: new Map(),
    unresolved: [],
    external,
    externalInProgress: external === undefined ? NO_EXTERNALS : new Set(),
    externalType: undefined,
    depth: 0,
    deferredUnions: [],
    referenced: false,
  };
  let root = parse(state, json, null, '');
  if (state.unresolved.length > 0) root = link(state, root);
  if (state.referenced) markShared(state);
  return { root: root as CompatNode, namedTypes: state.completed as ReadonlyMap<string, CompatNode> };
}

/** Describes a node for messages: `record \`com.acme.Money\`` for named types, the type name otherwise. */
export function describeNode(node: CompatNode): string {
  return node.fullName === null ? node.type : `${node.type} \`${node.fullName}\``;
}

/** Joins pointer tokens into an RFC 6901 JSON pointer (`''` for the root). */
export function pointerOf(tokens: readonly string[]): string {
  let pointer = '';
  for (const token of tokens) pointer += `/${escapeToken(token)}`;
  return pointer;
}
