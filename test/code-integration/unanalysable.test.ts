/**
 * `code/unanalysable`: what the analysis could not read becomes an `info` finding located at the
 * position its reason names (`… at 12:5 …`), or at the top of the file; configurable like any rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unanalysableFindings } from '../../src/commands/code-check.ts';
import { propertyRuns } from '../support/property.ts';

describe('code/unanalysable findings', () => {
  it('locates each note at the first position its reason names, else at 1:1 (property)', () => {
    const words = fc.stringMatching(/^[a-z' ()-]{0,30}$/);
    const note = fc.record({
      file: fc.stringMatching(/^src\/[a-z]{1,8}\.mts$/),
      before: words,
      at: fc.option(fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 999 })), {
        nil: undefined,
      }),
      after: words,
    });
    fc.assert(
      fc.property(note, ({ file, before, at, after }) => {
        // Words alone never name a position: digits are not in their alphabet.
        const reason = at === undefined ? `${before}${after}` : `${before} at ${at[0]}:${at[1]} ${after}`;
        const [finding] = unanalysableFindings([{ file, reason }], { rules: {} });
        expect(finding?.location).toEqual({ file, line: at?.[0] ?? 1, column: at?.[1] ?? 1 });
        expect(finding?.severity).toBe('info');
        expect(finding?.message).toBe(`Code analysis of ${file} is incomplete: ${reason}.`);
      }),
      propertyRuns(200),
    );
  });

  it('takes its severity from the config, and is silent when off', () => {
    const notes = [
      { file: 'tsconfig.json', reason: 'tsconfig file not found: nothing under it was analysed' },
    ];
    expect(unanalysableFindings(notes, { rules: { 'code/unanalysable': 'warning' } })[0]?.severity).toBe(
      'warning',
    );
    expect(unanalysableFindings(notes, { rules: { 'code/unanalysable': 'off' } })).toEqual([]);
  });
});
