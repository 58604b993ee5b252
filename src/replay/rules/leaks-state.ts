/** `replay/leaks-state`: two clean runs must agree, or the consumer keeps state outside `setup`. */
import type { ConsumerFinding } from './consumer-finding.ts';
import { consumerLocation } from './consumer-finding.ts';
import { defineReplayRule } from './replay-rule.ts';

/** Two reference runs (same log, same order, fresh setup) gave different snapshots. */
export const leaksState = defineReplayRule<'differs', ConsumerFinding<{ changes: string[] }>>({
  id: 'replay/leaks-state',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description:
      'Two clean runs of the same log give the same snapshot: all state lives in what `setup` returns.',
    rationale:
      'State kept in module variables, caches or clocks survives between runs (and between restarts in production), so no comparison of runs means anything; the other properties are not checked.',
    help: 'Move module-level maps, counters and caches into the object `setup` returns; do not read the clock or randomness in the handler.',
  },
  messages: {
    differs:
      'Consumer `{consumer}` leaks state between runs: two clean runs of the same log differ ({first}).',
  },
  check(context) {
    const location = consumerLocation(context.input);
    context.report({
      messageId: 'differs',
      data: {
        consumer: context.input.consumer,
        first: context.input.detail.changes[0] ?? 'snapshots differ',
      },
      ...(location ? { location } : {}),
    });
  },
});
