/**
 * Turns a source file's bytes into text, refusing anything that is not valid UTF-8 (a schema saved
 * as Latin-1 would otherwise load with silently mangled names and docs). Pure.
 */
import type { Diagnostic } from '../report/diagnostic.ts';
import { LineIndex } from './json-positions.ts';
import type { LoaderRuleId } from './load-diagnostics.ts';
import { loaderDiagnostic } from './load-diagnostics.ts';
import type { SourceFile } from './model.ts';

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a file as strict UTF-8 (a leading byte order mark is dropped). On invalid bytes, reports
 * `ruleId` at the first invalid byte, converted to a line and column of the text before it.
 */
export function decodeSourceText(
  file: SourceFile,
  ruleId: LoaderRuleId = 'contract/invalid-encoding',
): { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] } {
  try {
    return { ok: true, text: strictDecoder.decode(file.bytes) };
  } catch {
    const offset = firstInvalidUtf8Byte(file.bytes);
    const before = offset === undefined ? '' : strictDecoder.decode(file.bytes.subarray(0, offset));
    const lines = new LineIndex(before);
    const { line, column } = lines.positionAt(before.length);
    const byte = offset === undefined ? undefined : file.bytes[offset];
    const what =
      byte === undefined
        ? 'a truncated UTF-8 sequence at the end'
        : `byte 0x${byte.toString(16).padStart(2, '0')} at byte offset ${offset}`;
    return {
      ok: false,
      diagnostics: [
        loaderDiagnostic(
          ruleId,
          'not-utf8',
          `The file is not valid UTF-8: ${what}.`,
          { file: file.path, line, column },
          {
            data: { byteOffset: offset ?? file.bytes.length },
            help: 'Save the file as UTF-8 (Avro schemas are JSON, and JSON text is UTF-8).',
          },
        ),
      ],
    };
  }
}

/**
 * The offset of the first byte that starts an invalid UTF-8 sequence (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or `undefined` when the bytes are valid.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let min = 0x80;
    let max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) min = 0xa0;
      if (lead === 0xed) max = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) min = 0x90;
      if (lead === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= needed; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const low = k === 1 ? min : 0x80;
      const high = k === 1 ? max : 0xbf;
      if (next < low || next > high) return i;
    }
    i += needed + 1;
  }
  return undefined;
}
