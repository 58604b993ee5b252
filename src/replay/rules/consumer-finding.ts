/** What health rules receive: the consumer concerned, its module, and the detection's details. */
import type { SourceLocation } from '../../report/diagnostic.ts';
import type { LoggedRecord } from '../model.ts';
import { lineLocation } from './replay-rule.ts';

/** A detection about one consumer. */
export interface ConsumerFinding<Detail> {
  consumer: string;
  /** Project-relative path of the consumer's module, when it was loaded from a file. */
  consumerFile?: string;
  detail: Detail;
}

/** Where a consumer-level finding points: the record concerned, else the consumer's module. */
export function consumerLocation(
  finding: ConsumerFinding<unknown>,
  record?: LoggedRecord,
): SourceLocation | undefined {
  if (record?.source) return lineLocation(record.source);
  return finding.consumerFile === undefined ? undefined : { file: finding.consumerFile, line: 1, column: 1 };
}
