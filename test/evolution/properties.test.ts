/**
 * Laws of the evolution core over random schemas and evolutions (the generator the differential test
 * against Avro Java uses): reading earlier versions never throws, the canonical form ignores what
 * does not change meaning, a schema paired with itself pairs everything, and the comparison reports
 * exactly the incompatibilities the engine finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definitionsOf, maxSchemaBytes, readVersionSource } from '../../src/compat/base-versions.ts';
import { compareContracts } from '../../src/compat/compare-contracts.ts';
import { toCompatSchema } from '../../src/compat/compat-schema.ts';
import { AmbiguousFieldError, checkReaderWriter } from '../../src/compat/resolve-compatibility.ts';
import { walkPairs } from '../../src/compat/semantic/schema-pairs.ts';
import { canonicalForm, schemaDocumentOf } from '../../src/compat/semantic/schema-view.ts';
import { defaultConfig } from '../../src/contracts/load-config.ts';
import { loadContracts } from '../../src/contracts/load-contracts.ts';
import type { Json } from '../../src/contracts/model.ts';
import { isJsonObject } from '../../src/contracts/walk-schema.ts';
import { schemaCaseArbitrary } from '../compat/avro-schema-generator.ts';
import { propertyRuns } from '../support/property.ts';

const encoder = new TextEncoder();

/** Rewrites every object with its keys reversed and every `doc` replaced: nothing that means anything. */
function reshuffle(json: Json): Json {
  if (Array.isArray(json)) return json.map(reshuffle);
  if (!isJsonObject(json)) return json;
  const result: { [key: string]: Json } = {};
  for (const key of Object.keys(json).reverse()) {
    if (key === 'doc') continue;
    result[key] = key === 'default' ? (json[key] as Json) : reshuffle(json[key] as Json);
  }
  if (json.type === 'record' || isJsonObject(json.type) || typeof json.name === 'string')
    result.doc = 'Rewritten.';
  return result;
}

/** Whether a generated schema parses as Avro Java would (some generated evolutions do not). */
function parses(json: Json): boolean {
  try {
    toCompatSchema(json);
    return true;
  } catch {
    return false;
  }
}

describe('reading earlier versions', () => {
  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const source = readVersionSource({ path: 'x.avsc', bytes });
        expect(source.json !== undefined || source.problem !== undefined).toBe(true);
      }),
      propertyRuns(500),
    );
  });

  // A data dump committed under contracts/ by mistake must not be parsed (nor stall the check).
  it('does not parse a file too large to be a schema', () => {
    const bytes = new Uint8Array(maxSchemaBytes + 1).fill(0x20);
    expect(readVersionSource({ path: 'contracts/dump.avsc', bytes })).toEqual({
      path: 'contracts/dump.avsc',
      problem: { reason: '4.0 MB is too large to be a schema' },
    });
  });

  it('reads back any schema it is given as JSON text, with its top-level name', () => {
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base }) => {
        fc.pre(isJsonObject(base) && base.type === 'record');
        const source = readVersionSource({
          path: 'x.avsc',
          bytes: encoder.encode(JSON.stringify(base, null, 2)),
        });
        expect(source.json).toEqual(base);
        expect(source.fullName).toBeDefined();
      }),
      propertyRuns(200),
    );
  });
});

describe('the canonical form', () => {
  it('does not change with key order and docs', () => {
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base }) => {
        expect(canonicalForm(schemaDocumentOf(reshuffle(base)))).toBe(canonicalForm(schemaDocumentOf(base)));
      }),
      propertyRuns(200),
    );
  });

  // Equal canonical forms mean equal meaning, so Avro must find them compatible both ways.
  it('is equal only for schemas that read each other', () => {
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base, evolved }) => {
        fc.pre(parses(base) && parses(evolved));
        fc.pre(canonicalForm(schemaDocumentOf(evolved)) === canonicalForm(schemaDocumentOf(base)));
        const check = (reader: Json, writer: Json) => {
          try {
            return checkReaderWriter(toCompatSchema(reader), toCompatSchema(writer));
          } catch (error) {
            // A field aliased to a name the writer also has: Avro Java refuses to resolve it at all.
            if (error instanceof AmbiguousFieldError) return [];
            throw error;
          }
        };
        expect(check(evolved, base)).toEqual([]);
        expect(check(base, evolved)).toEqual([]);
      }),
      propertyRuns(200),
    );
  });
});

describe('pairing a schema with itself', () => {
  it('matches every field and leaves nothing added or removed', () => {
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base }) => {
        const document = schemaDocumentOf(base);
        walkPairs(
          { current: document, previous: document },
          {
            onRecord(record) {
              expect(record.added).toEqual([]);
              expect(record.removed).toEqual([]);
            },
            onType(pair) {
              expect(pair.currentPointer).toBe(pair.previousPointer);
            },
          },
        );
      }),
      propertyRuns(200),
    );
  });
});

describe('the comparison', () => {
  // The comparison must neither lose nor invent Avro findings: the set it reports for BACKWARD is
  // the set the engine finds with the candidate as reader (up to the deduplication of equal ones).
  it('reports exactly the engine’s incompatibilities, once each', () => {
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base, evolved }) => {
        fc.pre(parses(base) && parses(evolved));
        const set = loadContracts(
          [{ path: 'contracts/x.avsc', bytes: encoder.encode(JSON.stringify(evolved)) }],
          {
            ...defaultConfig,
            rules: {},
          },
        );
        fc.pre(set.contracts.length === 1);
        const contract = set.contracts[0]!;
        let expected: string[];
        try {
          // One finding per place and content: the same finding met again through a recursive type,
          // at another place, is another finding.
          const unique = new Set(
            checkReaderWriter(toCompatSchema(evolved), toCompatSchema(base)).map((incompatibility) =>
              JSON.stringify([
                incompatibility.ruleId,
                incompatibility.messageId,
                incompatibility.readerPointer,
                incompatibility.data,
              ]),
            ),
          );
          expected = [...unique].map((text) => {
            const [ruleId, messageId, , data] = JSON.parse(text) as [string, string, string, unknown];
            return `${ruleId} ${messageId} ${JSON.stringify(data)}`;
          });
        } catch {
          // Avro refuses the pair (an ambiguous alias): the comparison reports that instead.
          return;
        }
        const result = compareContracts({
          contracts: [contract],
          definitions: definitionsOf([contract.schema]),
          base: {
            description: 'the base',
            contracts: new Map([
              [
                contract.fullName,
                {
                  fullName: contract.fullName,
                  versions: [{ fullName: contract.fullName, schema: base, label: 'the base' }],
                },
              ],
            ]),
          },
          config: { ...defaultConfig, rules: {} },
          reportRemoved: true,
        });
        const found = result.diagnostics
          .filter((d) => d.data?.direction === 'backward')
          .map((d) => {
            const { direction: _direction, ...data } = d.data ?? {};
            return `${d.ruleId} ${d.messageId} ${JSON.stringify(data)}`;
          });
        expect(found.sort()).toEqual(expected.sort());
      }),
      propertyRuns(150),
    );
  });
});
