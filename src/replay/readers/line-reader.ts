/**
 * Streams a file as lines without ever holding it as text: chunks of bytes are split on `\n`, each
 * line decoded on its own (a trailing `\r` dropped). Constant memory apart from the longest line.
 */
import { createReadStream } from 'node:fs';

/** A batch of consecutive lines and the 1-based number of the first. */
export interface LineBatch {
  lines: string[];
  firstLine: number;
}

/** Yields the file's lines in batches (one per chunk read); the last line may lack a newline. */
export async function* readLineBatches(path: string, chunkBytes = 1 << 20): AsyncGenerator<LineBatch> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  let carry: Buffer | undefined;
  let lineNumber = 1;
  for await (const piece of stream) {
    const chunk: Buffer = carry ? Buffer.concat([carry, piece as Buffer]) : (piece as Buffer);
    const lines: string[] = [];
    let start = 0;
    let newline = chunk.indexOf(10, start);
    while (newline !== -1) {
      const end = newline > start && chunk[newline - 1] === 13 ? newline - 1 : newline;
      lines.push(chunk.toString('utf8', start, end));
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    carry = start < chunk.length ? chunk.subarray(start) : undefined;
    if (lines.length > 0) {
      yield { lines, firstLine: lineNumber };
      lineNumber += lines.length;
    }
  }
  if (carry && carry.length > 0) {
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    yield { lines: [carry.toString('utf8', 0, end)], firstLine: lineNumber };
  }
}
