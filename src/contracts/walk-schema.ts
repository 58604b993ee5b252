/**
 * A schema walker for lint rules and the loader: visits every named type, field, union, array, map,
 * primitive and type reference of an Avro schema document, with the JSON pointer of each node, its
 * dotted field path and its enclosing namespace. Iterative (an explicit stack, no recursion), so a
 * 10,000-deep schema cannot overflow the call stack. Tolerant: a malformed node is passed to
 * `onInvalid` and not descended into; the walker never throws on any JSON. Pure.
 */

import type { PrimitiveTypeName } from './avro-names.ts';
import { fullNameOf, isPrimitiveTypeName, referenceCandidates } from './avro-names.ts';
import { appendPointer } from './json-positions.ts';
import type { Json } from './model.ts';

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** Where a node sits: its JSON pointer, dotted field path (`''` at the top) and enclosing namespace. */
export interface SchemaPlace {
  pointer: string;
  /**
   * Dotted names of the record fields leading to the node (`customer.address.street`). Unions,
   * arrays and maps add nothing: a field's path is the same whichever branch or item holds it.
   */
  fieldPath: string;
  /** The namespace a short name written at this node is qualified with (`''` = null namespace). */
  namespace: string;
}

/** What every named type (record, error, enum, fixed) exposes. */
export interface NamedTypeNode {
  /** The schema object as written. */
  schema: JsonObject;
  /** The `name` attribute, when it is a string. */
  name: string | undefined;
  /** The full name per the spec (`name` qualified with its namespace); `undefined` without a name. */
  fullName: string | undefined;
  /** The namespace of this type itself (its children's enclosing namespace). */
  namespace: string;
  doc: string | undefined;
  /** The `aliases` attribute's strings, as written. */
  aliases: string[];
  /** The `logicalType` attribute, when it is a string. */
  logicalType: string | undefined;
}

/** A record (or an `error`, which has the same shape). */
export interface RecordNode extends NamedTypeNode {
  kind: 'record' | 'error';
  /** The `fields` attribute when it is an array, else `[]`. */
  fields: Json[];
}

/** One field of a record. */
export interface FieldNode {
  /** The field object as written. */
  schema: JsonObject;
  /** Position of the field in its record's `fields`. */
  index: number;
  name: string | undefined;
  /** The field's type JSON; `undefined` when the field has no `type`. */
  type: Json | undefined;
  /** True when the field declares a `default` (even `null`). */
  hasDefault: boolean;
  /** The default as written; check `hasDefault` to tell a `null` default from none. */
  default: Json | undefined;
  doc: string | undefined;
  aliases: string[];
  /** The `order` attribute when it is a string. */
  order: string | undefined;
}

/** An enum type. */
export interface EnumNode extends NamedTypeNode {
  kind: 'enum';
  /** The `symbols` attribute when it is an array (items as written). */
  symbols: Json[];
  /** The `default` symbol when it is a string. */
  default: string | undefined;
}

/** A fixed type. */
export interface FixedNode extends NamedTypeNode {
  kind: 'fixed';
  /** The `size` attribute as written. */
  size: Json | undefined;
}

/** A union: the JSON array of branches. */
export interface UnionNode {
  branches: Json[];
}

/** An array type. */
export interface ArrayNode {
  schema: JsonObject;
  items: Json | undefined;
  logicalType: string | undefined;
}

/** A map type. */
export interface MapNode {
  schema: JsonObject;
  values: Json | undefined;
  logicalType: string | undefined;
}

/** A primitive type, written as a bare name (`"long"`) or as an object (`{"type": "long", ...}`). */
export interface PrimitiveNode {
  /** The schema as written: a string or an object. */
  schema: Json;
  type: PrimitiveTypeName;
  /** The `logicalType` attribute of the object form. */
  logicalType: string | undefined;
}

/** A type given by name that is not a primitive: a reference to a named type. */
export interface ReferenceNode {
  /** The name as written. */
  name: string;
  /** The candidate full names, most specific first (see `referenceCandidates`). */
  candidates: string[];
}

/** A node whose type is missing or not an Avro type at all. */
export interface InvalidNode {
  schema: Json;
  /** Why the walker could not classify it. */
  reason: string;
}

/**
 * What a node callback returns: `false` skips the node's children; anything else descends. `void`
 * is part of it on purpose, so that a callback whose body is a call to a void function type-checks.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing must be accepted.
export type VisitResult = boolean | undefined | void;

/**
 * Callbacks for {@link walkSchema}. Every callback is optional; a node callback returning `false`
 * skips that node's children (for a record: its fields; for a field: its type).
 */
