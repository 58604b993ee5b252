/**
 * Reads recorded logs (kontract NDJSON envelopes and `kcat -J` lines, mixed freely) from disk into
 * a `RecordedLog`, or streams them record by record. Each line is decoded with today's contracts;
 * a line that cannot be read is a finding with its file and line, and the reading goes on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../report/diagnostic.ts';
import type { ReplayCatalog } from '../catalog.ts';
import { RecordDecoder } from '../decode-record.ts';
import { LogAssembler } from '../log-assembler.ts';
import type { LoggedRecord, RecordedLog } from '../model.ts';
import { badRecord } from '../rules/bad-record.ts';
import { outOfOrder } from '../rules/out-of-order.ts';
import { findingsOf } from '../rules/replay-rule.ts';
import { unknownTopic } from '../rules/unknown-topic.ts';
import { readLineBatches } from './line-reader.ts';
import { loadSchemaSidecar } from './schema-sidecar.ts';

/** Options for reading logs. */
export interface ReadLogOptions {
  catalog: ReplayCatalog;
  /** Paths in findings are relative to this directory (the project root). Default: the working directory. */
  root?: string;
  /** Keep at most this many valid records in memory (the property search works on this prefix of the log). */
  maxRecords?: number;
}

/** Logs read into memory, with the findings about lines that were skipped. */
export interface LoadedLog {
  log: RecordedLog;
  diagnostics: Diagnostic[];
  /** Valid records seen (including those past `maxRecords`). */
  validRecords: number;
  /** True when `maxRecords` cut the log short. */
  truncated: boolean;
}

/** Collects line findings, one `replay/unknown-topic` per topic. */
class FindingCollector {
  readonly diagnostics: Diagnostic[] = [];
  readonly #unknownTopics = new Map<
    string,
    { source: { file: string; line: number }; count: number; data: Record<string, string | number | boolean> }
  >();

  note(
    problem: { ruleId: string; messageId: string; data: Record<string, string | number | boolean> },
    file: string,
    line: number,
  ): void {
    const source = { file, line };
    if (problem.ruleId === 'replay/unknown-topic') {
      const topic = String(problem.data.topic);
      const seen = this.#unknownTopics.get(topic);
      if (seen) seen.count++;
      else this.#unknownTopics.set(topic, { source, count: 1, data: problem.data });
      return;
    }
    const rule = problem.ruleId === 'replay/out-of-order' ? outOfOrder : badRecord;
    this.diagnostics.push(...findingsOf(rule as typeof badRecord, { problem, source }));
  }

  finish(): Diagnostic[] {
    for (const { source, count, data } of this.#unknownTopics.values()) {
      this.diagnostics.push(
        ...findingsOf(unknownTopic, { problem: { messageId: 'unknown', data }, source, count }),
      );
    }
    this.#unknownTopics.clear();
    return this.diagnostics;
  }
}

function relativeTo(root: string, file: string): string {
  return path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
}

/**
 * Adds the writer schemas of each log's `<log>.schemas.json` sidecar (when present) to the catalog,
 * so wire-format values can be decoded.
 */
export function catalogWithSidecars(catalog: ReplayCatalog, files: readonly string[]): ReplayCatalog {
  for (const file of files) {
    const sidecar = sidecarPath(file);
    if (existsSync(sidecar)) return { ...catalog, writerSchemas: loadSchemaSidecar(sidecar, catalog) };
  }
  return catalog;
}

/** `<log>.schemas.json` next to a log: `demo.ndjson` → `demo.schemas.json`. */
export function sidecarPath(file: string): string {
  const ext = path.extname(file);
  return `${ext === '' ? file : file.slice(0, -ext.length)}.schemas.json`;
}

/** Reads logs into memory (up to `maxRecords` valid records), in the order the files are given. */
export async function readLogs(files: readonly string[], options: ReadLogOptions): Promise<LoadedLog> {
  const root = options.root ?? process.cwd();
  const catalog = options.catalog.writerSchemas
    ? options.catalog
    : catalogWithSidecars(options.catalog, files);
  const decoder = new RecordDecoder(catalog);
  const assembler = new LogAssembler({ keep: true });
  const findings = new FindingCollector();
  const max = options.maxRecords ?? Number.POSITIVE_INFINITY;
  let valid = 0;
  let truncated = false;
  for (const file of files) {
    const shown = relativeTo(root, file);
    for await (const batch of readLineBatches(path.resolve(root, file))) {
      for (let i = 0; i < batch.lines.length; i++) {
        const text = batch.lines[i]!;
        if (text.trim() === '') continue;
        const line = batch.firstLine + i;
        const decoded = decoder.decodeLine(text);
        if (!decoded.ok) {
          findings.note(decoded.problem, shown, line);
          continue;
        }
        if (valid >= max) {
          truncated = true;
          valid++;
          continue;
        }
        const placed = assembler.add(decoded.record, { file: shown, line });
        if (!placed.ok) findings.note(placed.problem, shown, line);
        else valid++;
      }
    }
  }
  return { log: assembler.finish(), diagnostics: findings.finish(), validRecords: valid, truncated };
}

/**
 * Streams the valid records of logs in batches without keeping them: for the reference run over
 * logs too large for memory. Findings about skipped lines are returned by `diagnostics()` at the end.
 */
export function streamLogs(
  files: readonly string[],
  options: Omit<ReadLogOptions, 'maxRecords'>,
): {
  batches: AsyncGenerator<LoggedRecord[]>;
  diagnostics(): Diagnostic[];
  currentVersion(eventType: string): number | undefined;
} {
  const root = options.root ?? process.cwd();
  const catalog = options.catalog.writerSchemas
    ? options.catalog
    : catalogWithSidecars(options.catalog, files);
  const decoder = new RecordDecoder(catalog);
  const assembler = new LogAssembler({ keep: false });
  const findings = new FindingCollector();
  async function* batches(): AsyncGenerator<LoggedRecord[]> {
    for (const file of files) {
      const shown = relativeTo(root, file);
      for await (const batch of readLineBatches(path.resolve(root, file))) {
        const records: LoggedRecord[] = [];
        for (let i = 0; i < batch.lines.length; i++) {
          const text = batch.lines[i]!;
          if (text.length === 0) continue;
          const line = batch.firstLine + i;
          const decoded = decoder.decodeLine(text);
          if (!decoded.ok) {
            findings.note(decoded.problem, shown, line);
            continue;
          }
          const placed = assembler.add(decoded.record, { file: shown, line });
          if (placed.ok) records.push(placed.record);
          else findings.note(placed.problem, shown, line);
        }
        yield records;
      }
    }
  }
  return {
    batches: batches(),
    diagnostics: () => findings.finish(),
    currentVersion: (eventType) => assembler.currentVersion(eventType),
  };
}
