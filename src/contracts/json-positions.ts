/**
 * Strict JSON parsing that keeps a source position for every JSON pointer, so that every finding
 * about a schema or the config can point at the exact line and column. Pure.
 *
 * Positions: lines and columns are 1-based; columns count UTF-16 code units (what editors, GitHub
 * annotations and SARIF's default `utf16CodeUnits` use). `endLine`/`endColumn` are exclusive: they
 * name the position just after the last character of the value. A leading UTF-8 byte order mark is
 * accepted and not counted.
 */
import type { Node, ParseError } from 'jsonc-parser';
import { parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import type { Diagnostic, SourceLocation } from '../report/diagnostic.ts';
import type { LoaderRuleId } from './load-diagnostics.ts';
import { loaderDiagnostic } from './load-diagnostics.ts';
import type { Json, PositionMap } from './model.ts';

/**
 * Deepest nesting of arrays and objects a document may have. Avro Java and avsc both parse schemas
 * recursively, and so does the JSON tree builder; 256 levels is far beyond any real schema and far
 * below any stack limit.
 */
export const maxJsonDepth = 256;

const parseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** Escapes one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Appends reference tokens to a JSON pointer: `appendPointer('/fields', 0, 'type')` → `/fields/0/type`. */
export function appendPointer(pointer: string, ...tokens: readonly (string | number)[]): string {
  let result = pointer;
  for (const token of tokens) result += `/${escapePointerToken(token)}`;
  return result;
}

/** Splits a JSON pointer into its unescaped reference tokens; `undefined` when it is not a pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Converts offsets in a text to 1-based line and column, with a table of line starts (binary search). */
export class LineIndex {
  readonly #lineStarts: number[];

  constructor(text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      // \r\n is one line break; a lone \r is one too, as editors count it.
      if (code === 10) starts.push(i + 1);
      else if (code === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.#lineStarts = starts;
  }

  /** The 1-based line and column of a 0-based UTF-16 offset. */
  positionAt(offset: number): { line: number; column: number } {
    const starts = this.#lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }
}

/**
 * Finds the offset of the first `[` or `{` that nests deeper than `limit`, scanning iteratively
 * (strings are skipped, so brackets inside them do not count). Runs before any recursive parser.
 */
export function findDepthViolation(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92 /* \ */) i++;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 /* [ */ || code === 123 /* { */) {
      depth++;
      if (depth > limit) return i;
    } else if (code === 93 /* ] */ || code === 125 /* } */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/** Rule ids a JSON document's diagnostics use: contract files and the config file differ. */
export interface JsonRuleIds {
  invalidJson: LoaderRuleId;
  tooDeep: LoaderRuleId;
}

const contractJsonRules: JsonRuleIds = { invalidJson: 'contract/invalid-json', tooDeep: 'contract/too-deep' };

/** Parses strict JSON keeping a position for every JSON pointer. */
export function parseJsonDocument(
  file: string,
  text: string,
): { ok: true; value: Json; positions: PositionMap } | { ok: false; diagnostics: Diagnostic[] } {
  return parseJsonWithRules(file, text, contractJsonRules);
}

/**
 * {@link parseJsonDocument} with the rule ids to report under (the config file reports
 * `config/invalid-json`). Never throws, whatever the text.
 * @internal
 */
export function parseJsonWithRules(
  file: string,
  input: string,
  rules: JsonRuleIds,
): { ok: true; value: Json; positions: PositionMap } | { ok: false; diagnostics: Diagnostic[] } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = new LineIndex(text);
  const at = (offset: number, length = 0): SourceLocation => span(file, lines, offset, length);

  const tooDeepAt = findDepthViolation(text, maxJsonDepth);
  if (tooDeepAt !== undefined) {
    return {
      ok: false,
      diagnostics: [
        loaderDiagnostic(
          rules.tooDeep,
          'too-deep',
          `JSON nests deeper than ${maxJsonDepth} levels here; kontract (like Avro's own parsers) does not read schemas this deep.`,
          at(tooDeepAt, 1),
          { data: { limit: maxJsonDepth } },
        ),
      ],
    };
  }

  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, parseOptions);
  const firstError = errors[0];
  if (firstError !== undefined || tree === undefined) {
    // parseTree only returns no tree with no error for empty content, which it is told to reject.
    const error = firstError ?? { error: 4 /* ValueExpected */, offset: 0, length: 0 };
    const problem = describeParseError(text, error);
    // A trailing comma is reported on the comma itself, which is what has to go.
    const comma = problem.startsWith('trailing comma') ? text.lastIndexOf(',', error.offset) : -1;
    return {
      ok: false,
      diagnostics: [
        loaderDiagnostic(
          rules.invalidJson,
          'syntax',
          `Invalid JSON: ${problem}.`,
          comma >= 0 ? at(comma, 1) : at(error.offset, error.length),
          {
            data: { problem },
          },
        ),
      ],
    };
  }

  let value: Json;
  try {
    // JSON.parse is the authority on strict JSON and builds the value without recursion limits.
    value = JSON.parse(text) as Json;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? 0);
    const problem = message.replace(/ in JSON at position.*$/s, '').replace(/\.$/, '');
    return {
      ok: false,
      diagnostics: [
        loaderDiagnostic(rules.invalidJson, 'syntax', `Invalid JSON: ${problem}.`, at(offset, 0), {
          data: { problem },
        }),
      ],
    };
  }
  return { ok: true, value, positions: new TreePositionMap(file, tree, lines) };
}

