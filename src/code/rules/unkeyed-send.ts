/**
 * `code/unkeyed-send`: a send whose record key is missing, null/undefined, or the same constant on
 * every send. Kafka orders records only within a partition and picks the partition from the key, so
 * an entity's events sent without its id as key lose their relative order.
 */

import { defineRule } from '../../report/rule.ts';
import type { CodeRuleContext } from '../code-rule.ts';
import { topicLabel } from '../topic-label.ts';

type MessageId = 'missing' | 'nullish' | 'constant';

/** The rule record for unkeyed or constant-keyed sends. */
export const unkeyedSend = defineRule({
  id: 'code/unkeyed-send',
  kind: 'code',
  defaultSeverity: 'error',
  docs: {
    description: 'Every message sent to Kafka carries the entity id as its key.',
    rationale:
      'The key picks the partition and Kafka keeps order only within a partition: without a per-entity key, ' +
      'events of one entity are spread over partitions (or all piled on one) and consumers see them out of order.',
    help: "Set the message key to the entity id the contract's key field names.",
  },
  messages: {
    missing: 'Message sent to topic {topic} has no key, so events of one entity lose their order.',
    nullish: 'Message sent to topic {topic} has the key {value}, so events of one entity lose their order.',
    constant:
      'Message sent to topic {topic} always has the key {key}, so every event lands on one partition.',
  },
  check(context: CodeRuleContext<MessageId>) {
    for (const send of context.sends) {
      for (const message of send.messages) {
        const topic = topicLabel(message.topic);
        const literalTopic = message.topic.kind === 'literal' ? message.topic.value : undefined;
        const keyField =
          literalTopic === undefined
            ? undefined
            : context.contracts.contracts.find(
                (contract) =>
                  contract.settings.topic === literalTopic && contract.settings.keyField !== undefined,
              )?.settings.keyField;
        const help =
          keyField === undefined
            ? 'Key the message by the id of the entity the event is about (e.g. `key: event.orderId`).'
            : `Key the message by the contract's key field: \`key: event.${keyField}\`.`;
        const base = { related: send.via, help };
        const data = { topic, site: send.site };
        if (message.key.kind === 'missing') {
          context.report({ ...base, messageId: 'missing', data, location: message.location });
        } else if (message.key.kind === 'null' || message.key.kind === 'undefined') {
          context.report({
            ...base,
            messageId: 'nullish',
            data: { ...data, value: message.key.kind },
            location: message.key.location,
          });
        } else if (message.key.kind === 'constant') {
          context.report({
            ...base,
            messageId: 'constant',
            data: { ...data, key: JSON.stringify(message.key.value) },
            location: message.key.location,
          });
        }
      }
    }
  },
});
