/** `code/types-drift`: the committed generated types compared with what codegen writes today. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTypesDrift } from '../../src/code/index.ts';
import { propertyRuns } from '../support/property.ts';

const file = 'src/generated/contracts.ts';
const expected = '// header\nexport interface A {\n  x: number;\n}\n';

function where(text: string | undefined): Array<[string, number, number] | string> {
  return checkTypesDrift(expected, text, file).map((d) => [
    d.messageId,
    d.location?.line ?? 0,
    d.location?.column ?? 0,
  ]);
}

describe('checkTypesDrift', () => {
  it('finds nothing when the committed file is what codegen writes', () => {
    expect(where(expected)).toEqual([]);
  });

  // Line endings depend on the checkout (core.autocrlf), not on the contracts.
  it('ignores CRLF line endings', () => {
    expect(where(expected.replace(/\n/g, '\r\n'))).toEqual([]);
  });

  it('points at the first differing character of the first differing line', () => {
    expect(where('// header\nexport interface A {\n  x: string;\n}\n')).toEqual([['stale', 3, 6]]);
  });

  it('points at the end of a file that lacks the expected tail', () => {
    expect(where('// header\nexport interface A {\n')).toEqual([['stale', 3, 1]]);
  });

  it('reports a missing file at its first line, with the fix', () => {
    const [missing] = checkTypesDrift(expected, undefined, file);
    expect(missing?.message).toBe('Generated contract types file src/generated/contracts.ts does not exist.');
    expect(missing?.help).toBe('Run `kontract codegen` and commit the result.');
    expect(missing?.severity).toBe('error');
  });

  it('can be turned off', () => {
    expect(checkTypesDrift(expected, '', file, { 'code/types-drift': 'off' })).toEqual([]);
  });

  // The reported line is the first one where the two texts differ, wherever the edit is.
  it('locates any single-line edit exactly', () => {
    const lines = Array.from({ length: 30 }, (_, index) => `line ${index}`);
    const text = `${lines.join('\n')}\n`;
    fc.assert(
      fc.property(fc.nat({ max: 29 }), fc.string({ minLength: 1, maxLength: 5 }), (index, suffix) => {
        const edited = lines.map((line, at) => (at === index ? `${line}${suffix}` : line));
        const found = checkTypesDrift(text, `${edited.join('\n')}\n`, file);
        // The edit appends to the line, so the first differing column is just past its old end.
        expect(found.map((d) => [d.location?.line, d.location?.column])).toEqual([
          [index + 1, (lines[index]?.length ?? 0) + 1],
        ]);
      }),
      propertyRuns(50),
    );
  });
});
