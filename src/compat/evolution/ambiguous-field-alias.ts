import type { RuleMeta } from '../../report/rule.ts';

/** `compat/ambiguous-field-alias`: a reader field matches two writer fields by name and aliases, which Avro refuses. */
export const ambiguousFieldAlias = {
  id: 'compat/ambiguous-field-alias',
  kind: 'compat',
  defaultSeverity: 'error',
  docs: {
    description: 'A reader field matches several writer fields by its name and aliases.',
    rationale:
      'Avro Java (and so the schema registry) refuses to resolve a field that two writer fields could fill, so the compatibility check itself fails.',
    help: 'Remove the alias that names another existing field.',
  },
  messages: {
    ambiguous:
      '{message}, so Avro cannot resolve `{contract}` against {against} ({direction} check of {mode}).',
  },
} as const satisfies RuleMeta<'ambiguous'>;
