/** `replay/setup-failed`: a consumer that cannot be loaded, set up or torn down cannot be replayed. */

import type { ConsumerFinding } from './consumer-finding.ts';
import { consumerLocation } from './consumer-finding.ts';
import { defineReplayRule } from './replay-rule.ts';

/** The consumer's module did not load, or `setup` / `teardown` threw. */
export const setupFailed = defineReplayRule<
  'load' | 'setup' | 'teardown',
  ConsumerFinding<{ phase: 'load' | 'setup' | 'teardown'; error: string }>
>({
  id: 'replay/setup-failed',
  kind: 'replay',
  defaultSeverity: 'error',
  docs: {
    description: 'A consumer module loads, and its `setup` and `teardown` complete.',
    rationale:
      'Without a fresh state per run the harness cannot compare runs; a failing setup hides every other finding.',
    help: "Run the consumer's setup on its own (in a unit test) and fix the error; `setup` must create fresh state each time it is called.",
  },
  messages: {
    load: 'Consumer module `{consumer}` could not be loaded: {error}.',
    setup: 'Consumer `{consumer}` throws in `setup`: {error}.',
    teardown: 'Consumer `{consumer}` throws in `teardown`: {error}.',
  },
  check(context) {
    const { detail } = context.input;
    const location = consumerLocation(context.input);
    context.report({
      messageId: detail.phase,
      data: { consumer: context.input.consumer, error: detail.error },
      ...(location ? { location } : {}),
    });
  },
});
