/**
 * `code/payload-mismatch`: a payload whose type does not match the contract of the event it is
 * sent as: a required contract field (no default) is missing or optional in the payload type, or the
 * payload has a field the contract does not declare. The contract is found from the topic, then the
 * payload's discriminator (`eventType: '...'`), an event-type header or its type's name.
 */

import { defineRule } from '../../report/rule.ts';
import type { CodeRuleContext } from '../code-rule.ts';
import { contractForMessage } from '../contract-for-message.ts';
import type { PayloadShape } from '../facts.ts';
import type { FieldDefinition } from '../schema-types.ts';
import { fieldsOf } from '../schema-types.ts';
import { topicLabel } from '../topic-label.ts';

type MessageId = 'missing' | 'optional' | 'undeclared';

// Nested records are compared to this depth; deeper payloads are rare and a cycle must end.
const maxDepth = 6;

/** The rule record for payload types that disagree with their contract. */
export const payloadMismatch = defineRule({
  id: 'code/payload-mismatch',
  kind: 'code',
  defaultSeverity: 'error',
  docs: {
    description:
      "A payload's type has exactly the contract's fields: every required one, nothing undeclared.",
    rationale:
      'A missing required field fails serialisation or breaks every consumer that reads it; an undeclared field ' +
      'is dropped by the Avro writer or, with JSON, becomes an unversioned part of the contract.',
    help: 'Type the payload with the generated contract type (`kontract codegen`) and fill every field.',
  },
  messages: {
    missing: 'Payload sent to topic {topic} as {contract} lacks the required field `{field}`.',
    optional:
      'Payload sent to topic {topic} as {contract} may omit the required field `{field}` (it is optional in `{type}`).',
    undeclared:
      'Payload sent to topic {topic} as {contract} has the field `{field}`, which the contract does not declare.',
  },
  check(context: CodeRuleContext<MessageId>) {
    for (const send of context.sends) {
      for (const message of send.messages) {
        const payload = message.payload;
        if (payload?.shape === undefined) continue;
        const match = contractForMessage(message, context.contracts.contracts, context.discriminators);
        if (match === undefined) continue;
        const fields = fieldsOf(context.schemas, context.schemas.roots.get(match.contract));
        if (fields === undefined) continue;
        const base = {
          topic: topicLabel(message.topic),
          contract: `\`${match.contract}\``,
          site: send.site,
        };
        const compare = (
          shape: PayloadShape,
          expected: readonly FieldDefinition[],
          prefix: string,
          depth: number,
        ) => {
          for (const field of expected) {
            const property = shape.properties.find((candidate) => candidate.name === field.name);
            const path = `${prefix}${field.name}`;
            if (property === undefined || property.optional) {
              if (field.hasDefault) continue;
              context.report({
                messageId: property === undefined ? 'missing' : 'optional',
                data: { ...base, field: path, type: payload.typeName ?? payload.text },
                location: property?.location ?? payload.location,
                related: send.via,
                contract: match.contract,
                fieldPath: path,
              });
              continue;
            }
            const nested = fieldsOf(context.schemas, field.type);
            if (nested !== undefined && property.shape !== undefined && depth < maxDepth) {
              compare(property.shape, nested, `${path}.`, depth + 1);
            }
          }
          for (const property of shape.properties) {
            if (expected.some((field) => field.name === property.name)) continue;
            if (prefix === '' && property.name === match.discriminator) continue;
            const path = `${prefix}${property.name}`;
            context.report({
              messageId: 'undeclared',
              data: { ...base, field: path },
              location: property.location ?? payload.location,
              related: send.via,
              contract: match.contract,
              fieldPath: path,
            });
          }
        };
        compare(payload.shape, fields, '', 0);
      }
    }
  },
});
