/**
 * Structural Avro checks that know where the problem is. avsc's errors carry no position, so the
 * loader runs these first: each problem comes with the JSON pointer of the offending value. The
 * checks follow the Avro 1.11 specification (names, fields, enums, fixed, unions, defaults). Pure.
 */
import {
  isPrimitiveTypeName,
  isValidFullName,
  isValidNamespace,
  isValidSimpleName,
  namespaceOf,
  primitiveTypeNames,
  shortNameOf,
} from './avro-names.ts';
import { closestMatch } from './closest-match.ts';
import { appendPointer } from './json-positions.ts';
import type { Json } from './model.ts';
import type { JsonObject, NamedTypeNode } from './walk-schema.ts';
import { isJsonObject, walkSchema } from './walk-schema.ts';

/** A named type (record, error, enum, fixed) defined somewhere in a schema document. */
export interface NamedDefinition {
  fullName: string;
  kind: 'record' | 'error' | 'enum' | 'fixed';
  /** Pointer of the type's schema object. */
  pointer: string;
  /** The type's schema object as written. */
  schema: JsonObject;
  /** The type's own namespace, which qualifies short names written inside it. */
  namespace: string;
}

/** A problem found by the structural checks, located by JSON pointer. */
export interface SchemaProblem {
  ruleId: 'contract/invalid-avro' | 'contract/unresolved-reference';
  messageId: string;
  message: string;
  pointer: string;
  /** Dotted path of the field concerned, when the problem is inside a field. */
  fieldPath?: string;
  data?: Record<string, string | number | boolean>;
  help?: string;
}

/** A type name used in the document that is not defined by the document itself. */
export interface ExternalReference {
  /** The name as written. */
  name: string;
  /** The full name it resolved to (or, unresolved, its most specific candidate). */
  fullName: string;
  pointer: string;
  resolved: boolean;
}

/** Finds a named type by full name (this document's first, then other files'). */
export type DefinitionLookup = (fullName: string) => NamedDefinition | undefined;

/** Every named type a document defines, in document order, and names it defines twice. */
export function collectDefinitions(schema: Json): {
  definitions: NamedDefinition[];
  problems: SchemaProblem[];
} {
  const definitions: NamedDefinition[] = [];
  const problems: SchemaProblem[] = [];
  const seen = new Map<string, NamedDefinition>();
  const add = (node: NamedTypeNode, kind: NamedDefinition['kind'], pointer: string): void => {
    if (node.fullName === undefined || !isValidFullName(node.fullName) || isPrimitiveTypeName(node.fullName))
      return;
    const definition: NamedDefinition = {
      fullName: node.fullName,
      kind,
      pointer,
      schema: node.schema,
      namespace: node.namespace,
    };
    if (seen.has(node.fullName)) {
      problems.push({
        ruleId: 'contract/invalid-avro',
        messageId: 'duplicate-type-name',
        message: `The type ${node.fullName} is defined twice in this file; define it once and refer to it by name.`,
        pointer: appendPointer(pointer, 'name'),
        data: { name: node.fullName },
      });
      return;
    }
    seen.set(node.fullName, definition);
    definitions.push(definition);
  };
  walkSchema(schema, {
    onRecord: (record, pointer) => add(record, record.kind, pointer),
    onEnum: (enumType, pointer) => add(enumType, 'enum', pointer),
    onFixed: (fixed, pointer) => add(fixed, 'fixed', pointer),
  });
  return { definitions, problems };
}

/** Common misspellings of primitive names, so `"integer"` gets a useful suggestion. */
const primitiveSynonyms: Readonly<Record<string, string>> = {
  integer: 'int',
  short: 'int',
  bool: 'boolean',
  str: 'string',
  text: 'string',
  number: 'double',
  byte: 'bytes',
  binary: 'bytes',
};

/** `The record com.acme.X` when the name is known, else `This record`. */
function label(kind: string, name: string | undefined): string {
  return name === undefined ? `This ${kind}` : `The ${kind} ${name}`;
}

