import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendPointer,
  findDepthViolation,
  LineIndex,
  maxJsonDepth,
  parseJsonDocument,
  parsePointer,
} from '../../src/contracts/json-positions.ts';
import type { Json } from '../../src/contracts/model.ts';
import { propertyRuns } from '../support/property.ts';

/** Offset of a 1-based line/column, computed naively (independently of LineIndex). */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const match = /\r\n|\r|\n/g;
    match.lastIndex = offset;
    const found = match.exec(text);
    if (!found) throw new Error(`line ${line} does not exist`);
    offset = found.index + found[0].length;
  }
  return offset + column - 1;
}

function sliceOf(
  text: string,
  location: { line: number; column: number; endLine?: number; endColumn?: number },
): string {
  return text.slice(
    offsetOf(text, location.line, location.column),
    offsetOf(text, location.endLine!, location.endColumn!),
  );
}

/** Every pointer in a JSON value with the value it points at (iteratively). */
function pointersOf(value: Json): { pointer: string; value: Json; isMember: boolean }[] {
  const result: { pointer: string; value: Json; isMember: boolean }[] = [];
  const stack: { pointer: string; value: Json; isMember: boolean }[] = [
    { pointer: '', value, isMember: false },
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    result.push(item);
    if (Array.isArray(item.value)) {
      item.value.forEach((child, index) => {
        stack.push({ pointer: appendPointer(item.pointer, index), value: child, isMember: false });
      });
    } else if (item.value !== null && typeof item.value === 'object') {
      for (const [key, child] of Object.entries(item.value)) {
        stack.push({ pointer: appendPointer(item.pointer, key), value: child, isMember: true });
      }
    }
  }
  return result;
}

/** Serialises JSON with whitespace taken in turn from `spaces`, so positions move around. */
function render(value: Json, spaces: readonly string[]): string {
  let turn = 0;
  const space = (): string => spaces[turn++ % spaces.length] ?? '';
  const write = (node: Json): string => {
    if (Array.isArray(node))
      return `[${space()}${node.map((item) => `${write(item)}${space()}`).join(`,${space()}`)}]`;
    if (node !== null && typeof node === 'object') {
      const members = Object.entries(node).map(
        ([key, item]) => `${JSON.stringify(key)}${space()}:${space()}${write(item)}`,
      );
      return `{${space()}${members.join(`${space()},${space()}`)}${space()}}`;
    }
    return JSON.stringify(node);
  };
  return `${space()}${write(value)}${space()}`;
}

const whitespace = fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '\r', '\t', '  \n    '), {
  minLength: 1,
  maxLength: 12,
});

function parseOrFail(file: string, text: string) {
  const parsed = parseJsonDocument(file, text);
  if (!parsed.ok) throw new Error(`expected valid JSON, got ${parsed.diagnostics[0]?.message}`);
  return parsed;
}

