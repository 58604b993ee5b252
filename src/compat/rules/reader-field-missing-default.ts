import { defineCompatRule, reportKind } from '../compat-rule.ts';

/** `READER_FIELD_MISSING_DEFAULT_VALUE`: a reader field the writer does not have, without a default. */
export const readerFieldMissingDefault = defineCompatRule({
  id: 'compat/reader-field-missing-default',
  kind: 'compat',
  incompatibilityKind: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  defaultSeverity: 'error',
  docs: {
    description: 'A reader field that the writer lacks (by name or alias) must have a default.',
    rationale:
      'Records written without the field give the reader nothing to fill it with, so decoding fails unless the field has a default.',
    help: 'Give `{field}` a default (for an optional field: `["null", …]` with `"default": null`), or, if the writer calls it differently, add that name to the field’s `aliases`.',
  },
  messages: {
    noDefault: 'reader field `{field}` of `{record}` has no default and the writer schema has no such field',
  },
  check: reportKind('READER_FIELD_MISSING_DEFAULT_VALUE'),
});
