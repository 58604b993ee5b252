/**
 * The schema graph the engine walks: names, namespaces and aliases resolve as in Avro Java, named
 * types are single shared nodes, external types come from other files, and every node keeps the
 * pointer of its definition.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CompatNode, type CompatSchema, toCompatSchema } from '../../src/compat/compat-schema.ts';
import type { Json } from '../../src/contracts/model.ts';
import { propertyRuns } from '../support/property.ts';
import { schemaCaseArbitrary } from './avro-schema-generator.ts';

function fieldType(schema: CompatSchema, ...names: string[]): CompatNode {
  let node = schema.root;
  for (const name of names) {
    const field = node.fields.find((f) => f.name === name);
    if (field === undefined) throw new Error(`no field ${name}`);
    node = field.type;
  }
  return node;
}

describe('names and namespaces', () => {
  const schema = toCompatSchema({
    type: 'record',
    name: 'Account',
    namespace: 'com.acme',
    aliases: ['Customer', 'org.old.Client', '.Legacy'],
    fields: [
      { name: 'inherits', type: { type: 'enum', name: 'Status', symbols: ['OPEN'] } },
      { name: 'qualified', type: { type: 'fixed', name: 'org.other.Hash', size: 4 } },
      { name: 'explicit', type: { type: 'record', name: 'Money', namespace: 'com.pay', fields: [] } },
      { name: 'nullSpace', type: { type: 'record', name: 'Plain', namespace: '', fields: [] } },
      { name: 'shortRef', type: 'Status' },
      { name: 'fullRef', type: 'com.pay.Money' },
    ],
  });

  it('inherits the enclosing namespace, or takes it from a dotted name or the attribute', () => {
    expect(fieldType(schema, 'inherits').fullName).toBe('com.acme.Status');
    expect(fieldType(schema, 'qualified').fullName).toBe('org.other.Hash');
    expect(fieldType(schema, 'explicit').fullName).toBe('com.pay.Money');
    expect(fieldType(schema, 'nullSpace').fullName).toBe('Plain');
    expect(fieldType(schema, 'nullSpace').namespace).toBeNull();
  });

  it('resolves short and full references to the one node that defines the type', () => {
    expect(fieldType(schema, 'shortRef')).toBe(fieldType(schema, 'inherits'));
    expect(fieldType(schema, 'fullRef')).toBe(fieldType(schema, 'explicit'));
  });

  // Avro Java's getAliases(): relative aliases take the type's namespace; `.Name` stays as written.
  it('resolves type aliases the way Avro Java reports them', () => {
    expect(schema.root.aliases).toEqual(['com.acme.Customer', 'org.old.Client', '.Legacy']);
  });

  it('lists every named type by full name', () => {
    expect([...schema.namedTypes.keys()].sort()).toEqual([
      'Plain',
      'com.acme.Account',
      'com.acme.Status',
      'com.pay.Money',
      'org.other.Hash',
    ]);
  });

  // Avro Java 1.12 resolves a name used before its definition, but only by the full name computed
  // where it is written (no fallback to the null namespace).
  it('resolves forward references by the full name computed where they are written', () => {
    const forward = toCompatSchema({
      type: 'record',
      name: 'A',
      namespace: 'x',
      fields: [
        { name: 'b', type: 'B' },
        { name: 'c', type: { type: 'record', name: 'B', fields: [] } },
      ],
    });
    expect(fieldType(forward, 'b').fullName).toBe('x.B');
    expect(fieldType(forward, 'b')).toBe(fieldType(forward, 'c'));
  });

  it('falls back to the null namespace for a completed type', () => {
    const fallback = toCompatSchema({
      type: 'record',
      name: 'A',
      fields: [
        { name: 'plain', type: { type: 'enum', name: 'Plain', symbols: ['X'] } },
        { name: 'inner', type: { type: 'record', name: 'y.Inner', fields: [{ name: 'p', type: 'Plain' }] } },
      ],
    });
    expect(fieldType(fallback, 'inner', 'p')).toBe(fieldType(fallback, 'plain'));
  });
});

describe('shared nodes (the only pairs Avro Java can meet twice)', () => {
  it('marks a named type referenced again, and everything inside it, as shared', () => {
    const schema = toCompatSchema({
      type: 'record',
      name: 'Order',
      fields: [
        {
          name: 'from',
          type: {
            type: 'record',
            name: 'Address',
            fields: [{ name: 'tags', type: { type: 'array', items: 'string' } }],
          },
        },
        { name: 'to', type: 'Address' },
        { name: 'note', type: ['null', 'string'] },
      ],
    });
    expect(schema.root.shared).toBe(false);
    expect(fieldType(schema, 'from').shared).toBe(true);
    expect(fieldType(schema, 'from', 'tags').shared).toBe(true);
    expect(fieldType(schema, 'from', 'tags').child?.shared).toBe(true);
    expect(fieldType(schema, 'note').shared).toBe(false);
  });

  it('marks a recursive type as shared', () => {
    const schema = toCompatSchema({
      type: 'record',
      name: 'Node',
      fields: [{ name: 'next', type: ['null', 'Node'] }],
    });
    expect(schema.root.shared).toBe(true);
    expect(fieldType(schema, 'next').branches[1]).toBe(schema.root);
  });
});

describe('named types from other files', () => {
  const money: Json = {
    type: 'record',
    name: 'Money',
    namespace: 'com.acme',
    fields: [{ name: 'currency', type: { type: 'enum', name: 'Currency', symbols: ['EUR'] } }],
  };

  it('parses an external type on first use, in its own namespace', () => {
    const schema = toCompatSchema(
      { type: 'record', name: 'Payment', namespace: 'com.acme', fields: [{ name: 'amount', type: 'Money' }] },
      new Map([['com.acme.Money', money]]),
    );
    expect(fieldType(schema, 'amount', 'currency').fullName).toBe('com.acme.Currency');
  });

  it('reports an error inside an external type with that type’s name and pointer', () => {
    const broken: Json = { type: 'record', name: 'Money', namespace: 'com.acme', fields: [{ name: 'x' }] };
    expect(() =>
      toCompatSchema(
        { type: 'record', name: 'Payment', fields: [{ name: 'amount', type: 'com.acme.Money' }] },
        new Map([['com.acme.Money', broken]]),
      ),
    ).toThrow(expect.objectContaining({ externalType: 'com.acme.Money', pointer: '/fields/0' }));
  });
});

/** The JSON value at an RFC 6901 pointer. */
function valueAt(document: Json, pointer: string): Json | undefined {
  let value: Json | undefined = document;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) value = value[Number(token)];
    else if (typeof value === 'object' && value !== null) value = value[token];
    else return undefined;
  }
  return value;
}

