/**
 * The differential proof: kontract's compatibility engine against Apache Avro Java's
 * `SchemaCompatibility` (the code the Confluent Schema Registry runs) on thousands of generated
 * schema pairs — random schemas and random evolutions of them, checked in both directions. Both must
 * give the same verdict, the same multiset of incompatibility kinds and the same multiset of
 * (kind, Avro Java location); where Avro Java refuses a schema or throws, kontract must refuse or
 * throw at the same stage. A disagreement is shrunk by fast-check to the smallest pair and printed
 * with both answers.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompatSchemaError, toCompatSchema } from '../../src/compat/compat-schema.ts';
import { AmbiguousFieldError, checkReaderWriter } from '../../src/compat/resolve-compatibility.ts';
import type { Json } from '../../src/contracts/model.ts';
import { propertyRuns } from '../support/property.ts';
import {
  AVRO_JAVA_BUILD_TIMEOUT_MS,
  AvroJavaDriver,
  buildAvroJavaDriver,
  type JavaResult,
} from './avro-java-driver.ts';
import { schemaCaseArbitrary } from './avro-schema-generator.ts';

type Outcome =
  | { stage: 'reader' | 'writer' | 'check'; error: string }
  | { stage: 'done'; compatible: boolean; kinds: string[]; locations: string[] };

function kontractOutcome(reader: Json, writer: Json): Outcome {
  let stage: 'reader' | 'writer' | 'check' = 'reader';
  try {
    const readerSchema = toCompatSchema(reader);
    stage = 'writer';
    const writerSchema = toCompatSchema(writer);
    stage = 'check';
    const incompatibilities = checkReaderWriter(readerSchema, writerSchema);
    return {
      stage: 'done',
      compatible: incompatibilities.length === 0,
      kinds: incompatibilities.map((i) => i.kind).sort(),
      locations: incompatibilities.map((i) => `${i.kind} ${i.location}`).sort(),
    };
  } catch (error) {
    if (error instanceof CompatSchemaError || error instanceof AmbiguousFieldError) {
      return { stage, error: `${error.name}: ${error.message}` };
    }
    throw error;
  }
}

function javaOutcome(result: JavaResult): Outcome {
  if (result.error !== undefined) {
    if (result.stage === 'request') throw new Error(`the driver could not read a request: ${result.error}`);
    return { stage: result.stage, error: result.error };
  }
  return {
    stage: 'done',
    compatible: result.compatible,
    kinds: result.incompatibilities.map((i) => i.kind).sort(),
    locations: result.incompatibilities.map((i) => `${i.kind} ${i.location}`).sort(),
  };
}

/** Same verdict and kinds; locations too (every location agrees so far, so it is asserted). */
function agree(java: Outcome, kontract: Outcome): boolean {
  if (java.stage !== kontract.stage) return false;
  if (java.stage !== 'done' || kontract.stage !== 'done') return true;
  return (
    java.compatible === kontract.compatible &&
    JSON.stringify(java.kinds) === JSON.stringify(kontract.kinds) &&
    JSON.stringify(java.locations) === JSON.stringify(kontract.locations)
  );
}

describe('kontract agrees with Apache Avro Java SchemaCompatibility', () => {
  let driver: AvroJavaDriver;
  const seen = { pairs: 0, compatible: 0, incompatible: 0, refused: 0, kinds: new Map<string, number>() };

  beforeAll(async () => {
    driver = new AvroJavaDriver(await buildAvroJavaDriver());
  }, AVRO_JAVA_BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await driver?.close();
  });

  it('on generated schemas and their evolutions, in both directions', async () => {
    await fc.assert(
      fc.asyncProperty(schemaCaseArbitrary(), async (schemaCase) => {
        const pairs = [
          { reader: schemaCase.evolved, writer: schemaCase.base },
          { reader: schemaCase.base, writer: schemaCase.evolved },
        ];
        const answers = await driver.checkMany(pairs);
        pairs.forEach((pair, i) => {
          const java = javaOutcome(answers[i] as JavaResult);
          const kontract = kontractOutcome(pair.reader, pair.writer);
          if (!agree(java, kontract)) {
            throw new Error(
              [
                `disagreement after: ${schemaCase.changes.join('; ')}`,
                `reader: ${JSON.stringify(pair.reader)}`,
                `writer: ${JSON.stringify(pair.writer)}`,
                `Avro Java: ${JSON.stringify(java)}`,
                `kontract:  ${JSON.stringify(kontract)}`,
              ].join('\n'),
            );
          }
          seen.pairs++;
          if (kontract.stage !== 'done') seen.refused++;
          else if (kontract.compatible) seen.compatible++;
          else seen.incompatible++;
          if (kontract.stage === 'done') {
            for (const kind of kontract.kinds) seen.kinds.set(kind, (seen.kinds.get(kind) ?? 0) + 1);
          }
        });
      }),
      propertyRuns(5_000),
    );
    console.info(
      `differential: ${seen.pairs} pairs, ${seen.compatible} compatible, ${seen.incompatible} incompatible, ${seen.refused} refused by both; kinds ${JSON.stringify(Object.fromEntries(seen.kinds))}`,
    );
    // The generator must keep reaching every kind and both verdicts, or the agreement proves little.
    expect([...seen.kinds.keys()].sort()).toEqual([
      'FIXED_SIZE_MISMATCH',
      'MISSING_ENUM_SYMBOLS',
      'MISSING_UNION_BRANCH',
      'NAME_MISMATCH',
      'READER_FIELD_MISSING_DEFAULT_VALUE',
      'TYPE_MISMATCH',
    ]);
    expect(seen.compatible).toBeGreaterThan(seen.pairs / 10);
    expect(seen.incompatible).toBeGreaterThan(seen.pairs / 10);
  });
});
