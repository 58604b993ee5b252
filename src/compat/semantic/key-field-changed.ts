/**
 * `compat/semantic-key-field-changed`: the field the Kafka record key is taken from changes (another
 * field in the config), or keeps its name but changes its type. Kafka places records by the bytes of
 * their key: with another key, one entity's events land on other partitions than before, so a
 * consumer sees them out of order while old and new records are both in flight.
 */
import type { Json } from '../../contracts/model.ts';
import { isJsonObject } from '../../contracts/walk-schema.ts';
import { canonicalType, describeType, fieldAtPath, stableStringify } from './schema-view.ts';
import { defineSemanticRule } from './semantic-rule.ts';

/** Attributes that change what a value means but not its bytes, which is all partitioning sees. */
const meaningOnly: ReadonlySet<string> = new Set(['logicalType', 'precision', 'scale']);

/** A canonical type without the attributes that leave the bytes alone (`{"type": "string", "logicalType": "uuid"}` → `"string"`). */
function bytesShape(json: Json): Json {
  if (Array.isArray(json)) return json.map(bytesShape);
  if (!isJsonObject(json)) return json;
  const shaped: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(json)) if (!meaningOnly.has(key)) shaped[key] = bytesShape(value);
  const keys = Object.keys(shaped);
  return keys.length === 1 && keys[0] === 'type' && typeof shaped.type === 'string' ? shaped.type : shaped;
}

type MessageId = 'keyChanged' | 'keyTypeChanged';

/** The `compat/semantic-key-field-changed` rule: the record key's field or its type changed. */
export const keyFieldChanged = defineSemanticRule<MessageId, Record<string, never>>({
  id: 'compat/semantic-key-field-changed',
  kind: 'compat',
  defaultSeverity: 'error',
  docs: {
    description: 'The field the record key is taken from, or the shape of that field’s bytes, changes.',
    rationale:
      'Kafka partitions by the key’s bytes and orders only within a partition: a new key field, or the same field with another type, sends one entity’s events to other partitions, so consumers lose their order across the switch.',
    help: 'Keep the key; if it must change, publish the new key to a new topic and migrate consumers there.',
  },
  messages: {
    keyChanged:
      'The record key of `{contract}` changes from `{from}` to `{to}` since {against}: one entity’s events will be spread over other partitions than before, and lose their order.',
    keyTypeChanged:
      'Key field `{field}` of `{contract}` changes from {fromType} to {toType} since {against}: the key’s bytes change, so one entity’s events move to another partition and lose their order.',
  },
  defaultOptions: {},
  check(context) {
    const { keyField, previousKeyField } = context.settings;
    if (keyField === undefined) return;
    const { current, previous } = context.sides;
    const currentField = fieldAtPath(current, keyField);
    if (previousKeyField !== undefined && previousKeyField !== keyField) {
      const previousField = fieldAtPath(previous, previousKeyField);
      context.report({
        messageId: 'keyChanged',
        data: { contract: context.contract, from: previousKeyField, to: keyField },
        pointer: currentField?.pointer ?? '',
        ...(previousField === undefined ? {} : { previousPointer: previousField.pointer }),
        fieldPath: keyField,
        help: `Keep \`${previousKeyField}\` as the key of \`${context.contract}\`; to key by \`${keyField}\`, publish to a new topic and move consumers over.`,
      });
      return;
    }
    const previousField = fieldAtPath(previous, keyField);
    if (currentField === undefined || previousField === undefined) return;
    const currentType = stableStringify(
      bytesShape(canonicalType(current, currentField.field.type, currentField.namespace)),
    );
    const previousType = stableStringify(
      bytesShape(canonicalType(previous, previousField.field.type, previousField.namespace)),
    );
    if (currentType === previousType) return;
    const fromType = describeType(previous, previousField.field.type, previousField.namespace);
    const toType = describeType(current, currentField.field.type, currentField.namespace);
    context.report({
      messageId: 'keyTypeChanged',
      data: { contract: context.contract, field: keyField, fromType, toType },
      pointer: `${currentField.pointer}/type`,
      previousPointer: `${previousField.pointer}/type`,
      fieldPath: keyField,
      help: `Keep \`${keyField}\` as ${fromType}; a key of another type belongs on a new topic.`,
    });
  },
});
