import { defineCompatRule, reportKind } from '../compat-rule.ts';

/** `TYPE_MISMATCH`: reader and writer types that Avro cannot convert between. */
export const typeMismatch = defineCompatRule({
  id: 'compat/type-mismatch',
  kind: 'compat',
  incompatibilityKind: 'TYPE_MISMATCH',
  defaultSeverity: 'error',
  docs: {
    description: 'A reader type must equal the writer type or be one of Avro’s promotions of it.',
    rationale:
      'Avro only converts int→long→float→double and string↔bytes while reading; any other change makes the writer’s bytes unreadable.',
    help: 'Keep the writer’s type, or add a new field with the new type (with a default) and stop writing the old one.',
  },
  messages: {
    typeDiffers:
      '{subject} is {readerType} in the reader but {writerType} in the writer, which Avro cannot convert',
    enumDefaultFieldMissing:
      'reader field `{field}` of `{record}` has no default and the writer schema has no such field (Avro Java reports a type mismatch here because enum `{enumName}` declares a default symbol, but the field itself still needs a default)',
  },
  check: reportKind('TYPE_MISMATCH'),
});