function describe(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${String(value)}`;
}

/**
 * Checks a schema document's structure. `lookup` resolves named types (including this document's
 * own definitions); `topLevelRecord` demands that the document's top level be a named record, as a
 * contract's must.
 */
export function checkSchema(
  schema: Json,
  lookup: DefinitionLookup,
  options: {
    topLevelRecord?: boolean;
    /** Names this document defines: a reference to one of them must come after its definition. */
    definedHere?: ReadonlySet<string>;
  } = {},
): { problems: SchemaProblem[]; references: ExternalReference[] } {
  const problems: SchemaProblem[] = [];
  const references: ExternalReference[] = [];
  const invalid = (
    messageId: string,
    message: string,
    pointer: string,
    extras: Pick<SchemaProblem, 'fieldPath' | 'data' | 'help'> = {},
  ): void => {
    problems.push({ ruleId: 'contract/invalid-avro', messageId, message, pointer, ...extras });
  };

  if (options.topLevelRecord) {
    const type = isJsonObject(schema) ? schema.type : undefined;
    if (!(isJsonObject(schema) && (type === 'record' || type === 'error'))) {
      const found = isJsonObject(schema)
        ? typeof type === 'string'
          ? `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`
          : 'an object without a string "type"'
        : typeof schema === 'string'
          ? `the type name ${JSON.stringify(schema)}`
          : Array.isArray(schema)
            ? 'a union'
            : describe(schema);
      invalid(
        'top-level-not-record',
        `A contract's top level must be a named record (an event), but this file holds ${found}.`,
        '',
        {
          help: 'Wrap the schema in {"type": "record", "name": "...", "namespace": "...", "fields": [...]}.',
        },
      );
    }
  }

  const checkName = (node: NamedTypeNode, kind: string, pointer: string, fieldPath: string): void => {
    const namePointer = appendPointer(pointer, 'name');
    const rawName = node.schema.name;
    if (rawName === undefined) {
      invalid('missing-name', `This ${kind} has no "name"; every ${kind} must be named.`, pointer, {
        fieldPath,
      });
    } else if (typeof rawName !== 'string') {
      invalid('invalid-name', `The ${kind} name must be a string, not ${describe(rawName)}.`, namePointer, {
        fieldPath,
      });
    } else if (!isValidFullName(rawName)) {
      invalid(
        'invalid-name',
        `${JSON.stringify(rawName)} is not a valid Avro name: names start with a letter or underscore and contain only letters, digits and underscores (dots separate namespace parts).`,
        namePointer,
        { fieldPath, data: { name: rawName } },
      );
    } else if (isPrimitiveTypeName(shortNameOf(rawName))) {
      invalid(
        'invalid-name',
        `A ${kind} cannot be named ${JSON.stringify(rawName)}: that is a primitive type.`,
        namePointer,
        {
          fieldPath,
        },
      );
    }
    const namespace = node.schema.namespace;
    if (
      namespace !== undefined &&
      namespace !== null &&
      (typeof namespace !== 'string' || !isValidNamespace(namespace))
    ) {
      invalid(
        'invalid-namespace',
        `${JSON.stringify(namespace)} is not a valid Avro namespace: dotted names made of letters, digits and underscores.`,
        appendPointer(pointer, 'namespace'),
        { fieldPath },
      );
    }
    const aliases = node.schema.aliases;
    if (aliases !== undefined) {
      if (!Array.isArray(aliases)) {
        invalid(
          'invalid-aliases',
          'The "aliases" attribute must be an array of names.',
          appendPointer(pointer, 'aliases'),
          { fieldPath },
        );
      } else {
        aliases.forEach((alias, index) => {
          if (typeof alias !== 'string' || !isValidFullName(alias)) {
            invalid(
              'invalid-name',
              `The alias ${JSON.stringify(alias)} is not a valid Avro name.`,
              appendPointer(pointer, 'aliases', index),
              {
                fieldPath,
              },
            );
          }
        });
      }
    }
  };

  const resolve = (candidates: string[]): NamedDefinition | undefined => {
    for (const candidate of candidates) {
      const definition = lookup(candidate);
      if (definition) return definition;
    }
    return undefined;
  };

  // Named types seen so far in document order: Avro parsers define a type when they reach it.
  const definedSoFar = new Set<string>();
  const define = (node: NamedTypeNode): void => {
    if (node.fullName !== undefined) definedSoFar.add(node.fullName);
  };

  const checkReference = (
    name: string,
    candidates: string[],
    pointer: string,
    fieldPath: string,
    objectForm: boolean,
  ): void => {
    const definition = resolve(candidates);
    if (
      definition &&
      options.definedHere?.has(definition.fullName) &&
      !definedSoFar.has(definition.fullName)
    ) {
      invalid(
        'used-before-defined',
        `The type ${definition.fullName} is used before it is defined; Avro parsers read a schema in order, so define it at its first use.`,
        pointer,
        { fieldPath, data: { name: definition.fullName } },
      );
      return;
    }
    if (definition && objectForm) {
      invalid(
        'named-type-object',
        `Refer to the named type ${definition.fullName} by its name alone (${JSON.stringify(name)}), not as {"type": ${JSON.stringify(name)}}.`,
        pointer,
        { fieldPath, data: { name: definition.fullName } },
      );
      return;
    }
    if (definition) {
      references.push({ name, fullName: definition.fullName, pointer, resolved: true });
      return;
    }
    const guess =
      primitiveSynonyms[name.toLowerCase()] ??
      (name.includes('.') ? undefined : closestMatch(name.toLowerCase(), primitiveTypeNames, 2));
    if (guess !== undefined) {
      invalid('unknown-type', `Unknown type ${JSON.stringify(name)}; did you mean "${guess}"?`, pointer, {
        fieldPath,
        data: { name, suggestion: guess },
      });
      return;
    }
    if (!isValidFullName(name)) {
      invalid(
        'unknown-type',
        `${JSON.stringify(name)} is not a type: not a primitive, and not a valid name of a named type.`,
        pointer,
        {
          fieldPath,
          data: { name },
        },
      );
      return;
    }
    references.push({ name, fullName: candidates[0] ?? name, pointer, resolved: false });
    problems.push({
      ruleId: 'contract/unresolved-reference',
      messageId: 'unresolved',
      message: `The type ${candidates[0] ?? name} is not defined in this file or any other contract file.`,
      pointer,
      fieldPath,
      data: { name: candidates[0] ?? name },
      help: 'Define the named type (in this file or another .avsc file), or fix the name or namespace.',
    });
  };

  walkSchema(schema, {
    onRecord: (record, pointer, fieldPath) => {
      define(record);
      checkName(record, record.kind, pointer, fieldPath);
      const fields = record.schema.fields;
      if (!Array.isArray(fields)) {
        invalid(
          'invalid-fields',
          fields === undefined
            ? `${label('record', record.fullName)} has no "fields" array.`
            : `The "fields" of a record must be an array, not ${describe(fields)}.`,
          fields === undefined ? pointer : appendPointer(pointer, 'fields'),
          { fieldPath },
        );
        return;
      }
      const firstIndex = new Map<string, number>();
      fields.forEach((field, index) => {
        const name = isJsonObject(field) ? field.name : undefined;
        if (typeof name !== 'string') return;
        const first = firstIndex.get(name);
        if (first === undefined) firstIndex.set(name, index);
        else {
          invalid(
            'duplicate-field',
            `${label('record', record.fullName)} has two fields named ${JSON.stringify(name)} (fields ${first} and ${index}).`,
            appendPointer(pointer, 'fields', index, 'name'),
            { fieldPath: fieldPath === '' ? name : `${fieldPath}.${name}`, data: { field: name } },
          );
        }
      });
      return undefined;
    },
    onField: (field, pointer, fieldPath, _parent, place) => {
      const name = field.schema.name;
      if (name === undefined) {
        invalid('missing-field-name', 'This field has no "name".', pointer, { fieldPath });
      } else if (typeof name !== 'string' || !isValidSimpleName(name)) {
        invalid(
          'invalid-name',
          `${JSON.stringify(name)} is not a valid field name: it must start with a letter or underscore and contain only letters, digits and underscores.`,
          appendPointer(pointer, 'name'),
          { fieldPath },
        );
      }
      if (field.type === undefined) {
        invalid(
          'missing-field-type',
          `${label('field', typeof name === 'string' ? name : undefined)} has no "type".`,
          pointer,
          {
            fieldPath,
          },
        );
        return undefined;
      }
      if (
        field.schema.order !== undefined &&
        !['ascending', 'descending', 'ignore'].includes(String(field.schema.order))
      ) {
        invalid(
          'invalid-order',
          'The "order" of a field must be "ascending", "descending" or "ignore".',
          appendPointer(pointer, 'order'),
          {
            fieldPath,
          },
        );
      }
      if (field.hasDefault) {
        const mismatch = defaultMismatch(field.type, field.default ?? null, place.namespace, lookup);
        if (mismatch !== undefined) {
          invalid(
            'invalid-default',
            `The default of field ${fieldPath} does not match its type: ${mismatch}.`,
            appendPointer(pointer, 'default'),
            { fieldPath, data: { field: fieldPath } },
          );
        }
      }
      return undefined;
    },
    onEnum: (enumType, pointer, fieldPath) => {
      define(enumType);
      checkName(enumType, 'enum', pointer, fieldPath);
      const symbols = enumType.schema.symbols;
      if (!Array.isArray(symbols)) {
        invalid(
          'invalid-symbols',
          symbols === undefined
            ? 'This enum has no "symbols" array.'
            : 'The "symbols" of an enum must be an array of names.',
          symbols === undefined ? pointer : appendPointer(pointer, 'symbols'),
          { fieldPath },
        );
        return;
      }
      if (symbols.length === 0) {
        invalid(
          'invalid-symbols',
          `${label('enum', enumType.fullName)} has no symbols.`,
          appendPointer(pointer, 'symbols'),
          {
            fieldPath,
          },
        );
      }
      const firstIndex = new Map<string, number>();
      symbols.forEach((symbol, index) => {
        const symbolPointer = appendPointer(pointer, 'symbols', index);
        if (typeof symbol !== 'string' || !isValidSimpleName(symbol)) {
          invalid(
            'invalid-symbol',
            `${JSON.stringify(symbol)} is not a valid enum symbol: it must match [A-Za-z_][A-Za-z0-9_]*.`,
            symbolPointer,
            {
              fieldPath,
            },
          );
          return;
        }
        const first = firstIndex.get(symbol);
        if (first === undefined) firstIndex.set(symbol, index);
        else
          invalid(
            'duplicate-symbol',
            `${label('enum', enumType.fullName)} lists the symbol ${symbol} twice.`,
            symbolPointer,
            {
              fieldPath,
              data: { symbol },
            },
          );
      });
      const enumDefault = enumType.schema.default;
      if (enumDefault !== undefined && (typeof enumDefault !== 'string' || !firstIndex.has(enumDefault))) {
        invalid(
          'invalid-enum-default',
          `The enum default ${JSON.stringify(enumDefault)} is not one of its symbols.`,
          appendPointer(pointer, 'default'),
          {
            fieldPath,
          },
        );
      }
    },
    onFixed: (fixed, pointer, fieldPath) => {
      define(fixed);
      checkName(fixed, 'fixed', pointer, fieldPath);
      if (fixed.size === undefined) {
        invalid('missing-size', `${label('fixed type', fixed.fullName)} has no "size".`, pointer, {
          fieldPath,
        });
      } else if (typeof fixed.size !== 'number' || !Number.isInteger(fixed.size) || fixed.size < 0) {
        invalid(
          'invalid-size',
          `The "size" of a fixed type must be a non-negative integer, not ${describe(fixed.size)}.`,
          appendPointer(pointer, 'size'),
          {
            fieldPath,
          },
        );
      }
    },
    onUnion: (union, pointer, fieldPath, place) => {
      if (union.branches.length === 0)
        invalid('empty-union', 'This union has no branches.', pointer, { fieldPath });
      const seen = new Map<string, number>();
      union.branches.forEach((branch, index) => {
        const branchPointer = appendPointer(pointer, index);
        if (Array.isArray(branch)) {
          invalid('nested-union', 'A union may not directly contain another union.', branchPointer, {
            fieldPath,
          });
          return;
        }
        const key = unionBranchKey(branch, place.namespace, lookup);
        if (key === undefined) return;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else
          invalid(
            'duplicate-union-branch',
            `This union has two branches of type ${key} (branches ${first} and ${index}).`,
            branchPointer,
            {
              fieldPath,
              data: { type: key },
            },
          );
      });
      return undefined;
    },
    onArray: (array, pointer, fieldPath) => {
      if (array.items === undefined)
        invalid('missing-items', 'This array type has no "items".', pointer, { fieldPath });
      return undefined;
    },
    onMap: (map, pointer, fieldPath) => {
      if (map.values === undefined)
        invalid('missing-values', 'This map type has no "values".', pointer, { fieldPath });
      return undefined;
    },
    onReference: (reference, pointer, fieldPath, place) =>
      checkReference(reference.name, reference.candidates, pointer, fieldPath, place.pointer !== pointer),
    onInvalid: (node, pointer, fieldPath) => {
      const type = isJsonObject(node.schema) ? node.schema.type : undefined;
      if (node.schema === null) {
        invalid('invalid-type', 'null is not a type (did you mean the string "null"?).', pointer, {
          fieldPath,
        });
      } else if (isJsonObject(node.schema) && type === undefined) {
        invalid('missing-type', 'This schema object has no "type".', pointer, { fieldPath });
      } else {
        invalid('invalid-type', `This is not an Avro type: ${node.reason}.`, pointer, { fieldPath });
      }
    },
  });
  return { problems, references };
}

