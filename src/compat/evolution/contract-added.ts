import type { RuleMeta } from '../../report/rule.ts';

/** `compat/contract-added`: a contract the base does not have; noted, since nothing constrains it yet. */
export const contractAdded = {
  id: 'compat/contract-added',
  kind: 'compat',
  defaultSeverity: 'info',
  docs: {
    description: 'A contract is new since the base: there is no earlier version to be compatible with.',
    rationale:
      'A new contract starts its history here; the report says so, so that a contract that was meant to replace another (a rename) is noticed.',
    help: 'Nothing to do; if it replaces a contract that was renamed, add the old full name to its `aliases`.',
  },
  messages: {
    added: '`{contract}` is new since {against}: there is no earlier version to be compatible with.',
  },
} as const satisfies RuleMeta<'added'>;
