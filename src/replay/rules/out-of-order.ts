/** `replay/out-of-order`: a record whose offset is not after the previous one of its partition is skipped. */
import type { LogLineProblem } from './replay-rule.ts';
import { defineReplayRule, lineLocation } from './replay-rule.ts';

/** A record that breaks offset order within its partition. */
export const outOfOrder = defineReplayRule<'not-after-previous', LogLineProblem>({
  id: 'replay/out-of-order',
  kind: 'replay',
  defaultSeverity: 'warning',
  docs: {
    description: 'Within a partition, a recorded log lists records in increasing offset order.',
    rationale:
      'Kafka delivers a partition in offset order; a log that does not is not a recording of a partition, and replaying it would test a delivery Kafka cannot make.',
    help: 'Record the log again (`kontract record`) or sort each partition by offset; remove duplicated lines.',
  },
  messages: {
    'not-after-previous':
      'Offset {offset} of {stream} is not after offset {previous} (line {previousLine}); the record is skipped.',
  },
  check(context) {
    context.report({
      messageId: 'not-after-previous',
      data: context.input.problem.data,
      location: lineLocation(context.input.source),
    });
  },
});
