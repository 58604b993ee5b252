import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSourceText, firstInvalidUtf8Byte } from '../../src/contracts/decode-source.ts';
import { propertyRuns } from '../support/property.ts';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('decodeSourceText', () => {
  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decodeSourceText({ path: 'a.avsc', bytes: bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d) })).toEqual({
      ok: true,
      text: '{}',
    });
    expect(decodeSourceText({ path: 'a.avsc', bytes: utf8('{"doc": "café 😀"}') })).toEqual({
      ok: true,
      text: '{"doc": "café 😀"}',
    });
  });

  const cases: { name: string; input: Uint8Array; line: number; column: number; byteOffset: number }[] = [
    {
      name: 'a Latin-1 é after a line break',
      input: new Uint8Array([...utf8('{\n  "d": "caf'), 0xe9, ...utf8('"}')]),
      line: 2,
      column: 12,
      byteOffset: 13,
    },
    { name: 'a lone continuation byte', input: bytes(0x7b, 0x80, 0x7d), line: 1, column: 2, byteOffset: 1 },
    { name: 'an overlong encoding of /', input: bytes(0xc0, 0xaf), line: 1, column: 1, byteOffset: 0 },
    {
      name: 'an encoded UTF-16 surrogate',
      input: bytes(0x61, 0xed, 0xa0, 0x80),
      line: 1,
      column: 2,
      byteOffset: 1,
    },
    {
      name: 'a sequence cut off at the end',
      input: new Uint8Array([...utf8('é\n'), 0xe2, 0x82]),
      line: 2,
      column: 1,
      byteOffset: 3,
    },
    // Columns count UTF-16 code units, so the emoji before the bad byte counts as two.
    {
      name: 'a bad byte after an emoji',
      input: new Uint8Array([...utf8('😀'), 0xff]),
      line: 1,
      column: 3,
      byteOffset: 4,
    },
  ];
  for (const testCase of cases) {
    it(`reports ${testCase.name} at ${testCase.line}:${testCase.column}`, () => {
      const result = decodeSourceText({ path: 'bad.avsc', bytes: testCase.input });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.diagnostics).toEqual([
        expect.objectContaining({
          ruleId: 'contract/invalid-encoding',
          severity: 'error',
          location: { file: 'bad.avsc', line: testCase.line, column: testCase.column },
          data: { byteOffset: testCase.byteOffset },
        }),
      ]);
    });
  }

  it('reports under the rule id it is given (the config uses its own)', () => {
    const result = decodeSourceText(
      { path: 'kontract.config.json', bytes: bytes(0xff) },
      'config/invalid-json',
    );
    expect(result.ok ? [] : result.diagnostics.map((d) => d.ruleId)).toEqual(['config/invalid-json']);
  });
});

describe('firstInvalidUtf8Byte', () => {
  // The validator must agree with the platform's strict decoder on every byte string.
  it('finds an invalid byte exactly when TextDecoder (fatal) rejects the bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const interesting = fc.constantFrom(
      0x00,
      0x7f,
      0x80,
      0xbf,
      0xc0,
      0xc2,
      0xdf,
      0xe0,
      0xed,
      0xef,
      0xf0,
      0xf4,
      0xf5,
      0xff,
      0xa0,
      0x9f,
      0x90,
      0x8f,
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), interesting), { maxLength: 12 }),
        (values) => {
          const input = new Uint8Array(values);
          let valid = true;
          try {
            decoder.decode(input);
          } catch {
            valid = false;
          }
          const offset = firstInvalidUtf8Byte(input);
          expect(offset === undefined).toBe(valid);
          if (offset !== undefined) {
            // Everything before the reported byte is valid on its own.
            expect(() => decoder.decode(input.subarray(0, offset))).not.toThrow();
          }
        },
      ),
      propertyRuns(2000),
    );
  });
});