function span(file: string, lines: LineIndex, offset: number, length: number): SourceLocation {
  const start = lines.positionAt(offset);
  const end = lines.positionAt(offset + length);
  return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** What kind of container the parser was in when it failed, found by replaying the text. */
function containerAt(text: string, offset: number): 'object' | 'array' | undefined {
  const stack: ('object' | 'array')[] = [];
  let done = false;
  visit(
    text,
    {
      onObjectBegin: (at) => {
        if (!done && at < offset) stack.push('object');
      },
      onArrayBegin: (at) => {
        if (!done && at < offset) stack.push('array');
      },
      onObjectEnd: (at) => {
        if (!done && at < offset) stack.pop();
      },
      onArrayEnd: (at) => {
        if (!done && at < offset) stack.pop();
      },
      onError: () => {
        done = true;
      },
    },
    parseOptions,
  );
  return stack.at(-1);
}

function previousSignificant(text: string, offset: number): string | undefined {
  for (let i = offset - 1; i >= 0; i--) {
    const char = text[i]!;
    if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') return char;
  }
  return undefined;
}

/** A short phrase naming what is wrong, in the words a JSON user expects. */
function describeParseError(text: string, error: ParseError): string {
  const code = printParseErrorCode(error.error);
  const here = text[error.offset];
  const atEnd = error.offset >= text.length;
  const trailingComma = previousSignificant(text, error.offset) === ',' && (here === '}' || here === ']');
  switch (code) {
    case 'PropertyNameExpected':
      if (trailingComma) return 'trailing comma before the closing brace';
      return 'expected a property name in double quotes';
    case 'ValueExpected':
      if (trailingComma) return `trailing comma before the closing ${here === '}' ? 'brace' : 'bracket'}`;
      if (atEnd)
        return text.trim() === ''
          ? 'the file is empty, expected a JSON value'
          : 'unexpected end of file, expected a value';
      if (containerAt(text, error.offset) === 'object' && previousSignificant(text, error.offset) !== ':')
        return 'expected a property name in double quotes';
      return 'expected a value';
    case 'ColonExpected':
      return 'expected a colon after the property name';
    case 'CommaExpected':
      return containerAt(text, error.offset) === 'array'
        ? 'expected a comma or closing bracket'
        : 'expected a comma or closing brace';
    case 'CloseBraceExpected':
      return atEnd
        ? 'unexpected end of file, expected a comma or closing brace'
        : 'expected a comma or closing brace';
    case 'CloseBracketExpected':
      return atEnd
        ? 'unexpected end of file, expected a comma or closing bracket'
        : 'expected a comma or closing bracket';
    case 'EndOfFileExpected':
      return 'unexpected content after the JSON value';
    case 'InvalidCommentToken':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfComment':
      return 'unterminated comment (and comments are not allowed in JSON)';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'UnexpectedEndOfNumber':
    case 'InvalidNumberFormat':
      return 'invalid number';
    case 'InvalidUnicode':
      return 'invalid \\u escape, expected four hex digits';
    case 'InvalidEscapeCharacter':
      return 'invalid escape sequence in string';
    case 'InvalidCharacter':
      return 'control character in string, it must be escaped';
    case 'InvalidSymbol':
      if (
        containerAt(text, error.offset) === 'object' &&
        ['{', ','].includes(previousSignificant(text, error.offset) ?? '')
      )
        return 'expected a property name in double quotes';
      return `unexpected ${JSON.stringify(text.slice(error.offset, error.offset + Math.max(1, Math.min(error.length, 20))))}`;
    default:
      return 'invalid JSON';
  }
}

/**
 * Resolves pointers lazily against the parse tree, remembering what it resolved. Duplicate keys
 * resolve to the last occurrence, as `JSON.parse` keeps the last value.
 */
class TreePositionMap implements PositionMap {
  readonly #file: string;
  readonly #root: Node;
  readonly #lines: LineIndex;
  readonly #cache = new Map<string, Node | undefined>();

  constructor(file: string, root: Node, lines: LineIndex) {
    this.#file = file;
    this.#root = root;
    this.#lines = lines;
  }

  locate(pointer: string): SourceLocation {
    const { node, pointer: found } = this.#nearest(pointer);
    return { ...span(this.#file, this.#lines, node.offset, node.length), pointer: found };
  }

  locateKey(pointer: string): SourceLocation | undefined {
    const node = this.#resolve(pointer);
    const property = node?.parent;
    if (property?.type !== 'property') return undefined;
    const key = property.children?.[0];
    if (key === undefined) return undefined;
    return { ...span(this.#file, this.#lines, key.offset, key.length), pointer };
  }

  #nearest(pointer: string): { node: Node; pointer: string } {
    const tokens = parsePointer(pointer);
    if (tokens === undefined) return { node: this.#root, pointer: '' };
    for (let length = tokens.length; length > 0; length--) {
      const candidate = appendPointer('', ...tokens.slice(0, length));
      const node = this.#resolve(candidate);
      if (node !== undefined) return { node, pointer: candidate };
    }
    return { node: this.#root, pointer: '' };
  }

  #resolve(pointer: string): Node | undefined {
    if (pointer === '') return this.#root;
    if (this.#cache.has(pointer)) return this.#cache.get(pointer);
    const tokens = parsePointer(pointer);
    let node: Node | undefined = tokens === undefined ? undefined : this.#root;
    for (const token of tokens ?? []) {
      if (node === undefined) break;
      node = child(node, token);
    }
    this.#cache.set(pointer, node);
    return node;
  }
}

function child(node: Node, token: string): Node | undefined {
  const children = node.children ?? [];
  if (node.type === 'array') {
    if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
    return children[Number(token)];
  }
  if (node.type !== 'object') return undefined;
  for (let i = children.length - 1; i >= 0; i--) {
    const property = children[i]!;
    if (property.children?.[0]?.value === token) return property.children[1];
  }
  return undefined;
}
