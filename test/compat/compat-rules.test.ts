/**
 * Meta-test of the compat rule registry: one rule per Avro incompatibility kind, ids equal to file
 * names, and every message the engine builds comes from its rule's templates with every placeholder
 * filled.
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompatReport } from '../../src/compat/compat-rule.ts';
import { type CompatSchema, toCompatSchema } from '../../src/compat/compat-schema.ts';
import {
  type CompatRuleId,
  INCOMPATIBILITY_KINDS,
  RULE_ID_BY_KIND,
} from '../../src/compat/incompatibility.ts';
import { canRead, checkReaderWriter, type Incompatibility } from '../../src/compat/resolve-compatibility.ts';
import { compatRuleByKind, compatRules } from '../../src/compat/rules/index.ts';
import { propertyRuns } from '../support/property.ts';
import { schemaCaseArbitrary } from './avro-schema-generator.ts';

const RULES_DIR = new URL('../../src/compat/rules/', import.meta.url);

describe('compat rule registry', () => {
  it('has one rule per incompatibility kind, with the id of its file', () => {
    const files = readdirSync(RULES_DIR)
      .filter((file) => file !== 'index.ts')
      .map((file) => `compat/${file.replace(/\.ts$/, '')}`)
      .sort();
    expect(Object.keys(compatRules).sort()).toEqual(files);
    for (const kind of INCOMPATIBILITY_KINDS) {
      const rule = compatRuleByKind[kind];
      expect(rule.id).toBe(RULE_ID_BY_KIND[kind]);
      expect(rule.incompatibilityKind).toBe(kind);
      expect(compatRules[rule.id as CompatRuleId]).toBe(rule);
      expect(rule.kind).toBe('compat');
      expect(rule.docs.description.length).toBeGreaterThan(10);
      expect(rule.docs.rationale.length).toBeGreaterThan(10);
    }
  });

  // A rule's check reports exactly the incompatibilities of its own kind, once each.
  it('lets each rule report exactly the incompatibilities of its kind', () => {
    const reader = toCompatSchema({
      type: 'record',
      name: 'A',
      fields: [
        { name: 'x', type: 'int' },
        { name: 'y', type: 'int' },
      ],
    });
    const writer = toCompatSchema({ type: 'record', name: 'B', fields: [{ name: 'x', type: 'string' }] });
    const incompatibilities = checkReaderWriter(reader, writer);
    const reported: string[] = [];
    for (const rule of Object.values(compatRules)) {
      rule.check({
        incompatibilities,
        report: (report: CompatReport) =>
          reported.push(`${rule.id} ${report.messageId} ${report.incompatibility.readerPointer}`),
      });
    }
    expect(reported.sort()).toEqual([
      'compat/name-mismatch nameDiffers /name',
      'compat/reader-field-missing-default noDefault /fields/1',
      'compat/type-mismatch typeDiffers /fields/0/type',
    ]);
  });

  it('builds every message from its rule’s template, with no placeholder left', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(schemaCaseArbitrary(), ({ base, evolved }) => {
        let incompatibilities: Incompatibility[];
        let reader: CompatSchema;
        let writer: CompatSchema;
        try {
          reader = toCompatSchema(evolved);
          writer = toCompatSchema(base);
          incompatibilities = checkReaderWriter(reader, writer);
        } catch {
          return;
        }
        // The verdict-only entry point must agree with the full check.
        expect(canRead(reader, writer)).toBe(incompatibilities.length === 0);
        for (const incompatibility of incompatibilities) {
          const rule = compatRuleByKind[incompatibility.kind];
          expect(Object.keys(rule.messages)).toContain(incompatibility.messageId);
          expect(incompatibility.message).not.toMatch(/\{\w+\}/);
          expect(incompatibility.ruleId).toBe(rule.id);
          seen.add(`${incompatibility.kind}/${incompatibility.messageId}`);
        }
      }),
      propertyRuns(400),
    );
    expect(seen.size).toBeGreaterThanOrEqual(6);
  });
});
