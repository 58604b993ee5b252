import { defineCompatRule, reportKind } from '../compat-rule.ts';

/** `NAME_MISMATCH`: a reader record, enum or fixed meets a writer type of another name. */
export const nameMismatch = defineCompatRule({
  id: 'compat/name-mismatch',
  kind: 'compat',
  incompatibilityKind: 'NAME_MISMATCH',
  defaultSeverity: 'error',
  docs: {
    description:
      'A reader record, enum or fixed type must have the writer type’s name or list it as an alias.',
    rationale:
      'Avro resolves named types by name: a reader cannot know that a type of another name is the same thing unless it declares the old name in `aliases`.',
    help: 'If `{writerName}` was renamed to `{readerName}`, add `"aliases": ["{writerName}"]` to the reader’s `{readerName}`; otherwise keep the old name.',
  },
  messages: {
    nameDiffers:
      'reader {readerType} `{readerName}` does not match writer {readerType} `{writerName}`: the names differ and the reader declares no alias `{writerName}`',
  },
  check: reportKind('NAME_MISMATCH'),
});
