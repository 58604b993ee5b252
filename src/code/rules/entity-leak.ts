/**
 * `code/entity-leak`: a payload that is, spreads or embeds a persistence entity (a TypeORM or
 * MikroORM `@Entity()` class, a Prisma model type, or a type the config lists). Events state facts;
 * an entity leaks database columns into a long-lived contract and couples consumers to the schema.
 */

import { defineRule } from '../../report/rule.ts';
import type { CodeRuleContext } from '../code-rule.ts';
import { topicLabel } from '../topic-label.ts';

type MessageId = 'is' | 'spreads' | 'embeds';

const originLabel = {
  typeorm: 'TypeORM',
  'mikro-orm': 'MikroORM',
  prisma: 'Prisma',
  config: 'configured',
} as const;

/** The rule record for persistence entities sent as (part of) event payloads. */
export const entityLeak = defineRule({
  id: 'code/entity-leak',
  kind: 'code',
  defaultSeverity: 'error',
  docs: {
    description: 'Payloads are facts-only event objects, never persistence entities.',
    rationale:
      'An entity sent as an event leaks database columns into a contract consumers depend on for years, and ' +
      'changes whenever the table does.',
    help: 'Build the event object field by field from the contract (or its generated type).',
  },
  messages: {
    is: 'Payload sent to topic {topic} is the {origin} entity {entity} instead of an event object.',
    spreads: 'Payload sent to topic {topic} spreads the {origin} entity {entity} into the event.',
    embeds: 'Payload sent to topic {topic} embeds the {origin} entity {entity} as `{property}`.',
  },
  check(context: CodeRuleContext<MessageId>) {
    for (const send of context.sends) {
      for (const message of send.messages) {
        for (const entity of message.payload?.entities ?? []) {
          const data = {
            topic: topicLabel(message.topic),
            origin: originLabel[entity.origin],
            entity: `\`${entity.typeName}\``,
            site: send.site,
            ...(entity.property === undefined ? {} : { property: entity.property }),
          };
          context.report({
            messageId: entity.use,
            data,
            location: entity.location,
            related: send.via,
            help: `Map \`${entity.typeName}\` to the event's fields explicitly instead of sending the entity.`,
          });
        }
      }
    }
  },
});
