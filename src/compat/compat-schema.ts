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
  /** Fields of a record by name. @internal */
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
  /** Every named type reachable from the root, by full name. */
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
    fields: [],
    fieldsByName: null,
    child: null,
    branches: [],
    logicalType: null,
    pointer,
    shared: false,
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
}

function fail(state: ParseState, message: string, pointer: string): never {
  throw new CompatSchemaError(message, pointer, state.externalType);
}

function validateName(state: ParseState, name: string, what: string, pointer: string): string {
  if (!VALID_NAME.test(name)) fail(state, `${what} "${name}" is not a valid Avro name`, pointer);
  return name;
}

/** Avro Java's `Name(name, space)`: a dotted name carries its own namespace; `""` means none. */
function makeName(
  state: ParseState,
  rawName: string,
  space: string | null,
  pointer: string,
): { name: string; namespace: string | null; fullName: string } {
  const lastDot = rawName.lastIndexOf('.');
  let name = rawName;
  let namespace = space;
  if (lastDot >= 0) {
    namespace = rawName.slice(0, lastDot);
    name = rawName.slice(lastDot + 1);
  }
  validateName(state, name, 'Name', pointer);
  if (namespace === '') namespace = null;
  return { name, namespace, fullName: namespace === null ? name : `${namespace}.${name}` };
}

function parseNamed(
  state: ParseState,
  node: MutableNode,
  json: { [key: string]: Json },
  space: string | null,
  pointer: string,
): void {
  const rawName = textOf(json.name);
  if (rawName === null) fail(state, 'a named type needs a string "name"', pointer);
  const explicitSpace = textOf(json.namespace);
  const resolved = makeName(state, rawName, explicitSpace ?? space, `${pointer}/name`);
  if (PRIMITIVES.has(resolved.fullName)) {
    fail(state, `schemas may not be named after primitives: ${resolved.fullName}`, `${pointer}/name`);
  }
  if (resolved.namespace !== null) {
    for (const part of resolved.namespace.split('.')) validateName(state, part, 'Namespace part', pointer);
  }
  node.name = resolved.name;
  node.namespace = resolved.namespace;
  node.fullName = resolved.fullName;
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
  if (known) return known;
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
  return state.completed.get(fullName);
}

/** Deeper schemas than this are refused rather than risk the stack (real schemas nest a few levels). */
const MAX_DEPTH = 256;

function parse(state: ParseState, json: Json, space: string | null, pointer: string): MutableNode {
  state.depth++;
  try {
    if (state.depth > MAX_DEPTH) fail(state, `schema nested deeper than ${MAX_DEPTH} levels`, pointer);
    return parseValue(state, json, space, pointer);
  } finally {
    state.depth--;
  }
}

function parseValue(state: ParseState, json: Json, space: string | null, pointer: string): MutableNode {
  if (typeof json === 'string') return find(state, json, space, pointer);
  if (Array.isArray(json)) {
    const union = newNode('union', pointer);
    union.branches = json.map((branch, i) => parse(state, branch, space, `${pointer}/${i}`));
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
  const fieldsByName = new Map<string, MutableField>();
  fieldsJson.forEach((fieldJson, index) => {
    const fieldPointer = `${pointer}/fields/${index}`;
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
    validateName(state, name, 'Field name', `${fieldPointer}/name`);
    // Avro Java turns a string default of a float/double field into a number and fails if it is none.
    const fieldDefault = fieldJson.default;
    if ((type.type === 'float' || type.type === 'double') && typeof fieldDefault === 'string') {
      if (!isJavaDouble(fieldDefault))
        fail(state, `field ${name} has a non-numeric default`, `${fieldPointer}/default`);
    }
    const field: MutableField = {
      name,
      index,
      indexToken: String(index),
      type,
      hasDefault: fieldJson.default !== undefined,
      defaultValue: fieldJson.default,
      aliases: parseAliasList(state, fieldJson, fieldPointer),
      pointer: fieldPointer,
    };
    if (fieldsByName.has(name))
      fail(state, `duplicate field ${name} in record ${node.fullName}`, fieldPointer);
    fieldsByName.set(name, field);
    node.fields.push(field);
  });
  node.fieldsByName = fieldsByName;
  parseTypeAliases(state, node, json, pointer);
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

/** Replaces placeholders by the types they name, checks unions, and marks shared nodes. */
function link(state: ParseState, root: MutableNode): MutableNode {
  const replacement = new Map<MutableNode, MutableNode>();
  for (const entry of state.unresolved) {
    const target = state.completed.get(entry.fullName) ?? loadExternal(state, entry.fullName);
    if (!target) {
      throw new CompatSchemaError(`undefined name: ${entry.fullName}`, entry.pointer, entry.external);
    }
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
    if (node.type === 'union') {
      node.branches = node.branches.map(resolve);
      const keys = new Set<string>();
      node.branches.forEach((branch, i) => {
        if (branch.type === 'union')
          fail(state, 'a union may not directly contain a union', `${node.pointer}/${i}`);
        const key = branch.fullName ?? branch.type;
        if (keys.has(key)) fail(state, `duplicate ${key} in union`, `${node.pointer}/${i}`);
        keys.add(key);
        stack.push(branch);
      });
    }
  }
  return resolve(root);
}

function childrenOf(node: MutableNode): MutableNode[] {
  const children: MutableNode[] = [];
  if (node.child) children.push(node.child);
  for (const field of node.fields) children.push(field.type);
  for (const branch of node.branches) children.push(branch);
  return children;
}

/**
 * A node is shared when some path from the root reaches it through a node referenced more than once.
 * Counting references (in-degree) then propagating the flag downwards covers DAGs and cycles alike.
 */
function markShared(root: MutableNode): void {
  const inDegree = new Map<MutableNode, number>([[root, 1]]);
  const order: MutableNode[] = [root];
  for (let i = 0; i < order.length; i++) {
    for (const child of childrenOf(order[i] as MutableNode)) {
      const seen = inDegree.get(child);
      inDegree.set(child, (seen ?? 0) + 1);
      if (seen === undefined) order.push(child);
    }
  }
  const stack: [MutableNode, boolean][] = [[root, false]];
  const visited = new Set<MutableNode>();
  while (stack.length > 0) {
    const [node, inherited] = stack.pop() as [MutableNode, boolean];
    const shared = inherited || (inDegree.get(node) ?? 0) > 1;
    if (visited.has(node) && (node.shared || !shared)) continue;
    visited.add(node);
    node.shared = shared;
    for (const child of childrenOf(node)) stack.push([child, shared]);
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
    externalInProgress: new Set(),
    externalType: undefined,
    depth: 0,
  };
  const root = link(state, parse(state, json, null, ''));
  markShared(root);
  const namedTypes = new Map<string, CompatNode>();
  const seen = new Set<MutableNode>([root]);
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as MutableNode;
    if (node.fullName !== null) namedTypes.set(node.fullName, node as CompatNode);
    for (const child of childrenOf(node)) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return { root: root as CompatNode, namedTypes };
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