describe('toCompatSchema on generated schemas', () => {
  // Every finding is placed through node and field pointers, so they must point at the definitions.
  it('gives every named type and field the pointer of its definition', () => {
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base }) => {
        let schema: CompatSchema;
        try {
          schema = toCompatSchema(base);
        } catch {
          return;
        }
        for (const [fullName, node] of schema.namedTypes) {
          const definition = valueAt(base, node.pointer) as { name?: string };
          expect(definition.name?.split('.').pop()).toBe(node.name);
          expect(fullName.endsWith(node.name as string)).toBe(true);
          for (const field of node.fields) {
            expect((valueAt(base, field.pointer) as { name?: string }).name).toBe(field.name);
          }
        }
      }),
      propertyRuns(300),
    );
  });

  it('is deterministic and never throws anything but CompatSchemaError', () => {
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ evolved }) => {
        const describe = () => {
          try {
            const schema = toCompatSchema(evolved);
            return [...schema.namedTypes.keys()].join(',');
          } catch (error) {
            expect((error as Error).name).toBe('CompatSchemaError');
            return `error ${(error as Error).message}`;
          }
        };
        expect(describe()).toBe(describe());
      }),
      propertyRuns(300),
    );
  });

  // A hostile or generated schema must not overflow the stack of the parser or of the walk.
  it('refuses a schema nested thousands of levels deep with a pointer', () => {
    let deep: Json = 'int';
    for (let i = 0; i < 5_000; i++) deep = { type: 'array', items: deep };
    expect(() => toCompatSchema(deep)).toThrow(expect.objectContaining({ name: 'CompatSchemaError' }));
  });

  it('refuses arbitrary JSON with a CompatSchemaError, never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          toCompatSchema(json as Json);
        } catch (error) {
          expect((error as Error).name).toBe('CompatSchemaError');
        }
      }),
      propertyRuns(500),
    );
  });
});
