import type { RuleMeta } from '../../report/rule.ts';

/** `compat/not-checked`: `kontract check` found no base to compare against, so schema evolution was not checked. */
export const notChecked = {
  id: 'compat/not-checked',
  kind: 'compat',
  defaultSeverity: 'info',
  docs: {
    description: 'Schema evolution was not checked because no base to compare against was found.',
    rationale:
      'A check that did not run must not look like a pass: the report says why evolution was skipped and how to make it run. With `--against`, the same situation is an error (exit 2).',
    help: 'Pass the base explicitly (`--against <branch|tag|sha>`), or fetch the default branch.',
  },
  messages: {
    noBase: 'Schema evolution was not checked: {reason}',
  },
} as const satisfies RuleMeta<'noBase'>;