describe('parseJsonDocument positions', () => {
  const text = '{\n  "type": "record",\n  "fields": [\n    { "name": "id", "type": "string" }\n  ]\n}\n';

  it('locates values with exclusive end positions and the pointer', () => {
    const { positions } = parseOrFail('a.avsc', text);
    expect(positions.locate('/fields/0/name')).toEqual({
      file: 'a.avsc',
      line: 4,
      column: 15,
      endLine: 4,
      endColumn: 19,
      pointer: '/fields/0/name',
    });
    expect(positions.locate('')).toMatchObject({ line: 1, column: 1, endLine: 6, endColumn: 2, pointer: '' });
  });

  it('locates the key of a member, and has no key for array items', () => {
    const { positions } = parseOrFail('a.avsc', text);
    expect(positions.locateKey('/fields/0/type')).toMatchObject({ line: 4, column: 21, endColumn: 27 });
    expect(positions.locateKey('/fields/0')).toBeUndefined();
    expect(positions.locateKey('/nope')).toBeUndefined();
  });

  // Lint rules report missing things ("no version field") at a pointer that does not exist.
  it('falls back to the nearest existing ancestor for an unknown pointer', () => {
    const { positions } = parseOrFail('a.avsc', text);
    expect(positions.locate('/fields/7/type')).toMatchObject({ line: 3, column: 13, pointer: '/fields' });
    expect(positions.locate('/fields/0/doc')).toMatchObject({ line: 4, column: 5, pointer: '/fields/0' });
    expect(positions.locate('not-a-pointer')).toMatchObject({ line: 1, column: 1, pointer: '' });
  });

  // JSON.parse keeps the last of duplicate keys, so the position must be the last one's too.
  it('locates the last occurrence of a duplicated key', () => {
    const { value, positions } = parseOrFail('d.json', '{"a": 1,\n "a": 2}');
    expect(value).toEqual({ a: 2 });
    expect(positions.locate('/a')).toMatchObject({ line: 2, column: 7 });
  });

  it('escapes ~ and / in pointers as RFC 6901 says', () => {
    const { positions } = parseOrFail('e.json', '{"a/b": {"c~d": true}}');
    expect(positions.locate('/a~1b/c~0d')).toMatchObject({ line: 1, column: 17, endColumn: 21 });
    expect(parsePointer('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(appendPointer('', 'a/b', 'c~d', 0)).toBe('/a~1b/c~0d/0');
  });

  // A byte order mark is invisible in editors: columns must not count it.
  it('accepts a leading byte order mark without shifting columns', () => {
    const { value, positions } = parseOrFail('bom.json', '\ufeff{"a": 1}');
    expect(value).toEqual({ a: 1 });
    expect(positions.locate('/a')).toMatchObject({ line: 1, column: 7 });
  });

  it('counts \\r\\n and lone \\r as one line break each', () => {
    const { positions } = parseOrFail('crlf.json', '{\r\n"a":\r1,\n"b": 2}');
    expect(positions.locate('/a')).toMatchObject({ line: 3, column: 1 });
    expect(positions.locate('/b')).toMatchObject({ line: 4, column: 6 });
  });

  it('locates every pointer of generated documents exactly: the located text parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), whitespace, (generated, spaces) => {
        const value = JSON.parse(JSON.stringify(generated)) as Json;
        const source = render(value, spaces);
        const { value: parsed, positions } = parseOrFail('gen.json', source);
        expect(parsed).toEqual(value);
        for (const entry of pointersOf(value)) {
          const location = positions.locate(entry.pointer);
          expect(location.pointer).toBe(entry.pointer);
          expect(JSON.parse(sliceOf(source, location))).toEqual(entry.value);
          const key = positions.locateKey(entry.pointer);
          if (entry.isMember) {
            const tokens = parsePointer(entry.pointer)!;
            expect(JSON.parse(sliceOf(source, key!))).toBe(tokens.at(-1));
          } else expect(key).toBeUndefined();
        }
      }),
      propertyRuns(200),
    );
  });
});

