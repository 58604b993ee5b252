import type { RuleMeta } from '../../report/rule.ts';

/** `compat/base-invalid-default`: an earlier version has defaults today's validation rejects; compared anyway. */
export const baseInvalidDefault = {
  id: 'compat/base-invalid-default',
  kind: 'compat',
  defaultSeverity: 'info',
  docs: {
    description:
      'An earlier version has field defaults that today’s validation rejects; it is compared without validating them.',
    rationale:
      'The schema registry does not validate the defaults of schemas already registered (Avro Java parses them with `validateDefaults` off), so kontract compares the earlier version the same way and says so.',
    help: 'Nothing to do for the earlier version; make sure the current version’s defaults are valid.',
  },
  messages: {
    skipped:
      '{file} at {against} has defaults that today’s validation rejects ({fields}); it was compared without validating them, as the schema registry does for registered schemas.',
  },
} as const satisfies RuleMeta<'skipped'>;
