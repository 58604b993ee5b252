/** `replay/unknown-topic`: records of a topic no contract declares cannot be validated and are skipped. */
import type { LogLineProblem } from './replay-rule.ts';
import { defineReplayRule, lineLocation } from './replay-rule.ts';

/** The first record of a topic that no contract declares (one finding per topic). */
export const unknownTopic = defineReplayRule<'unknown', LogLineProblem & { count: number }>({
  id: 'replay/unknown-topic',
  kind: 'replay',
  defaultSeverity: 'warning',
  docs: {
    description: 'Every topic in a recorded log is the topic of at least one contract.',
    rationale:
      'A record of an undeclared topic cannot be validated or typed, so no consumer can be tested with it.',
    help: "Set the contract's `topic` in kontract.config.json, or drop the topic from the log.",
  },
  messages: {
    unknown: 'Topic `{topic}` has no contract; its {count} record(s) are skipped.',
  },
  check(context) {
    context.report({
      messageId: 'unknown',
      data: { ...context.input.problem.data, count: context.input.count },
      location: lineLocation(context.input.source),
    });
  },
});