export interface SchemaVisitor {
  onRecord?(record: RecordNode, pointer: string, fieldPath: string, place: SchemaPlace): VisitResult;
  onField?(
    field: FieldNode,
    pointer: string,
    fieldPath: string,
    parentRecord: RecordNode,
    place: SchemaPlace,
  ): VisitResult;
  onEnum?(enumType: EnumNode, pointer: string, fieldPath: string, place: SchemaPlace): void;
  onFixed?(fixed: FixedNode, pointer: string, fieldPath: string, place: SchemaPlace): void;
  onUnion?(union: UnionNode, pointer: string, fieldPath: string, place: SchemaPlace): VisitResult;
  onArray?(array: ArrayNode, pointer: string, fieldPath: string, place: SchemaPlace): VisitResult;
  onMap?(map: MapNode, pointer: string, fieldPath: string, place: SchemaPlace): VisitResult;
  onPrimitive?(primitive: PrimitiveNode, pointer: string, fieldPath: string, place: SchemaPlace): void;
  /** Any type node carrying a string `logicalType` (primitive, fixed, or other), after its own callback. */
  onLogical?(
    logical: { logicalType: string; schema: JsonObject },
    pointer: string,
    fieldPath: string,
    place: SchemaPlace,
  ): void;
  onReference?(reference: ReferenceNode, pointer: string, fieldPath: string, place: SchemaPlace): void;
  onInvalid?(invalid: InvalidNode, pointer: string, fieldPath: string, place: SchemaPlace): void;
}

/** Options for {@link walkSchema}. */
export interface WalkOptions {
  /** Namespace enclosing the top-level schema (`''` = null namespace). */
  namespace?: string;
  /** Pointer of `schema` inside its document, when walking a sub-schema. */
  pointer?: string;
  /** Field path of `schema`, when walking a sub-schema. */
  fieldPath?: string;
}

type Work =
  | { kind: 'type'; schema: Json; place: SchemaPlace }
  | { kind: 'field'; schema: Json; index: number; parent: RecordNode; place: SchemaPlace };

/** True when `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringAttribute(object: JsonObject, key: string): string | undefined {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function stringsAttribute(object: JsonObject, key: string): string[] {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function attribute(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function joinPath(fieldPath: string, name: string): string {
  return fieldPath === '' ? name : `${fieldPath}.${name}`;
}

function namedNode(schema: JsonObject, enclosing: string): NamedTypeNode {
  const name = stringAttribute(schema, 'name');
  const namespaceAttribute = stringAttribute(schema, 'namespace');
  const fullName = name === undefined ? undefined : fullNameOf(name, namespaceAttribute, enclosing);
  let namespace = enclosing;
  if (fullName !== undefined) {
    const dot = fullName.lastIndexOf('.');
    namespace = dot < 0 ? '' : fullName.slice(0, dot);
  } else if (namespaceAttribute !== undefined) namespace = namespaceAttribute;
  return {
    schema,
    name,
    fullName,
    namespace,
    doc: stringAttribute(schema, 'doc'),
    aliases: stringsAttribute(schema, 'aliases'),
    logicalType: stringAttribute(schema, 'logicalType'),
  };
}

/** Visits every node of `schema` in document order (depth first), iteratively. */
export function walkSchema(schema: Json, visitor: SchemaVisitor, options: WalkOptions = {}): void {
  const stack: Work[] = [
    {
      kind: 'type',
      schema,
      place: {
        pointer: options.pointer ?? '',
        fieldPath: options.fieldPath ?? '',
        namespace: options.namespace ?? '',
      },
    },
  ];
  while (stack.length > 0) {
    const work = stack.pop()!;
    if (work.kind === 'field') visitField(work, visitor, stack);
    else visitType(work.schema, work.place, visitor, stack);
  }
}

function visitField(work: Extract<Work, { kind: 'field' }>, visitor: SchemaVisitor, stack: Work[]): void {
  const { schema, place, parent, index } = work;
  if (!isJsonObject(schema)) {
    visitor.onInvalid?.(
      { schema, reason: 'a field must be a JSON object' },
      place.pointer,
      place.fieldPath,
      place,
    );
    return;
  }
  const name = stringAttribute(schema, 'name');
  const field: FieldNode = {
    schema,
    index,
    name,
    type: attribute(schema, 'type'),
    hasDefault: Object.hasOwn(schema, 'default'),
    default: attribute(schema, 'default'),
    doc: stringAttribute(schema, 'doc'),
    aliases: stringsAttribute(schema, 'aliases'),
    order: stringAttribute(schema, 'order'),
  };
  const fieldPlace: SchemaPlace = { ...place, fieldPath: joinPath(place.fieldPath, name ?? `#${index}`) };
  if (visitor.onField?.(field, place.pointer, fieldPlace.fieldPath, parent, fieldPlace) === false) return;
  if (field.type === undefined) return;
  stack.push({
    kind: 'type',
    schema: field.type,
    place: { ...fieldPlace, pointer: appendPointer(place.pointer, 'type') },
  });
}

