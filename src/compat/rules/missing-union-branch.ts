import { defineCompatRule, reportKind } from '../compat-rule.ts';

/** `MISSING_UNION_BRANCH`: the writer can write a type that no branch of the reader union reads. */
export const missingUnionBranch = defineCompatRule({
  id: 'compat/missing-union-branch',
  kind: 'compat',
  incompatibilityKind: 'MISSING_UNION_BRANCH',
  defaultSeverity: 'error',
  docs: {
    description: 'A reader union must have a branch that reads each type the writer can write there.',
    rationale:
      'A union value carries the writer’s branch; if no reader branch can read that type, decoding the value fails.',
    help: 'Add a branch that reads the writer’s {writerType} to the reader union, or keep the writer from writing it.',
  },
  messages: {
    noBranch: 'the reader union at {subject} has no branch that can read the writer’s {writerType}',
  },
  check: reportKind('MISSING_UNION_BRANCH'),
});
