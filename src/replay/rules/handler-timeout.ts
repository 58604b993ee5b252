/** `replay/handler-timeout`: a handler that never settles would stall its partition forever. */
import type { LoggedRecord } from '../model.ts';
import { describeRecord } from '../model.ts';
import type { ConsumerFinding } from './consumer-finding.ts';
import { consumerLocation } from './consumer-finding.ts';
import { defineReplayRule } from './replay-rule.ts';

/** A handler did not settle within the consumer's timeout. */
export const handlerTimeout = defineReplayRule<
  'hung',
  ConsumerFinding<{ record: LoggedRecord; timeoutMs: number }>
>({
  id: 'replay/handler-timeout',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description: "Every handler call settles (resolves or throws) within the consumer's `timeoutMs`.",
    rationale:
      'A handler that never resolves stalls its partition: lag grows, the group rebalances, and the record is handed to another instance that stalls too.',
    help: 'Await every promise you start, put timeouts on I/O, and never wait for an event that the same partition would have to deliver.',
  },
  messages: {
    hung: 'Consumer `{consumer}` never finished handling {record} (waited {timeoutMs} ms).',
  },
  check(context) {
    const { detail } = context.input;
    const location = consumerLocation(context.input, detail.record);
    context.report({
      messageId: 'hung',
      data: {
        consumer: context.input.consumer,
        record: describeRecord(detail.record),
        timeoutMs: detail.timeoutMs,
      },
      contract: detail.record.eventType,
      ...(location ? { location } : {}),
    });
  },
});
