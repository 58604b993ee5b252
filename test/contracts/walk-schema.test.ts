import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendPointer } from '../../src/contracts/json-positions.ts';
import type { Json } from '../../src/contracts/model.ts';
import { walkSchema } from '../../src/contracts/walk-schema.ts';
import { propertyRuns } from '../support/property.ts';

type Schema = Json;

const fieldName = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,6}$/);
const typeName = fc.stringMatching(/^[A-Z][a-zA-Z0-9]{0,6}$/);

/** Generated Avro schemas: records with fields of every kind of type, nested through unions, arrays and maps. */
const schemas = fc.letrec<{ type: Schema; record: Schema }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Schema>('null', 'int', 'long', 'string', 'bytes', {
      type: 'long',
      logicalType: 'timestamp-millis',
    }),
    fc.constant<Schema>('com.acme.Money'),
    tie('record'),
    tie('type').map((items): Schema => ({ type: 'array', items })),
    tie('type').map((values): Schema => ({ type: 'map', values })),
    fc
      .tuple(tie('record'), fc.constantFrom<Schema>('string', 'int'))
      .map(([record, other]): Schema => ['null', record, other]),
    typeName.map((name): Schema => ({ type: 'enum', name, symbols: ['A', 'B'] })),
    typeName.map((name): Schema => ({ type: 'fixed', name, size: 4 })),
  ),
  record: fc.tuple(typeName, fc.uniqueArray(fieldName, { maxLength: 4 })).chain(([name, names]) =>
    fc.tuple(...names.map(() => tie('type'))).map(
      (types): Schema => ({
        type: 'record',
        name,
        fields: names.map((field, index) => ({ name: field, type: types[index]! })),
      }),
    ),
  ),
})).record;

/** The fields of a schema, found by plain recursion (the reference the walker is checked against). */
function expectedFields(schema: Schema, pointer: string, path: string, out: string[]): string[] {
  if (Array.isArray(schema)) {
    schema.forEach((branch, index) => {
      expectedFields(branch, appendPointer(pointer, index), path, out);
    });
  } else if (schema !== null && typeof schema === 'object' && !Array.isArray(schema)) {
    if (schema.type === 'record' && Array.isArray(schema.fields)) {
      schema.fields.forEach((field, index) => {
        const f = field as { name: string; type: Schema };
        const fieldPointer = appendPointer(pointer, 'fields', index);
        const fieldPath = path === '' ? f.name : `${path}.${f.name}`;
        out.push(`${fieldPointer} ${fieldPath}`);
        expectedFields(f.type, appendPointer(fieldPointer, 'type'), fieldPath, out);
      });
    } else if (schema.type === 'array')
      expectedFields(schema.items!, appendPointer(pointer, 'items'), path, out);
    else if (schema.type === 'map')
      expectedFields(schema.values!, appendPointer(pointer, 'values'), path, out);
  }
  return out;
}

