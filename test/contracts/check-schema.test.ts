import avsc from 'avsc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSchema, collectDefinitions } from '../../src/contracts/check-schema.ts';
import type { Json } from '../../src/contracts/model.ts';
import { propertyRuns } from '../support/property.ts';

/** Schemas that are often slightly wrong: bad names, duplicate fields and symbols, bad sizes, bad defaults. */
const almostSchemas = fc.letrec<{ type: Json; record: Json }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<Json>(
      'null',
      'boolean',
      'int',
      'long',
      'float',
      'double',
      'bytes',
      'string',
      'Undefined1',
    ),
    tie('record'),
    fc
      .tuple(
        fc.constantFrom('E1', 'E2', 'bad-enum'),
        fc.array(fc.constantFrom('A', 'B', 'C', '1x'), { maxLength: 3 }),
      )
      .map(([name, symbols]): Json => ({ type: 'enum', name, symbols })),
    fc
      .tuple(fc.constantFrom('F1', 'F2'), fc.constantFrom<Json>(0, 1, 2, -1, 'x', 1.5))
      .map(([name, size]): Json => ({ type: 'fixed', name, size })),
    tie('type').map((items): Json => ({ type: 'array', items })),
    tie('type').map((values): Json => ({ type: 'map', values })),
    fc.array(tie('type'), { minLength: 0, maxLength: 3 }),
  ),
  record: fc
    .tuple(
      fc.constantFrom('R1', 'R2', 'R3', '9R'),
      fc.array(
        fc.tuple(
          fc.constantFrom('a', 'b', 'c', 'd', '1x'),
          tie('type'),
          fc.option(
            fc.constantFrom<Json>(
              null,
              0,
              1,
              1.5,
              2 ** 31,
              'ab',
              '\u00ff',
              true,
              [],
              {},
              [1],
              { a: 1 },
              'A',
              'ab',
            ),
          ),
        ),
        { maxLength: 4 },
      ),
    )
    .map(
      ([name, fields]): Json => ({
        type: 'record',
        name,
        fields: fields.map(([fieldName, type, fieldDefault]) =>
          fieldDefault === null
            ? { name: fieldName, type }
            : { name: fieldName, type, default: fieldDefault },
        ),
      }),
    ),
})).record;

function avscAccepts(schema: Json): { ok: boolean; message?: string } {
  try {
    avsc.Type.forSchema(schema as avsc.Schema, { registry: {} });
    return { ok: true };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function structuralProblems(schema: Json): string[] {
  const { definitions, problems: duplicates } = collectDefinitions(schema);
  const local = new Map(definitions.map((definition) => [definition.fullName, definition]));
  const { problems } = checkSchema(schema, (name) => local.get(name), {
    topLevelRecord: true,
    definedHere: new Set(local.keys()),
  });
  return [...duplicates, ...problems].map((problem) => `${problem.pointer}: ${problem.message}`);
}

describe('checkSchema agrees with avsc', () => {
  // The structural checks exist to give avsc's verdicts a position: they must never let through a
  // schema avsc rejects (it would then be reported without a position), nor reject one avsc accepts.
  // One known exception: avsc accepts any default for a record without fields, where the Avro spec
  // (and Avro Java) demand a JSON object.
  it('finds a located problem exactly when avsc rejects the schema', () => {
    fc.assert(
      fc.property(almostSchemas, (schema) => {
        const problems = structuralProblems(schema);
        const verdict = avscAccepts(schema);
        if (!verdict.ok) expect(problems, `avsc: ${verdict.message}`).not.toEqual([]);
        else {
          const unexpected = problems.filter(
            (problem) => !/a record default must be an object/.test(problem),
          );
          expect(unexpected).toEqual([]);
        }
      }),
      propertyRuns(1000),
    );
  });
});
