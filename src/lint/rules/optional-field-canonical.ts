/**
 * `contract/optional-field-canonical`: an optional field is written in the one canonical form,
 * `"type": ["null", T], "default": null`.
 */
import { defineLintRule } from '../lint-rule.ts';
import { describeType, isNullType, schemaIndexOf } from '../schema-index.ts';

/** The `contract/optional-field-canonical` rule: optional fields are `["null", T]` with `"default": null`. */
export default defineLintRule<'nullNotFirst' | 'missingDefault', Record<string, never>>({
  id: 'contract/optional-field-canonical',
  kind: 'lint',
  defaultSeverity: 'error',
  docs: {
    description: 'Optional fields are `["null", T]` with `"default": null`.',
    rationale:
      'A union default must match its first branch, so `["string", "null"]` can never default to null; and an optional field without a default cannot be removed or added compatibly, because readers have no value to fill in.',
    help: 'Write the field as `{"name": "...", "type": ["null", T], "default": null}`.',
  },
  messages: {
    nullNotFirst:
      'Optional field `{field}` of `{record}` is `{type}`, not in the canonical form: put `null` first and default to null.',
    missingDefault: 'Optional field `{field}` of `{record}` has no default; add `"default": null`.',
  },
  defaultOptions: {},
  check(context) {
    for (const field of schemaIndexOf(context.contract).fields) {
      const type = field.type;
      if (!Array.isArray(type)) continue;
      const nullAt = type.findIndex(isNullType);
      if (nullAt === -1) continue;
      const data = { field: field.name, record: field.record.simpleName, type: describeType(type) };
      if (nullAt !== 0) {
        context.report({
          messageId: 'nullNotFirst',
          data,
          fieldPath: field.path,
          pointer: `${field.pointer}/type`,
        });
      } else if (!field.hasDefault) {
        context.report({
          messageId: 'missingDefault',
          data,
          fieldPath: field.path,
          pointer: `${field.pointer}/name`,
        });
      }
    }
  },
});