/** The identity of a union branch for the no-duplicates rule: its type name, or its full name. */
function unionBranchKey(branch: Json, namespace: string, lookup: DefinitionLookup): string | undefined {
  if (typeof branch === 'string') {
    if (isPrimitiveTypeName(branch)) return branch;
    for (const candidate of branch.includes('.') || namespace === ''
      ? [branch]
      : [`${namespace}.${branch}`, branch]) {
      if (lookup(candidate)) return candidate;
    }
    return branch.includes('.') || namespace === '' ? branch : `${namespace}.${branch}`;
  }
  if (!isJsonObject(branch)) return undefined;
  const type = branch.type;
  if (typeof type !== 'string') return undefined;
  if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
    const name = branch.name;
    if (typeof name !== 'string') return undefined;
    const namespaceAttribute = typeof branch.namespace === 'string' ? branch.namespace : undefined;
    if (name.includes('.')) return name;
    const own = namespaceAttribute ?? namespace;
    return own === '' ? name : `${own}.${name}`;
  }
  return type;
}

const int32Min = -(2 ** 31);
const int32Max = 2 ** 31 - 1;

function isByteString(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0xff) return false;
  return true;
}

/**
 * Why `value` is not a valid default for `type` (per the spec's default-value encoding), or
 * `undefined` when it is. Unresolvable references are not judged here: they are reported as such.
 * The recursion follows the value, which is at most `maxJsonDepth` deep.
 * @internal
 */
