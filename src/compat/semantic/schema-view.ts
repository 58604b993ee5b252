/**
 * A read-only view of one Avro schema document for the semantic rules: named types resolved by full
 * name (the document's own and those other files define), every attribute kept (logical types,
 * decimal precision and scale, docs, aliases), and a canonical form that tells a real change from an
 * edit of docs, key order or formatting. Pure: JSON in, values out.
 */
import { fullNameOf, isPrimitiveTypeName, type PrimitiveTypeName } from '../../contracts/avro-names.ts';
import type { Json } from '../../contracts/model.ts';
import { isJsonObject, type JsonObject } from '../../contracts/walk-schema.ts';

/** One schema document and the named types it can reach. */
export interface SchemaDocument {
  /** The document as written. */
  readonly root: Json;
  /** The named types the document itself defines, by full name (their definition objects). */
  readonly own: ReadonlyMap<string, JsonObject>;
  /** Named types other files define, by full name; the document's own definitions take precedence. */
  readonly external: ReadonlyMap<string, Json> | undefined;
}

/** The definition of a named type the document can reach: its own first, then another file's. */
export function definitionOf(document: SchemaDocument, fullName: string): JsonObject | undefined {
  const own = document.own.get(fullName);
  if (own !== undefined) return own;
  const external = document.external?.get(fullName);
  return isJsonObject(external) ? external : undefined;
}

/** What a type JSON value means once names are resolved. `namespace` is what short names inside it are qualified with (`''` = none). */
export type ResolvedType =
  | {
      kind: 'primitive';
      type: PrimitiveTypeName;
      /** The object form's attributes (`{"type": "long", "logicalType": ...}`); undefined for a bare name. */
      attributes: JsonObject | undefined;
      logicalType: string | undefined;
    }
  | { kind: 'record'; fullName: string; schema: JsonObject; namespace: string; aliases: string[] }
  | {
      kind: 'enum';
      fullName: string;
      schema: JsonObject;
      namespace: string;
      aliases: string[];
      symbols: string[];
      enumDefault: string | undefined;
    }
  | {
      kind: 'fixed';
      fullName: string;
      schema: JsonObject;
      namespace: string;
      aliases: string[];
      size: number | undefined;
      logicalType: string | undefined;
    }
  | { kind: 'array'; schema: JsonObject; items: Json; namespace: string; logicalType: string | undefined }
  | { kind: 'map'; schema: JsonObject; values: Json; namespace: string; logicalType: string | undefined }
  | { kind: 'union'; branches: Json[]; namespace: string }
  /** A name no definition matches, or JSON that is no Avro type: the compat engine reports those. */
  | { kind: 'unknown'; json: Json };

const namedKinds: ReadonlySet<string> = new Set(['record', 'error', 'enum', 'fixed']);

