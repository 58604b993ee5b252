/** `replay/handler-error`: a handler that throws on a current-schema record of a clean run. */
import type { LoggedRecord } from '../model.ts';
import { describeRecord } from '../model.ts';
import type { ConsumerFinding } from './consumer-finding.ts';
import { consumerLocation } from './consumer-finding.ts';
import { defineReplayRule } from './replay-rule.ts';

/** The handler threw on a record of the clean, in-order run; the record was skipped. */
export const handlerError = defineReplayRule<
  'threw',
  ConsumerFinding<{ record: LoggedRecord; error: string; count: number }>
>({
  id: 'replay/handler-error',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description:
      'The handler handles every valid record of the log, delivered cleanly and in order, without throwing.',
    rationale:
      'A record that makes the handler throw is retried forever or dead-lettered in production: the projection silently misses it.',
    help: 'Handle the record (or decide explicitly to ignore it) instead of throwing.',
  },
  messages: {
    threw: 'Consumer `{consumer}` throws on {record}: {error} ({count} record(s) of the log throw).',
  },
  check(context) {
    const { detail } = context.input;
    const location = consumerLocation(context.input, detail.record);
    context.report({
      messageId: 'threw',
      data: {
        consumer: context.input.consumer,
        record: describeRecord(detail.record),
        error: detail.error,
        count: detail.count,
      },
      contract: detail.record.eventType,
      ...(location ? { location } : {}),
    });
  },
});