describe('walkSchema', () => {
  it('visits every field of generated schemas exactly once, with its pointer and dotted path', () => {
    fc.assert(
      fc.property(schemas, (schema) => {
        const visited: string[] = [];
        walkSchema(schema, {
          onField: (field, pointer, fieldPath, parent) => {
            expect(parent.fields[field.index]).toBe(field.schema);
            visited.push(`${pointer} ${fieldPath}`);
          },
        });
        expect(visited.sort()).toEqual(expectedFields(schema, '', '', []).sort());
      }),
      propertyRuns(300),
    );
  });

  it('exposes field name, type, default presence, doc and aliases', () => {
    const fields: unknown[] = [];
    walkSchema(
      {
        type: 'record',
        name: 'A',
        fields: [
          { name: 'a', type: ['null', 'string'], default: null, doc: 'why', aliases: ['old'] },
          { name: 'b', type: 'int' },
        ],
      },
      {
        onField: (field) => {
          fields.push({
            name: field.name,
            type: field.type,
            hasDefault: field.hasDefault,
            default: field.default,
            doc: field.doc,
            aliases: field.aliases,
          });
        },
      },
    );
    expect(fields).toEqual([
      { name: 'a', type: ['null', 'string'], hasDefault: true, default: null, doc: 'why', aliases: ['old'] },
      { name: 'b', type: 'int', hasDefault: false, default: undefined, doc: undefined, aliases: [] },
    ]);
  });

  // Short names are qualified with the namespace of the nearest enclosing named type (Avro spec).
  it('tracks the enclosing namespace and full names as the Avro spec defines them', () => {
    const seen: string[] = [];
    walkSchema(
      {
        type: 'record',
        name: 'Outer',
        namespace: 'com.a',
        fields: [
          {
            name: 'inner',
            type: { type: 'record', name: 'Inner', namespace: 'com.b', fields: [{ name: 'c', type: 'C' }] },
          },
          { name: 'full', type: { type: 'enum', name: 'x.y.E', symbols: ['A'] } },
          { name: 'd', type: 'D' },
        ],
      },
      {
        onRecord: (record) => {
          seen.push(`record ${record.fullName} ns=${record.namespace}`);
        },
        onEnum: (enumType) => {
          seen.push(`enum ${enumType.fullName}`);
        },
        onReference: (reference, pointer, fieldPath) => {
          seen.push(`ref ${reference.name} ${reference.candidates.join('|')} ${pointer} ${fieldPath}`);
        },
      },
    );
    expect(seen).toEqual([
      'record com.a.Outer ns=com.a',
      'record com.b.Inner ns=com.b',
      'ref C com.b.C|C /fields/0/type/fields/0/type inner.c',
      'enum x.y.E',
      'ref D com.a.D|D /fields/2/type d',
    ]);
  });

  it('reports unions, arrays, maps, primitives, logical types and invalid nodes in document order', () => {
    const seen: string[] = [];
    walkSchema(
      {
        type: 'record',
        name: 'R',
        fields: [
          { name: 'u', type: ['null', { type: 'array', items: { type: 'map', values: 'bytes' } }] },
          { name: 't', type: { type: 'long', logicalType: 'timestamp-micros' } },
          { name: 'bad', type: 42 },
          { name: 'none' },
        ],
      },
      {
        onUnion: (_union, pointer) => {
          seen.push(`union ${pointer}`);
        },
        onArray: (_array, pointer) => {
          seen.push(`array ${pointer}`);
        },
        onMap: (_map, pointer) => {
          seen.push(`map ${pointer}`);
        },
        onPrimitive: (primitive, pointer) => {
          seen.push(`primitive ${primitive.type} ${pointer}`);
        },
        onLogical: (logical, pointer) => {
          seen.push(`logical ${logical.logicalType} ${pointer}`);
        },
        onInvalid: (_invalid, pointer) => {
          seen.push(`invalid ${pointer}`);
        },
      },
    );
    expect(seen).toEqual([
      'union /fields/0/type',
      'primitive null /fields/0/type/0',
      'array /fields/0/type/1',
      'map /fields/0/type/1/items',
      'primitive bytes /fields/0/type/1/items/values',
      'primitive long /fields/1/type',
      'logical timestamp-micros /fields/1/type',
      'invalid /fields/2/type',
    ]);
  });

  it('skips the children of a node whose callback returns false', () => {
    const fields: string[] = [];
    walkSchema(
      {
        type: 'record',
        name: 'R',
        fields: [{ name: 'a', type: { type: 'record', name: 'S', fields: [{ name: 'b', type: 'int' }] } }],
      },
      {
        onRecord: (record) => record.name !== 'S',
        onField: (_field, _pointer, fieldPath) => {
          fields.push(fieldPath);
        },
      },
    );
    expect(fields).toEqual(['a']);
  });

  // Lint rules walk whatever JSON they are given; a walk must never be a crash.
  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(() => walkSchema(value as Json, { onField: () => undefined })).not.toThrow();
      }),
      propertyRuns(300),
    );
  });

  // A recursive walker would overflow the call stack long before 10,000 levels.
  it('walks a 10,000-deep schema without overflowing the stack', () => {
    const depth = 10_000;
    let schema: Json = 'string';
    for (let level = depth; level > 0; level--) {
      schema = { type: 'record', name: `R${level}`, fields: [{ name: 'f', type: ['null', schema] }] };
    }
    let count = 0;
    let deepest = '';
    walkSchema(schema, {
      onField: (_field, _pointer, fieldPath) => {
        count++;
        deepest = fieldPath;
      },
    });
    expect(count).toBe(depth);
    expect(deepest.split('.')).toHaveLength(depth);
  });
});