function stringOf(object: JsonObject, key: string): string | undefined {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function stringsOf(object: JsonObject, key: string): string[] {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function namespaceOfFullName(fullName: string): string {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? '' : fullName.slice(0, dot);
}

/** Full name of a named type's definition object written inside `enclosing`. */
function definitionFullName(schema: JsonObject, enclosing: string): string | undefined {
  const name = stringOf(schema, 'name');
  return name === undefined ? undefined : fullNameOf(name, stringOf(schema, 'namespace'), enclosing);
}

/**
 * Every named type defined inside `json` (written in namespace `enclosing`), added to `into` by full
 * name; the first definition of a name wins, as in the loader.
 */
export function collectNamedTypes(json: Json, enclosing: string, into: Map<string, JsonObject>): void {
  const stack: { json: Json; namespace: string }[] = [{ json, namespace: enclosing }];
  while (stack.length > 0) {
    const { json: node, namespace } = stack.pop()!;
    if (Array.isArray(node)) {
      for (const branch of node) stack.push({ json: branch, namespace });
      continue;
    }
    if (!isJsonObject(node)) continue;
    const type = node.type;
    if (typeof type === 'string' && namedKinds.has(type)) {
      const fullName = definitionFullName(node, namespace);
      if (fullName === undefined) continue;
      if (!into.has(fullName)) into.set(fullName, node);
      const own = namespaceOfFullName(fullName);
      const fields = node.fields;
      if (Array.isArray(fields)) {
        for (const field of fields) {
          if (isJsonObject(field) && field.type !== undefined)
            stack.push({ json: field.type, namespace: own });
        }
      }
      continue;
    }
    if (type === 'array' && node.items !== undefined) stack.push({ json: node.items, namespace });
    else if (type === 'map' && node.values !== undefined) stack.push({ json: node.values, namespace });
    else if (type !== undefined && typeof type !== 'string') stack.push({ json: type, namespace });
  }
}

/**
 * The view of a document: its own named types first, then `external` ones (full name → definition
 * JSON, as other files define them) for the names it does not define itself.
 */
export function schemaDocumentOf(root: Json, external?: ReadonlyMap<string, Json>): SchemaDocument {
  const own = new Map<string, JsonObject>();
  collectNamedTypes(root, '', own);
  return { root, own, external };
}

function resolveNamed(document: SchemaDocument, fullName: string, written: JsonObject): ResolvedType {
  const schema = definitionOf(document, fullName) ?? written;
  const namespace = namespaceOfFullName(fullName);
  const aliases = stringsOf(schema, 'aliases').map((alias) => fullNameOf(alias, undefined, namespace));
  const kind = stringOf(schema, 'type');
  if (kind === 'enum') {
    return {
      kind: 'enum',
      fullName,
      schema,
      namespace,
      aliases,
      symbols: stringsOf(schema, 'symbols'),
      enumDefault: stringOf(schema, 'default'),
    };
  }
  if (kind === 'fixed') {
    const size = schema.size;
    return {
      kind: 'fixed',
      fullName,
      schema,
      namespace,
      aliases,
      size: typeof size === 'number' ? size : undefined,
      logicalType: stringOf(schema, 'logicalType'),
    };
  }
  return { kind: 'record', fullName, schema, namespace, aliases };
}

/** Resolves a reference by name: the enclosing namespace first, then the name as written (Avro Java's order). */
function resolveName(document: SchemaDocument, name: string, enclosing: string): ResolvedType {
  const candidates = name.includes('.') || enclosing === '' ? [name] : [`${enclosing}.${name}`, name];
  for (const candidate of candidates) {
    const definition = definitionOf(document, candidate);
    if (definition !== undefined) return resolveNamed(document, candidate, definition);
  }
  return { kind: 'unknown', json: name };
}

/** What the type JSON `json`, written in namespace `enclosing`, means in `document`. */
export function resolveType(document: SchemaDocument, json: Json, enclosing: string): ResolvedType {
  if (typeof json === 'string') {
    if (isPrimitiveTypeName(json)) {
      return { kind: 'primitive', type: json, attributes: undefined, logicalType: undefined };
    }
    return resolveName(document, json, enclosing);
  }
  if (Array.isArray(json)) return { kind: 'union', branches: json, namespace: enclosing };
  if (!isJsonObject(json)) return { kind: 'unknown', json };
  const type = json.type;
  if (typeof type !== 'string') {
    // `{"type": {...}}` and `{"type": [...]}` wrap a type; Avro Java reads the inner one.
    return type === undefined ? { kind: 'unknown', json } : resolveType(document, type, enclosing);
  }
  if (isPrimitiveTypeName(type)) {
    return { kind: 'primitive', type, attributes: json, logicalType: stringOf(json, 'logicalType') };
  }
  if (namedKinds.has(type)) {
    const fullName = definitionFullName(json, enclosing);
    return fullName === undefined ? { kind: 'unknown', json } : resolveNamed(document, fullName, json);
  }
  if (type === 'array') {
    return json.items === undefined
      ? { kind: 'unknown', json }
      : {
          kind: 'array',
          schema: json,
          items: json.items,
          namespace: enclosing,
          logicalType: stringOf(json, 'logicalType'),
        };
  }
  if (type === 'map') {
    return json.values === undefined
      ? { kind: 'unknown', json }
      : {
          kind: 'map',
          schema: json,
          values: json.values,
          namespace: enclosing,
          logicalType: stringOf(json, 'logicalType'),
        };
  }
  return resolveName(document, type, enclosing);
}

/** The top-level type of a document. */
export function rootType(document: SchemaDocument): ResolvedType {
  return resolveType(document, document.root, '');
}

/** One field of a record view. */
export interface FieldView {
  name: string;
  /** Position in the record's `fields`. */
  index: number;
  /** The field object as written. */
  schema: JsonObject;
  /** The field's type JSON. */
  type: Json;
  hasDefault: boolean;
  /** Field aliases as written (field aliases are plain names, not namespaced). */
  aliases: string[];
}

/** The fields of a record, as written; entries that are no field objects are skipped. */
export function fieldsOf(record: Extract<ResolvedType, { kind: 'record' }>): FieldView[] {
  const fields = record.schema.fields;
  if (!Array.isArray(fields)) return [];
  const views: FieldView[] = [];
  fields.forEach((field, index) => {
    if (!isJsonObject(field)) return;
    const name = stringOf(field, 'name');
    if (name === undefined || field.type === undefined) return;
    views.push({
      name,
      index,
      schema: field,
      type: field.type,
      hasDefault: Object.hasOwn(field, 'default'),
      aliases: stringsOf(field, 'aliases'),
    });
  });
  return views;
}

/** Options of {@link canonicalForm}. */
export interface CanonicalOptions {
  /** Keep `doc` attributes (a docs-only edit is then a change). Default false. */
  docs?: boolean;
}

const droppedWithoutDocs: ReadonlySet<string> = new Set(['doc']);
const droppedAlways: ReadonlySet<string> = new Set(['namespace']);

/**
 * The type at `json` as one canonical JSON value: names fully qualified, references expanded where a
 * type is first met (its full name afterwards), object keys sorted, `namespace` folded into names and,
 * unless `docs` is set, `doc` attributes left out. Two versions with equal canonical forms mean the
 * same thing to every reader and writer.
 */
export function canonicalType(
  document: SchemaDocument,
  json: Json,
  enclosing: string,
  options: CanonicalOptions = {},
  seen: Set<string> = new Set(),
): Json {
  const dropped = (key: string) => droppedAlways.has(key) || (!options.docs && droppedWithoutDocs.has(key));
  const resolved = resolveType(document, json, enclosing);
  const attributesOf = (object: JsonObject, skip: readonly string[]): JsonObject => {
    const result: JsonObject = {};
    for (const key of Object.keys(object).sort()) {
      if (dropped(key) || skip.includes(key)) continue;
      result[key] = object[key] as Json;
    }
    return result;
  };
  switch (resolved.kind) {
    case 'primitive': {
      if (resolved.attributes === undefined) return resolved.type;
      const attributes = attributesOf(resolved.attributes, ['type']);
      return Object.keys(attributes).length === 0 ? resolved.type : { type: resolved.type, ...attributes };
    }
    case 'record':
    case 'enum':
    case 'fixed': {
      if (seen.has(resolved.fullName)) return resolved.fullName;
      seen.add(resolved.fullName);
      const canonical: JsonObject = {
        ...attributesOf(resolved.schema, ['name', 'fields', 'aliases']),
        name: resolved.fullName,
      };
      if (resolved.aliases.length > 0) canonical.aliases = [...resolved.aliases].sort();
      if (resolved.kind === 'record') {
        canonical.fields = fieldsOf(resolved).map((field) => ({
          ...attributesOf(field.schema, ['type']),
          type: canonicalType(document, field.type, resolved.namespace, options, seen),
        }));
      }
      return canonical;
    }
    case 'array':
      return {
        ...attributesOf(resolved.schema, ['items']),
        items: canonicalType(document, resolved.items, resolved.namespace, options, seen),
      };
    case 'map':
      return {
        ...attributesOf(resolved.schema, ['values']),
        values: canonicalType(document, resolved.values, resolved.namespace, options, seen),
      };
    case 'union':
      return resolved.branches.map((branch) =>
        canonicalType(document, branch, resolved.namespace, options, seen),
      );
    case 'unknown':
      return resolved.json;
  }
}

/** {@link canonicalType} of the whole document, as text: equal text, equal meaning. */
export function canonicalForm(document: SchemaDocument, options: CanonicalOptions = {}): string {
  return stableStringify(canonicalType(document, document.root, '', options));
}

/** `JSON.stringify` with object keys sorted at every level, so equal values give equal text. */
export function stableStringify(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify(value[key] as Json)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short, human description of a type for messages: `long (timestamp-millis)`, `record \`Money\``, `["null", string]`. */
export function describeType(document: SchemaDocument, json: Json, enclosing: string): string {
  const resolved = resolveType(document, json, enclosing);
  switch (resolved.kind) {
    case 'primitive':
      return resolved.logicalType === undefined
        ? resolved.type
        : `${resolved.type} (${resolved.logicalType})`;
    case 'record':
    case 'enum':
    case 'fixed':
      return `${resolved.kind} \`${resolved.fullName}\``;
    case 'array':
      return `array of ${describeType(document, resolved.items, resolved.namespace)}`;
    case 'map':
      return `map of ${describeType(document, resolved.values, resolved.namespace)}`;
    case 'union':
      return `[${resolved.branches.map((branch) => describeType(document, branch, resolved.namespace)).join(', ')}]`;
    case 'unknown':
      return typeof resolved.json === 'string' ? resolved.json : 'an unknown type';
  }
}

/** A field found by dotted path, with its JSON pointer and the namespace its type is written in. */
export interface LocatedField {
  field: FieldView;
  /** Pointer of the field object (`/fields/3`, `/fields/1/type/fields/0`). */
  pointer: string;
  /** The namespace short names in the field's type resolve in. */
  namespace: string;
}

/**
 * The field at a dotted path (`customer.id`) from the top-level record, stepping into nested records
 * (also through a union of `null` and one record); `undefined` when there is no such field.
 */
export function fieldAtPath(document: SchemaDocument, path: string): LocatedField | undefined {
  let type = rootType(document);
  let pointer = '';
  let found: LocatedField | undefined;
  for (const name of path.split('.')) {
    if (type.kind === 'union') {
      const branches = type.branches
        .map((branch, index) => ({
          index,
          resolved: resolveType(document, branch, (type as { namespace: string }).namespace),
        }))
        .filter((branch) => !(branch.resolved.kind === 'primitive' && branch.resolved.type === 'null'));
      const only = branches.length === 1 ? branches[0] : undefined;
      if (only === undefined) return undefined;
      pointer = `${pointer}/${only.index}`;
      type = only.resolved;
    }
    if (type.kind !== 'record') return undefined;
    const field = fieldsOf(type).find((candidate) => candidate.name === name);
    if (field === undefined) return undefined;
    found = { field, pointer: `${pointer}/fields/${field.index}`, namespace: type.namespace };
    pointer = `${found.pointer}/type`;
    type = resolveType(document, field.type, type.namespace);
  }
  return found;
}