describe('parseJsonDocument errors', () => {
  const cases: { name: string; text: string; line: number; column: number; message: string }[] = [
    {
      name: 'missing comma in an object',
      text: '{\n  "a": 1\n  "b": 2\n}',
      line: 3,
      column: 3,
      message: 'expected a comma or closing brace',
    },
    {
      name: 'missing comma in an array',
      text: '[1\n 2]',
      line: 2,
      column: 2,
      message: 'expected a comma or closing bracket',
    },
    {
      name: 'trailing comma in an object',
      text: '{"a": 1,\n}',
      line: 1,
      column: 8,
      message: 'trailing comma before the closing brace',
    },
    {
      name: 'trailing comma in an array',
      text: '[1, 2, ]',
      line: 1,
      column: 6,
      message: 'trailing comma before the closing bracket',
    },
    {
      name: 'missing colon',
      text: '{"a" 1}',
      line: 1,
      column: 6,
      message: 'expected a colon after the property name',
    },
    {
      name: 'unquoted key',
      text: '{a: 1}',
      line: 1,
      column: 2,
      message: 'expected a property name in double quotes',
    },
    {
      name: 'line comment',
      text: '{\n  // why\n  "a": 1}',
      line: 2,
      column: 3,
      message: 'comments are not allowed in JSON',
    },
    {
      name: 'block comment',
      text: '{"a": /* x */ 1}',
      line: 1,
      column: 7,
      message: 'comments are not allowed in JSON',
    },
    { name: 'empty file', text: '', line: 1, column: 1, message: 'the file is empty, expected a JSON value' },
    {
      name: 'whitespace only',
      text: '  \n ',
      line: 2,
      column: 2,
      message: 'the file is empty, expected a JSON value',
    },
    {
      name: 'content after the value',
      text: '{}\n{}',
      line: 2,
      column: 1,
      message: 'unexpected content after the JSON value',
    },
    { name: 'unterminated string', text: '{"a": "abc', line: 1, column: 7, message: 'unterminated string' },
    {
      name: 'unterminated object',
      text: '{"a": 1',
      line: 1,
      column: 8,
      message: 'unexpected end of file, expected a comma or closing brace',
    },
    {
      name: 'bad escape',
      text: '["a\\qb"]',
      line: 1,
      column: 2,
      message: 'invalid escape sequence in string',
    },
    {
      name: 'raw tab in string',
      text: '["a\tb"]',
      line: 1,
      column: 2,
      message: 'control character in string, it must be escaped',
    },
    { name: 'NaN', text: '[NaN]', line: 1, column: 2, message: 'unexpected "NaN"' },
    {
      name: 'leading zero',
      text: '[01]',
      line: 1,
      column: 3,
      message: 'expected a comma or closing bracket',
    },
    {
      name: 'single quotes',
      text: "{'a': 1}",
      line: 1,
      column: 2,
      message: 'expected a property name in double quotes',
    },
  ];
  for (const testCase of cases) {
    it(`reports ${testCase.name} at ${testCase.line}:${testCase.column}`, () => {
      const parsed = parseJsonDocument('bad.json', testCase.text);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.diagnostics).toHaveLength(1);
      expect(parsed.diagnostics[0]).toMatchObject({
        ruleId: 'contract/invalid-json',
        severity: 'error',
        message: `Invalid JSON: ${testCase.message}.`,
        location: { file: 'bad.json', line: testCase.line, column: testCase.column },
      });
    });
  }

  // 10,000 levels would overflow any recursive parser; the pre-scan must catch it first.
  it('reports a 10,000-deep document at the bracket that crosses the limit, without a RangeError', () => {
    const depth = 10_000;
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const parsed = parseJsonDocument('deep.json', text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'contract/too-deep',
        location: expect.objectContaining({ line: 1, column: maxJsonDepth + 1 }),
      }),
    ]);
  });

  it('accepts exactly the depth limit and counts brackets inside strings as text', () => {
    const atLimit = `${'['.repeat(maxJsonDepth)}"[[{{"${']'.repeat(maxJsonDepth)}`;
    expect(parseJsonDocument('limit.json', atLimit).ok).toBe(true);
    expect(findDepthViolation('{"a": "\\"[[[["}', 1)).toBeUndefined();
    expect(findDepthViolation('{"a": {"b": 1}}', 1)).toBe(6);
  });

  it('never throws and agrees with JSON.parse on arbitrary text', () => {
    const nearJson = fc
      .tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.string({ maxLength: 3 }))
      .map(([value, at, insert]) => {
        const text = JSON.stringify(value);
        const cut = at % (text.length + 1);
        return `${text.slice(0, cut)}${insert}${text.slice(cut + (at % 3))}`;
      });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), nearJson), (text) => {
        let valid = true;
        try {
          JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        } catch {
          valid = false;
        }
        const parsed = parseJsonDocument('any.json', text);
        expect(parsed.ok).toBe(valid);
        if (!parsed.ok) {
          expect(parsed.diagnostics).toHaveLength(1);
          expect(parsed.diagnostics[0]!.location!.line).toBeGreaterThanOrEqual(1);
        }
      }),
      propertyRuns(500),
    );
  });
});

describe('LineIndex', () => {
  it('agrees with a naive line/column count on every offset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'é', '\n', '\r', '\r\n', ' ', '😀'), { maxLength: 40 }),
        (parts) => {
          const text = parts.join('');
          const index = new LineIndex(text);
          let line = 1;
          let column = 1;
          for (let offset = 0; offset <= text.length; offset++) {
            expect(index.positionAt(offset)).toEqual({ line, column });
            const char = text[offset];
            if (char === '\n' || (char === '\r' && text[offset + 1] !== '\n')) {
              line++;
              column = 1;
            } else column++;
          }
        },
      ),
      propertyRuns(200),
    );
  });
});
