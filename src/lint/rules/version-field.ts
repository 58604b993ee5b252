/**
 * `contract/version-field`: every event carries its schema version in a non-null integer field
 * (named by the contract's `versionField` setting, default `version`).
 */
import { defineLintRule } from '../lint-rule.ts';
import {
  describeType,
  eventRecordOf,
  isNullableUnion,
  nonNullBranches,
  schemaIndexOf,
  shapeOf,
} from '../schema-index.ts';

type Options = {
  /** Accept `long` as well as `int`. */
  allowLong: boolean;
};

/**
 * The `contract/version-field` rule: every event has a non-null integer version field (name set by `versionField`, default `version`).
 */
export default defineLintRule<'missing' | 'wrongType' | 'nullable' | 'badDefault', Options>({
  id: 'contract/version-field',
  kind: 'lint',
  defaultSeverity: 'error',
  docs: {
    description:
      'Every event has a non-null integer version field (name set by `versionField`, default `version`).',
    rationale:
      'Consumers and replays months later must know which shape of the event they hold; an explicit version survives topic copies, registry migrations and JSON re-encodings that drop the schema id.',
    help: 'Declare `{"name": "version", "type": "int", "doc": "Schema version of this event."}`: not nullable, no default (or one of 1 or more), bumped on every change of the contract.',
  },
  messages: {
    missing: 'Event `{event}` has no version field `{field}`.',
    wrongType: 'Version field `{field}` of `{event}` is `{type}`; it must be {expected}.',
    nullable: 'Version field `{field}` of `{event}` is nullable (`{type}`); every event has a version.',
    badDefault: 'Version field `{field}` of `{event}` defaults to `{default}`; versions start at 1.',
  },
  defaultOptions: { allowLong: true },
  check(context) {
    const event = eventRecordOf(context.contract, context.contracts);
    if (!event) return;
    const fieldName = context.contract.settings.versionField;
    const expected = context.options.allowLong ? '`int` or `long`' : '`int`';
    const field = event.fields.find((f) => f.name === fieldName);
    const data = { event: event.simpleName, field: fieldName };
    if (!field) {
      context.report({ messageId: 'missing', data, pointer: `${event.pointer}/fields`, atKey: true });
      return;
    }
    const at = { fieldPath: field.path, pointer: `${field.pointer}/type` };
    const type = describeType(field.type);
    if (isNullableUnion(field.type)) {
      context.report({ messageId: 'nullable', data: { ...data, type }, ...at });
      return;
    }
    const branches = nonNullBranches(field.type);
    const shape =
      branches.length === 1
        ? shapeOf(branches[0]!, { index: schemaIndexOf(context.contract), namespace: event.namespace })
        : undefined;
    const integer =
      shape?.kind === 'primitive' &&
      shape.logicalType === undefined &&
      (shape.name === 'int' || (shape.name === 'long' && context.options.allowLong));
    if (!integer) {
      context.report({ messageId: 'wrongType', data: { ...data, type, expected }, ...at });
      return;
    }
    if (field.hasDefault) {
      const value = field.node.default;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        context.report({
          messageId: 'badDefault',
          data: { ...data, default: JSON.stringify(value) },
          fieldPath: field.path,
          pointer: `${field.pointer}/default`,
        });
      }
    }
  },
});
