/**
 * Shared helpers of the evolution tests: run one semantic rule on two schema versions, and build
 * contract files whose lines a test can name.
 */

import { MODE_RULES } from '../../src/compat/modes.ts';
import type { RegisteredSemanticRule } from '../../src/compat/semantic/index.ts';
import { type RecordPair, type TypePair, walkPairs } from '../../src/compat/semantic/schema-pairs.ts';
import { schemaDocumentOf } from '../../src/compat/semantic/schema-view.ts';
import type { SemanticReport, SemanticSettings } from '../../src/compat/semantic/semantic-rule.ts';
import type { CompatibilityMode } from '../../src/contracts/config-types.ts';
import type { Json } from '../../src/contracts/model.ts';

/** What a semantic rule run may be given beyond the two versions. */
export interface SemanticRunOptions {
  mode?: CompatibilityMode;
  settings?: Partial<SemanticSettings>;
  options?: Record<string, unknown>;
  /** Named types defined in other files, for the current version (and the previous one, unless given). */
  external?: ReadonlyMap<string, Json>;
  /** Named types defined in other files as they were at the previous version. */
  previousExternal?: ReadonlyMap<string, Json>;
}

/** Runs `rule` on `current` against `previous` and returns its reports, as the comparison would see them. */
export function runSemanticRule(
  rule: RegisteredSemanticRule,
  current: Json,
  previous: Json,
  run: SemanticRunOptions = {},
): SemanticReport<string>[] {
  const mode = run.mode ?? 'BACKWARD';
  const sides = {
    current: schemaDocumentOf(current, run.external),
    previous: schemaDocumentOf(previous, run.previousExternal ?? run.external),
  };
  const types: TypePair[] = [];
  const records: RecordPair[] = [];
  walkPairs(sides, { onType: (pair) => types.push(pair), onRecord: (pair) => records.push(pair) });
  const avroDirections = MODE_RULES[mode].directions;
  const reports: SemanticReport<string>[] = [];
  rule.check({
    contract: 'com.acme.Event',
    sides,
    types,
    records,
    mode,
    avroDirections,
    directions: mode === 'NONE' ? ['backward', 'forward'] : avroDirections,
    settings: { versionField: 'version', ...run.settings },
    against: 'the base',
    options: { ...(rule.defaultOptions as Record<string, unknown>), ...run.options },
    report: (report) => reports.push(report),
  });
  return reports;
}

/** A record `com.acme.Event` with the given fields. */
export function eventSchema(fields: Json[], extra: Record<string, Json> = {}): Json {
  return { type: 'record', name: 'Event', namespace: 'com.acme', fields, ...extra };
}

/**
 * A contract file with `"type"`, `"name"`, `"namespace"` on lines 2–4, field `i` (0-based) on line
 * `6 + i`, and `extra` attributes after the fields, so a test can name the line of any field.
 */
export function contractFile(
  name: string,
  fields: readonly Json[],
  extra: Record<string, Json> = {},
): string {
  const tail = Object.entries(extra).map(
    ([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return [
    '{',
    '  "type": "record",',
    `  "name": ${JSON.stringify(name)},`,
    '  "namespace": "com.acme",',
    '  "fields": [',
    ...fields.map((field, index) => `    ${JSON.stringify(field)}${index < fields.length - 1 ? ',' : ''}`),
    `  ]${tail.length > 0 ? ',' : ''}`,
    ...tail.map((line, index) => `${line}${index < tail.length - 1 ? ',' : ''}`),
    '}',
    '',
  ].join('\n');
}

/** Line of field `index` in a file written by {@link contractFile}. */
export function lineOfField(index: number): number {
  return 6 + index;
}
