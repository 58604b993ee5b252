/**
 * The small state file next to a recording in progress (`<log>.state.json`): for each partition the
 * next offset to fetch and the end offset captured when the recording started, the range as asked,
 * and how many bytes of `<log>.partial` hold complete lines. It is written after every appended batch
 * (temp file + rename, so it is never half written); a resumed recording truncates the partial file
 * to `bytes` and fetches from `next`, so that no record is lost or written twice.
 */
import { rename, writeFile } from 'node:fs/promises';

/** One partition's progress. Offsets are decimal strings (int64 exact). */
export interface PartitionProgress {
  partition: number;
  /** Next offset to fetch. */
  next: string;
  /** Exclusive end, captured at the start. */
  end: string;
  /** Records skipped because the broker had already deleted them (retention), if any. */
  skipped: number;
}

/** The range as asked, to refuse resuming with a different one. */
export interface RecordedRange {
  partitions: string;
  from: string;
  to: string;
  valueFormat: 'wire' | 'json';
}

/** The state file's content. */
export interface RecordState {
  format: 'kontract-record-state';
  version: 1;
  topic: string;
  range: RecordedRange;
  partitions: PartitionProgress[];
  records: number;
  /** Bytes of the `.partial` file that hold complete, recorded lines. */
  bytes: number;
  startedAt: string;
}

/** Parses a state file's text; `undefined` with a reason when it is not one kontract wrote. */
export function parseRecordState(text: string): { state: RecordState } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'it is not JSON' };
  }
  const state = json as Partial<RecordState>;
  if (state?.format !== 'kontract-record-state' || state.version !== 1)
    return { problem: 'it is not a kontract record state file (version 1)' };
  const validOffset = (value: unknown) => typeof value === 'string' && /^\d+$/.test(value);
  if (
    typeof state.topic !== 'string' ||
    typeof state.records !== 'number' ||
    typeof state.bytes !== 'number' ||
    typeof state.startedAt !== 'string' ||
    typeof state.range !== 'object' ||
    state.range === null ||
    !Array.isArray(state.partitions) ||
    !state.partitions.every(
      (p) =>
        Number.isInteger(p?.partition) &&
        validOffset(p?.next) &&
        validOffset(p?.end) &&
        Number.isInteger(p?.skipped),
    )
  ) {
    return { problem: 'a field is missing or has the wrong type' };
  }
  return { state: state as RecordState };
}

/** Writes the state atomically: a temp file next to it, then a rename over it. */
export async function writeRecordState(path: string, state: RecordState): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, `${JSON.stringify(state)}\n`);
  await rename(temp, path);
}
