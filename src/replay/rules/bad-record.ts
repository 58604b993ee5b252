/** `replay/bad-record`: a log line that cannot be read as a valid record of its contract is skipped. */
import type { BadRecordMessageId } from '../decode-record.ts';
import type { LogLineProblem } from './replay-rule.ts';
import { defineReplayRule, lineLocation } from './replay-rule.ts';

/** A log line that does not parse, does not decode, or does not match its contract. */
export const badRecord = defineReplayRule<BadRecordMessageId, LogLineProblem>({
  id: 'replay/bad-record',
  kind: 'replay',
  defaultSeverity: 'warning',
  docs: {
    description: 'Every line of a recorded log is a record that decodes and matches its contract.',
    rationale:
      'A record that cannot be read would go to a dead-letter queue in production; the harness skips it the same way and says which line it was, so the rest of the log is still replayed.',
    help: 'Fix or remove the line; for values in the Confluent wire format, map their schema id in `<log>.schemas.json`.',
  },
  messages: {
    'not-json': 'The line is not JSON ({reason}): a truncated or corrupted record.',
    'bad-envelope': 'The record has no valid `{field}`: expected {expected}.',
    tombstone:
      'The record {topic}/{partition}@{offset} is a tombstone (null value); an event topic carries no tombstones.',
    'invalid-value': 'The value does not match `{eventType}` at `{path}`.',
    'no-matching-contract': 'The value matches no contract of topic `{topic}` ({candidates}).',
    'ambiguous-value':
      'The value matches {count} contracts of topic `{topic}`; name its type with `eventType`.',
    'unknown-event-type': 'Event type `{eventType}` is not a contract of topic `{topic}`.',
    'wrong-topic': '`{eventType}` belongs to topic `{expected}`, but the record is on `{topic}`.',
    'bad-payload': 'The kcat `payload` is neither JSON nor a Confluent wire-format value.',
    'not-wire':
      'The value is not in the Confluent wire format (magic byte 0, a 4-byte big-endian schema id, the Avro body).',
    'unknown-schema-id': 'Schema id {schemaId} is not known: {where}.',
    'unreadable-schema-id':
      "Today's `{eventType}` cannot read the writer schema of id {schemaId} ({reason}).",
    'bad-avro': 'The Avro body of schema id {schemaId} does not decode ({reason}): a truncated value?',
  },
  check(context) {
    context.report({
      messageId: context.input.problem.messageId as BadRecordMessageId,
      data: context.input.problem.data,
      location: lineLocation(context.input.source),
    });
  },
});
