import { defineCompatRule, reportKind } from '../compat-rule.ts';

/** `MISSING_ENUM_SYMBOLS`: the writer can emit symbols the reader enum lacks, and it has no default. */
export const missingEnumSymbols = defineCompatRule({
  id: 'compat/missing-enum-symbols',
  kind: 'compat',
  incompatibilityKind: 'MISSING_ENUM_SYMBOLS',
  defaultSeverity: 'error',
  docs: {
    description: 'A reader enum must know every writer symbol, or declare a default symbol.',
    rationale:
      'Decoding a symbol the reader does not know fails, unless the reader enum names a default symbol to read it as.',
    help: 'Keep the symbol(s) {symbols} in `{readerName}`, or give the enum a `"default"` symbol (e.g. `UNKNOWN`) that unknown symbols resolve to.',
  },
  messages: {
    symbolsMissing:
      'reader enum `{readerName}` lacks the writer’s symbol(s) {symbols} and declares no default symbol',
  },
  check: reportKind('MISSING_ENUM_SYMBOLS'),
});
