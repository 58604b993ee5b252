/**
 * `code/types-drift`: the committed generated contract types differ from what `kontract codegen`
 * would write today, so code type-checks against a contract that no longer exists.
 */
import type { SourceLocation } from '../../report/diagnostic.ts';
import { defineRule } from '../../report/rule.ts';

type MessageId = 'stale' | 'missing';

/** What the drift rule compares: the expected text and the committed file (absent = not committed). */
export interface TypesDriftContext {
  file: string;
  expected: string;
  committed: string | undefined;
  report(report: {
    messageId: MessageId;
    data: Record<string, string | number>;
    location: SourceLocation;
  }): void;
}

function lines(text: string): string[] {
  // Line endings are a checkout setting (core.autocrlf), not drift.
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/** The rule record for generated types that no longer match the contracts. */
export const typesDrift = defineRule({
  id: 'code/types-drift',
  kind: 'code',
  defaultSeverity: 'error',
  docs: {
    description: 'The committed generated contract types match the contracts.',
    rationale:
      'Stale generated types let code compile against fields the contract no longer has (or lacks new ones).',
    help: 'Run `kontract codegen` and commit the result.',
  },
  messages: {
    stale: 'Generated contract types in {file} are out of date from line {line} on.',
    missing: 'Generated contract types file {file} does not exist.',
  },
  check(context: TypesDriftContext) {
    if (context.committed === undefined) {
      context.report({
        messageId: 'missing',
        data: { file: context.file },
        location: { file: context.file, line: 1, column: 1 },
      });
      return;
    }
    const expected = lines(context.expected);
    const committed = lines(context.committed);
    const count = Math.max(expected.length, committed.length);
    for (let index = 0; index < count; index++) {
      const want = expected[index];
      const have = committed[index];
      if (want === have) continue;
      // Point at the first differing character of the line (or the line start when one side has no line).
      let column = 1;
      if (want !== undefined && have !== undefined) {
        while (column <= want.length && want[column - 1] === have[column - 1]) column++;
      }
      const line = Math.min(index + 1, committed.length);
      context.report({
        messageId: 'stale',
        data: { file: context.file, line },
        location: { file: context.file, line, column: index + 1 > committed.length ? 1 : column },
      });
      return;
    }
  },
});