export function defaultMismatch(
  type: Json,
  value: Json,
  namespace: string,
  lookup: DefinitionLookup,
): string | undefined {
  if (typeof type === 'string') {
    if (isPrimitiveTypeName(type)) return primitiveMismatch(type, value);
    const candidates = type.includes('.') || namespace === '' ? [type] : [`${namespace}.${type}`, type];
    for (const candidate of candidates) {
      const definition = lookup(candidate);
      if (definition) return defaultMismatch(definition.schema, value, definition.namespace, lookup);
    }
    return undefined;
  }
  if (Array.isArray(type)) {
    const first = type[0];
    if (first === undefined) return 'an empty union has no valid default';
    const mismatch = defaultMismatch(first, value, namespace, lookup);
    if (mismatch === undefined) return undefined;
    return `a union's default must match its first branch (${branchLabel(first)}), and ${mismatch}`;
  }
  if (!isJsonObject(type)) return undefined;
  const kind = type.type;
  if (typeof kind !== 'string')
    return kind === undefined ? undefined : defaultMismatch(kind, value, namespace, lookup);
  if (isPrimitiveTypeName(kind)) return primitiveMismatch(kind, value);
  const ownNamespace =
    typeof type.name === 'string'
      ? type.name.includes('.')
        ? namespaceOf(type.name)
        : typeof type.namespace === 'string'
          ? type.namespace
          : namespace
      : namespace;
  switch (kind) {
    case 'record':
    case 'error': {
      if (!isJsonObject(value)) return `a record default must be an object, not ${describe(value)}`;
      const fields = Array.isArray(type.fields) ? type.fields : [];
      for (const field of fields) {
        if (!isJsonObject(field) || typeof field.name !== 'string' || field.type === undefined) continue;
        if (Object.hasOwn(value, field.name)) {
          const mismatch = defaultMismatch(field.type, value[field.name]!, ownNamespace, lookup);
          if (mismatch !== undefined) return `in field ${field.name}, ${mismatch}`;
        } else if (!Object.hasOwn(field, 'default')) {
          return `the record default has no value for field ${field.name}, which has no default of its own`;
        }
      }
      return undefined;
    }
    case 'enum': {
      const symbols = Array.isArray(type.symbols) ? type.symbols : [];
      if (typeof value !== 'string')
        return `an enum default must be one of its symbols, not ${describe(value)}`;
      return symbols.includes(value) ? undefined : `${JSON.stringify(value)} is not a symbol of the enum`;
    }
    case 'fixed': {
      if (typeof value !== 'string' || !isByteString(value))
        return `a fixed default must be a string of bytes (\\u0000-\\u00ff), not ${describe(value)}`;
      return typeof type.size === 'number' && value.length !== type.size
        ? `the fixed type has size ${type.size} but the default has ${value.length} bytes`
        : undefined;
    }
    case 'array': {
      if (!Array.isArray(value)) return `an array default must be an array, not ${describe(value)}`;
      if (type.items === undefined) return undefined;
      for (let i = 0; i < value.length; i++) {
        const mismatch = defaultMismatch(type.items, value[i]!, namespace, lookup);
        if (mismatch !== undefined) return `in item ${i}, ${mismatch}`;
      }
      return undefined;
    }
    case 'map': {
      if (!isJsonObject(value)) return `a map default must be an object, not ${describe(value)}`;
      if (type.values === undefined) return undefined;
      for (const [key, item] of Object.entries(value)) {
        const mismatch = defaultMismatch(type.values, item, namespace, lookup);
        if (mismatch !== undefined) return `in key ${JSON.stringify(key)}, ${mismatch}`;
      }
      return undefined;
    }
    default:
      return defaultMismatch(kind, value, namespace, lookup);
  }
}

function branchLabel(branch: Json): string {
  if (typeof branch === 'string') return branch;
  if (isJsonObject(branch)) {
    if (typeof branch.name === 'string') return branch.name;
    if (typeof branch.type === 'string') return branch.type;
  }
  return 'a type';
}

function primitiveMismatch(type: string, value: Json): string | undefined {
  switch (type) {
    case 'null':
      return value === null ? undefined : `expected null, got ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected a boolean, got ${describe(value)}`;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return `expected an int, got ${describe(value)}`;
      return value < int32Min || value > int32Max ? `${value} is out of the int range` : undefined;
    case 'long':
      return typeof value === 'number' && Number.isInteger(value)
        ? undefined
        : `expected a long, got ${describe(value)}`;
    case 'float':
    case 'double':
      return typeof value === 'number' ? undefined : `expected a number, got ${describe(value)}`;
    case 'bytes':
      return typeof value === 'string' && isByteString(value)
        ? undefined
        : `expected a string of bytes (\\u0000-\\u00ff), got ${describe(value)}`;
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${describe(value)}`;
    default:
      return undefined;
  }
}
