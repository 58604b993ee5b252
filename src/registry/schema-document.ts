/**
 * Schema documents as a registry sees them. A contract file may reference named types defined in
 * other files (`com.acme.common.Money`); the registry needs one self-contained document, with each
 * referenced definition written out at its first use, as Avro serialisers register schemas. Also the
 * canonical form kontract compares registered schemas with: two documents that differ only in
 * whitespace, key order, or how names and namespaces are spelled have the same canonical form; a
 * change to anything a reader or a person can see (a field, a default, a doc, a logical type) does
 * not. Pure.
 */
import type { Contract, Json } from '../contracts/model.ts';

const primitives: ReadonlySet<string> = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);
const namedKinds: ReadonlySet<string> = new Set(['record', 'error', 'enum', 'fixed']);

type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Full name and the namespace its children inherit, per the Avro specification. */
function nameOf(node: JsonObject, enclosing: string): { fullName: string; namespace: string } | undefined {
  if (typeof node.name !== 'string') return undefined;
  const explicit = typeof node.namespace === 'string' ? node.namespace : enclosing;
  const fullName = node.name.includes('.')
    ? node.name
    : explicit === ''
      ? node.name
      : `${explicit}.${node.name}`;
  const dot = fullName.lastIndexOf('.');
  return { fullName, namespace: dot < 0 ? '' : fullName.slice(0, dot) };
}

/** Calls `visit` for every named-type definition in a schema document, with its full name. */
function eachDefinition(
  schema: Json,
  enclosing: string,
  visit: (fullName: string, node: JsonObject) => void,
): void {
  if (Array.isArray(schema)) {
    for (const branch of schema) eachDefinition(branch, enclosing, visit);
    return;
  }
  if (!isObject(schema)) return;
  let namespace = enclosing;
  if (typeof schema.type === 'string' && namedKinds.has(schema.type)) {
    const named = nameOf(schema, enclosing);
    if (named) {
      visit(named.fullName, schema);
      namespace = named.namespace;
    }
  }
  if (Array.isArray(schema.fields)) {
    for (const field of schema.fields)
      if (isObject(field)) eachDefinition(field.type ?? null, namespace, visit);
  }
  if (typeof schema.type === 'object') eachDefinition(schema.type, namespace, visit);
  if (schema.items !== undefined) eachDefinition(schema.items, namespace, visit);
  if (schema.values !== undefined) eachDefinition(schema.values, namespace, visit);
}

/** A definition moved out of its file: named by its full name, so it means the same anywhere. */
function standalone(fullName: string, node: JsonObject): JsonObject {
  const copy: JsonObject = { ...node, name: fullName };
  delete copy.namespace;
  return copy;
}

/**
 * Every named type the loaded contracts define, by full name, as standalone JSON: what
 * `toCompatSchema(json, external)` and `selfContainedSchema` resolve cross-file references with.
 */
export function externalDefinitions(contracts: readonly Contract[]): Map<string, Json> {
  const definitions = new Map<string, Json>();
  for (const contract of contracts) {
    eachDefinition(contract.schema, '', (fullName, node) => {
      if (!definitions.has(fullName)) definitions.set(fullName, standalone(fullName, node));
    });
  }
  return definitions;
}

/**
 * The schema with every named type it references but does not define written out at its first use
 * (in document order), so that it parses on its own. References to types the document already
 * defined (or that are not known) stay as they are.
 */
