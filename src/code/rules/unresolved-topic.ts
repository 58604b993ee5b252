/**
 * `code/unresolved-topic` (info): a send whose topic is not one compile-time string. kontract never
 * guesses a topic, so such a send's key and payload are not matched to a contract; this finding
 * says so, so that silence is never mistaken for a clean bill.
 */

import { defineRule } from '../../report/rule.ts';
import type { CodeRuleContext } from '../code-rule.ts';

type MessageId = 'dynamic';

/** The rule record for sends whose topic is computed at run time. */
export const unresolvedTopic = defineRule({
  id: 'code/unresolved-topic',
  kind: 'code',
  defaultSeverity: 'info',
  docs: {
    description:
      'Reports sends whose topic name is computed, so the payload cannot be matched to a contract.',
    rationale:
      'A topic built at run time cannot be resolved statically; reporting it keeps the analysis honest about ' +
      'what it did not check.',
    help: 'Use a constant topic name (a string literal or an `as const` value) where the topic is fixed.',
  },
  messages: {
    dynamic:
      'The topic of this send is computed ({topic}), so its payload is not checked against a contract.',
  },
  check(context: CodeRuleContext<MessageId>) {
    for (const send of context.sends) {
      const seen = new Set<string>();
      for (const message of send.messages) {
        if (message.topic.kind !== 'dynamic' || message.topic.callersNotAnalysed === true) continue;
        const where = `${message.topic.location.file}:${message.topic.location.line}:${message.topic.location.column}`;
        if (seen.has(where)) continue;
        seen.add(where);
        context.report({
          messageId: 'dynamic',
          data: {
            topic: message.topic.text.startsWith('`') ? message.topic.text : `\`${message.topic.text}\``,
            site: send.site,
          },
          location: message.topic.location,
          related: send.via,
        });
      }
    }
  },
});
