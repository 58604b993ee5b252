/**
 * `compat/semantic-rename-without-alias`: a record loses one field and gains another of the same
 * type: most likely a rename. Without `aliases`, Avro treats it as a removal plus an addition: when
 * the new field has a default, the registry accepts it and every old record is read with the default
 * in place of its value (silent data loss); without a default, Avro rejects it (and the compat
 * finding's help suggests the alias).
 */
import { levenshtein } from '../../contracts/closest-match.ts';
import type { RecordPair, SchemaSides } from './schema-pairs.ts';
import type { FieldView } from './schema-view.ts';
import { canonicalType, stableStringify } from './schema-view.ts';
import { defineSemanticRule } from './semantic-rule.ts';

/** A field that looks renamed: `from` in the earlier version, `to` in the candidate. */
export interface RenameCandidate {
  from: FieldView;
  to: FieldView;
}

/**
 * Pairs the record's removed fields with its added fields of the same type (docs aside), closest
 * names first; each field takes part in at most one pair.
 */
export function renameCandidates(record: RecordPair, sides: SchemaSides): RenameCandidate[] {
  if (record.added.length === 0 || record.removed.length === 0) return [];
  const typeOf = (side: 'current' | 'previous', field: FieldView): string =>
    stableStringify(canonicalType(sides[side], field.type, record[side].namespace));
  const removedTypes = record.removed.map((field) => typeOf('previous', field));
  const options: { from: FieldView; to: FieldView; distance: number }[] = [];
  for (const to of record.added) {
    const type = typeOf('current', to);
    record.removed.forEach((from, index) => {
      if (removedTypes[index] === type) options.push({ from, to, distance: levenshtein(from.name, to.name) });
    });
  }
  options.sort((a, b) => a.distance - b.distance || a.to.index - b.to.index || a.from.index - b.from.index);
  const used = new Set<FieldView>();
  const candidates: RenameCandidate[] = [];
  for (const option of options) {
    if (used.has(option.from) || used.has(option.to)) continue;
    used.add(option.from);
    used.add(option.to);
    candidates.push({ from: option.from, to: option.to });
  }
  return candidates.sort((a, b) => a.to.index - b.to.index);
}

/** The `compat/semantic-rename-without-alias` rule: a field removed and one of its type added, no alias. */
export const renameWithoutAlias = defineSemanticRule<'renamed', Record<string, never>>({
  id: 'compat/semantic-rename-without-alias',
  kind: 'compat',
  defaultSeverity: 'warning',
  docs: {
    description:
      'A field is removed and another of the same type added without an alias: a rename that loses data.',
    rationale:
      'Avro matches fields by name and alias only. A renamed field without the old name as an alias is read as absent: its default replaces every old value, or, without a default, old records cannot be read at all.',
    help: 'Add the old name to the new field’s `aliases`.',
  },
  messages: {
    renamed:
      '`{to}` looks like `{from}` renamed (same type, and `{from}` is gone since {against}): without an alias, records written with it are read with `{to}` set to its default and their `{from}` dropped.',
  },
  defaultOptions: {},
  check(context) {
    for (const record of context.records) {
      for (const { from, to } of renameCandidates(record, context.sides)) {
        // Without a default Avro already rejects the change (backward); its help names the alias.
        if (!to.hasDefault && context.avroDirections.includes('backward')) continue;
        const path = record.fieldPath === '' ? to.name : `${record.fieldPath}.${to.name}`;
        const oldConsumers = context.directions.includes('forward')
          ? ` Consumers still on ${context.against} look for \`${from.name}\`: keep writing it until they have moved (aliases help readers only).`
          : '';
        context.report({
          messageId: 'renamed',
          data: { from: from.name, to: to.name },
          pointer: `${record.currentPointer}/fields/${to.index}`,
          previousPointer: `${record.previousPointer}/fields/${from.index}`,
          fieldPath: path,
          help: `If \`${to.name}\` is \`${from.name}\` renamed, add \`"aliases": ["${from.name}"]\` to \`${to.name}\`.${oldConsumers}`,
        });
      }
    }
  },
});