export function selfContainedSchema(schema: Json, external: ReadonlyMap<string, Json>): Json {
  const defined = new Set<string>();
  eachDefinition(schema, '', (fullName) => defined.add(fullName));
  const resolve = (name: string, namespace: string): string => {
    if (name.includes('.') || namespace === '') return name;
    const qualified = `${namespace}.${name}`;
    return defined.has(qualified) || external.has(qualified) ? qualified : name;
  };
  const inline = (node: Json, namespace: string): Json => {
    if (typeof node === 'string') {
      if (primitives.has(node)) return node;
      const fullName = resolve(node, namespace);
      const definition = external.get(fullName);
      if (definition === undefined || defined.has(fullName)) return node;
      eachDefinition(definition, '', (name) => defined.add(name));
      return inline(definition, '');
    }
    if (Array.isArray(node)) return node.map((branch) => inline(branch, namespace));
    if (!isObject(node)) return node;
    let inner = namespace;
    if (typeof node.type === 'string' && namedKinds.has(node.type)) {
      inner = nameOf(node, namespace)?.namespace ?? namespace;
    }
    const copy: JsonObject = { ...node };
    if (typeof node.type === 'string' && !namedKinds.has(node.type) && !primitives.has(node.type)) {
      copy.type = inline(node.type, namespace);
    } else if (typeof node.type === 'object' && node.type !== null) {
      copy.type = inline(node.type, namespace);
    }
    if (Array.isArray(node.fields)) {
      copy.fields = node.fields.map((field) =>
        isObject(field) && field.type !== undefined ? { ...field, type: inline(field.type, inner) } : field,
      );
    }
    if (node.items !== undefined) copy.items = inline(node.items, inner);
    if (node.values !== undefined) copy.values = inline(node.values, inner);
    return copy;
  };
  return inline(schema, '');
}

/** Attributes in the order the canonical form writes them; any other attribute follows, sorted. */
const attributeOrder = [
  'type',
  'name',
  'aliases',
  'doc',
  'fields',
  'symbols',
  'items',
  'values',
  'size',
  'default',
  'order',
  'logicalType',
  'precision',
  'scale',
];

function orderedKeys(node: JsonObject): string[] {
  const known = attributeOrder.filter((key) => key in node);
  const rest = Object.keys(node)
    .filter((key) => !attributeOrder.includes(key) && key !== 'namespace')
    .sort();
  return [...known, ...rest];
}

/** Sorts object keys of a plain JSON value (a default, a custom attribute), recursively. */
function sortedValue(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortedValue);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedValue(value[key] as Json);
  return out;
}

/**
 * The canonical text of a schema document: full names everywhere (no `namespace`), `{"type":"int"}`
 * written `"int"`, attributes in a fixed order, `"order":"ascending"` (the default) dropped, no
 * whitespace. Everything else is kept, so the form changes exactly when the schema's meaning or its
 * documentation does.
 */
export function canonicalSchema(schema: Json): string {
  const defined = new Set<string>();
  eachDefinition(schema, '', (fullName) => defined.add(fullName));
  const resolve = (name: string, namespace: string): string => {
    if (primitives.has(name) || name.includes('.') || namespace === '') return name;
    const qualified = `${namespace}.${name}`;
    return defined.has(qualified) ? qualified : name;
  };
  const canon = (node: Json, namespace: string): Json => {
    if (typeof node === 'string') return resolve(node, namespace);
    if (Array.isArray(node)) return node.map((branch) => canon(branch, namespace));
    if (!isObject(node)) return node;
    const keys = orderedKeys(node);
    const type = node.type;
    if (typeof type === 'string' && primitives.has(type) && keys.length === 1) return type;
    const named = typeof type === 'string' && namedKinds.has(type) ? nameOf(node, namespace) : undefined;
    const inner = named?.namespace ?? namespace;
    const out: JsonObject = {};
    for (const key of keys) {
      const value = node[key] as Json;
      switch (key) {
        case 'type':
          out.type =
            typeof value === 'string' &&
            (primitives.has(value) || namedKinds.has(value) || value === 'array' || value === 'map')
              ? value
              : canon(value, namespace);
          break;
        case 'name':
          out.name = named ? named.fullName : value;
          break;
        case 'fields':
          out.fields = Array.isArray(value)
            ? value.map((field) => {
                if (!isObject(field)) return field;
                const f: JsonObject = {};
                for (const fieldKey of orderedKeys(field)) {
                  const fieldValue = field[fieldKey] as Json;
                  if (fieldKey === 'type') f.type = canon(fieldValue, inner);
                  else if (fieldKey === 'order' && fieldValue === 'ascending') continue;
                  else f[fieldKey] = sortedValue(fieldValue);
                }
                return f;
              })
            : value;
          break;
        case 'items':
        case 'values':
          out[key] = canon(value, inner);
          break;
        default:
          out[key] = sortedValue(value);
      }
    }
    return out;
  };
  return JSON.stringify(canon(schema, ''));
}