function visitType(schema: Json, place: SchemaPlace, visitor: SchemaVisitor, stack: Work[]): void {
  const { pointer, fieldPath, namespace } = place;
  if (typeof schema === 'string') {
    if (isPrimitiveTypeName(schema)) {
      visitor.onPrimitive?.({ schema, type: schema, logicalType: undefined }, pointer, fieldPath, place);
    } else {
      visitor.onReference?.(
        { name: schema, candidates: referenceCandidates(schema, namespace) },
        pointer,
        fieldPath,
        place,
      );
    }
    return;
  }
  if (Array.isArray(schema)) {
    if (visitor.onUnion?.({ branches: schema }, pointer, fieldPath, place) === false) return;
    for (let i = schema.length - 1; i >= 0; i--) {
      stack.push({
        kind: 'type',
        schema: schema[i]!,
        place: { ...place, pointer: appendPointer(pointer, i) },
      });
    }
    return;
  }
  if (!isJsonObject(schema)) {
    visitor.onInvalid?.(
      { schema, reason: 'a type must be a name, a JSON object or a union array' },
      pointer,
      fieldPath,
      place,
    );
    return;
  }
  const type = attribute(schema, 'type');
  const logicalType = stringAttribute(schema, 'logicalType');
  const reportLogical = (): void => {
    if (logicalType !== undefined) visitor.onLogical?.({ logicalType, schema }, pointer, fieldPath, place);
  };
  if (type === undefined) {
    visitor.onInvalid?.({ schema, reason: 'the schema object has no "type"' }, pointer, fieldPath, place);
    return;
  }
  if (typeof type !== 'string') {
    // `{"type": {"type": "int"}}` wraps a schema in a schema: neither avsc nor Avro Java parses it.
    visitor.onInvalid?.(
      { schema, reason: 'the "type" of a schema object must be a type name' },
      pointer,
      fieldPath,
      place,
    );
    return;
  }
  switch (type) {
    case 'record':
    case 'error': {
      const fields = attribute(schema, 'fields');
      const record: RecordNode = {
        ...namedNode(schema, namespace),
        kind: type,
        fields: Array.isArray(fields) ? fields : [],
      };
      const recordPlace: SchemaPlace = { ...place, namespace: record.namespace };
      if (visitor.onRecord?.(record, pointer, fieldPath, recordPlace) === false) return;
      reportLogical();
      for (let i = record.fields.length - 1; i >= 0; i--) {
        stack.push({
          kind: 'field',
          schema: record.fields[i]!,
          index: i,
          parent: record,
          place: { ...recordPlace, pointer: appendPointer(pointer, 'fields', i) },
        });
      }
      return;
    }
    case 'enum': {
      const symbols = attribute(schema, 'symbols');
      const enumNode: EnumNode = {
        ...namedNode(schema, namespace),
        kind: 'enum',
        symbols: Array.isArray(symbols) ? symbols : [],
        default: stringAttribute(schema, 'default'),
      };
      visitor.onEnum?.(enumNode, pointer, fieldPath, { ...place, namespace: enumNode.namespace });
      reportLogical();
      return;
    }
    case 'fixed': {
      const fixed: FixedNode = {
        ...namedNode(schema, namespace),
        kind: 'fixed',
        size: attribute(schema, 'size'),
      };
      visitor.onFixed?.(fixed, pointer, fieldPath, { ...place, namespace: fixed.namespace });
      reportLogical();
      return;
    }
    case 'array': {
      const items = attribute(schema, 'items');
      if (visitor.onArray?.({ schema, items, logicalType }, pointer, fieldPath, place) === false) return;
      reportLogical();
      if (items !== undefined)
        stack.push({
          kind: 'type',
          schema: items,
          place: { ...place, pointer: appendPointer(pointer, 'items') },
        });
      return;
    }
    case 'map': {
      const values = attribute(schema, 'values');
      if (visitor.onMap?.({ schema, values, logicalType }, pointer, fieldPath, place) === false) return;
      reportLogical();
      if (values !== undefined)
        stack.push({
          kind: 'type',
          schema: values,
          place: { ...place, pointer: appendPointer(pointer, 'values') },
        });
      return;
    }
    default:
      if (isPrimitiveTypeName(type)) {
        visitor.onPrimitive?.({ schema, type, logicalType }, pointer, fieldPath, place);
        reportLogical();
        return;
      }
      // `{"type": "com.acme.Money"}` refers to a named type, as a bare string would.
      visitor.onReference?.(
        { name: type, candidates: referenceCandidates(type, namespace) },
        appendPointer(pointer, 'type'),
        fieldPath,
        place,
      );
  }
}
