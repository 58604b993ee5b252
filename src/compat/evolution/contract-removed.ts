import type { RuleMeta } from '../../report/rule.ts';

/** `compat/contract-removed`: a contract of the base is gone, and the config does not say it is retired. */
export const contractRemoved = {
  id: 'compat/contract-removed',
  kind: 'compat',
  defaultSeverity: 'error',
  docs: {
    description: 'A contract was deleted without being marked `retired` in the config.',
    rationale:
      'Consumers of a deleted contract keep receiving (or replaying) its events; deleting it must be a decision, recorded as `retired: true` in the config, not an accident.',
    help: 'Restore the contract, or mark it retired in the config (`"contracts": { "<full name>": { "retired": true } }`).',
  },
  messages: {
    removed:
      '`{contract}` ({file} at {against}) was deleted, but the config does not mark it retired: consumers of its topic may still read it.',
    retired: '`{contract}` ({file} at {against}) was deleted; the config marks it retired.',
  },
} as const satisfies RuleMeta<'removed' | 'retired'>;
