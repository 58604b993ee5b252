/**
 * The reference run over logs of any size: records stream from disk in batches and are handed to
 * the consumer once each, in log order, without ever holding the log in memory. Used for the
 * clean run of a million-record log (the property search works on a bounded prefix, `readLogs`
 * with `maxRecords`).
 */
import type { Diagnostic } from '../../report/diagnostic.ts';
import type { ReplayCatalog } from '../catalog.ts';
import type { AnyConsumer } from '../define-consumer.ts';
import type { RunResult } from '../engine/consumer-run.ts';
import { ConsumerRun } from '../engine/consumer-run.ts';
import { streamLogs } from './read-log.ts';

/** What a streamed reference run gives. */
export interface ReferenceRun {
  result: RunResult;
  /** Records handed to the consumer. */
  delivered: number;
  /** Findings about log lines that were skipped. */
  diagnostics: Diagnostic[];
}

/** Streams `files` through `consumer` once, in log order (records of its topics only). */
export async function runReference(options: {
  consumer: AnyConsumer;
  files: readonly string[];
  catalog: ReplayCatalog;
  root?: string;
  checkInvariants?: boolean;
}): Promise<ReferenceRun> {
  const stream = streamLogs(options.files, {
    catalog: options.catalog,
    ...(options.root ? { root: options.root } : {}),
  });
  const started = await ConsumerRun.start(options.consumer, {
    checkInvariants: options.checkInvariants ?? false,
  });
  if (!(started instanceof ConsumerRun)) {
    return { result: { failures: [], invariantFailures: [], abort: started }, delivered: 0, diagnostics: [] };
  }
  const topics = new Set(options.consumer.topics);
  let delivered = 0;
  batches: for await (const batch of stream.batches) {
    for (const record of batch) {
      if (!topics.has(record.topic)) continue;
      delivered++;
      const pending = started.deliver(record, 1);
      if (typeof pending !== 'string' && (await pending) === 'timeout') break batches;
    }
  }
  return { result: await started.finish(), delivered, diagnostics: stream.diagnostics() };
}
