/**
 * `contract/key-field`: the field the Kafka record key is taken from (the contract's `key` setting,
 * a dotted path) exists, is never null, and is an id (string, int, long or fixed), because the key
 * decides the partition and so what stays in order.
 */
import type { Json } from '../../contracts/model.ts';
import { defineLintRule } from '../lint-rule.ts';
import {
  describeType,
  eventRecordOf,
  type FieldNode,
  isNullableUnion,
  nonNullBranches,
  type RecordNode,
  schemaIndexOf,
  shapeOf,
  type TypeShape,
} from '../schema-index.ts';

type Options = {
  /** Make an event without a declared key field a finding. Off by default: not every topic is keyed. */
  required: boolean;
};

/** Logical types that turn an id-like primitive into something else (a time or a number). */
const nonIdLogicalTypes: ReadonlySet<string> = new Set([
  'date',
  'time-millis',
  'time-micros',
  'timestamp-millis',
  'timestamp-micros',
  'timestamp-nanos',
  'local-timestamp-millis',
  'local-timestamp-micros',
  'local-timestamp-nanos',
  'decimal',
  'duration',
]);

function isIdLike(shape: TypeShape): boolean {
  if (shape.kind === 'primitive') {
    const idPrimitive = shape.name === 'string' || shape.name === 'int' || shape.name === 'long';
    return idPrimitive && (shape.logicalType === undefined || !nonIdLogicalTypes.has(shape.logicalType));
  }
  if (shape.kind === 'fixed')
    return shape.logicalType === undefined || !nonIdLogicalTypes.has(shape.logicalType);
  return false;
}

function shapeName(shape: TypeShape, written: Json): string {
  if (shape.kind === 'record') return `record ${shape.record.fullName}`;
  return describeType(written);
}

/**
 * The `contract/key-field` rule: the declared key field (`key` in the config, a dotted path) exists, is non-null and is id-like (string, int, long, fixed).
 */
export default defineLintRule<'notDeclared' | 'missing' | 'notARecord' | 'nullable' | 'notIdLike', Options>({
  id: 'contract/key-field',
  kind: 'lint',
  defaultSeverity: 'error',
  docs: {
    description:
      'The declared key field (`key` in the config, a dotted path) exists, is non-null and is id-like (string, int, long, fixed).',
    rationale:
      'Kafka only keeps order within a partition, and the key picks the partition: a missing or null key scatters one entity’s events across partitions, and a record, float or boolean key does not identify an entity.',
    help: 'Point `key` at the business id that must keep its events in order (`orderId`, `accountId`), typed `string` or `long`, never nullable.',
  },
  messages: {
    notDeclared: 'Event `{event}` declares no key field in the config; its ordering guarantee is unknown.',
    missing: 'Key field `{keyField}` of `{event}` does not exist: `{record}` has no field `{part}`.',
    notARecord:
      'Key field `{keyField}` of `{event}` cannot be resolved: `{field}` is `{type}`, not a record.',
    nullable:
      'Key field `{keyField}` of `{event}` can be null at `{field}` (`{type}`): null keys lose ordering.',
    notIdLike:
      'Key field `{keyField}` of `{event}` is `{type}`, which is not an id (use string, int, long or fixed).',
  },
  defaultOptions: { required: false },
  check(context) {
    const event = eventRecordOf(context.contract, context.contracts);
    if (!event) return;
    const keyField = context.contract.settings.keyField;
    if (keyField === undefined) {
      if (context.options.required) {
        context.report({
          messageId: 'notDeclared',
          data: { event: event.simpleName },
          pointer: `${event.pointer}/name`,
        });
      }
      return;
    }
    const parts = keyField.split('.');
    let record: RecordNode = event;
    // Findings point into this file: at the last field of this file on the path, or at the event's fields.
    let anchor: { pointer: string; atKey?: boolean; fieldPath?: string } = {
      pointer: `${event.pointer}/fields`,
      atKey: true,
    };
    const base = { keyField, event: event.simpleName };
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const field: FieldNode | undefined = record.fields.find((f) => f.name === part);
      if (!field) {
        context.report({
          messageId: 'missing',
          data: { ...base, record: record.simpleName, part },
          ...anchor,
        });
        return;
      }
      const inThisFile = schemaIndexOf(context.contract).named.get(record.fullName) === record;
      if (inThisFile) anchor = { pointer: `${field.pointer}/name`, fieldPath: field.path };
      const type = describeType(field.type);
      if (isNullableUnion(field.type)) {
        context.report({ messageId: 'nullable', data: { ...base, field: field.name, type }, ...anchor });
        return;
      }
      const branches = nonNullBranches(field.type);
      const scope = {
        index: schemaIndexOf(context.contract),
        namespace: record.namespace,
        set: context.contracts,
      };
      const shape: TypeShape =
        branches.length === 1
          ? shapeOf(branches[0]!, scope)
          : { kind: 'union', branches: field.type as Json[] };
      if (i === parts.length - 1) {
        if (!isIdLike(shape)) {
          context.report({
            messageId: 'notIdLike',
            data: { ...base, type: shapeName(shape, field.type) },
            ...anchor,
          });
        }
        return;
      }
      if (shape.kind !== 'record') {
        context.report({
          messageId: 'notARecord',
          data: { ...base, field: field.name, type: shapeName(shape, field.type) },
          ...anchor,
        });
        return;
      }
      record = shape.record;
    }
  },
});
