import type { RuleMeta } from '../../report/rule.ts';

/** `compat/history-version-skipped`: earlier versions that do not parse are left out of a transitive check. */
export const historyVersionSkipped = {
  id: 'compat/history-version-skipped',
  kind: 'compat',
  defaultSeverity: 'warning',
  docs: {
    description:
      'Earlier versions in git history that do not parse as Avro are left out of a transitive check.',
    rationale:
      'A version that Avro cannot parse (a half-finished commit, a binary file, a file too large to be a schema) was never registered or deployed; the transitive check compares with the versions that were, and lists the ones it left out.',
    help: 'Nothing to do if those versions were never deployed; otherwise compare against the registry instead.',
  },
  messages: {
    skipped:
      '{count} earlier version(s) of `{contract}` could not be read and were left out of the {mode} check: {versions}.',
  },
} as const satisfies RuleMeta<'skipped'>;
