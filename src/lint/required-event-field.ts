/**
 * The part that the rules requiring one named field of an event share (event id, occurrence time):
 * find the event record, find the field by its accepted names or report it `missing`, report it
 * `nullable`, and resolve the single non-null type the rule then judges. Pure.
 */
import type { LintContext } from './lint-rule.ts';
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
} from './schema-index.ts';

/** A required event field that exists and is not nullable, ready for the rule's type check. */
export interface RequiredEventField {
  event: RecordNode;
  field: FieldNode;
  /** Message data every finding about the field uses: event, field, type. */
  data: { event: string; field: string; type: string };
  /** Where findings about the field's type go. */
  at: { fieldPath: string; pointer: string };
  /** The resolved non-null type; undefined when the field is a union of several non-null types. */
  shape: TypeShape | undefined;
}

/**
 * Returns the field of the contract's event named by one of `names`, after reporting `missing` (no
 * such field) or `nullable`; undefined when the contract is no event or a finding was reported.
 */
export function requiredEventField<MessageId extends string>(
  context: LintContext<MessageId | 'missing' | 'nullable', unknown>,
  names: readonly string[],
): RequiredEventField | undefined {
  const event = eventRecordOf(context.contract, context.contracts);
  if (!event) return undefined;
  const field = event.fields.find((f) => names.includes(f.name));
  if (!field) {
    context.report({
      messageId: 'missing',
      data: { event: event.simpleName, names: names.map((n) => `\`${n}\``).join(', ') },
      pointer: `${event.pointer}/fields`,
      atKey: true,
    });
    return undefined;
  }
  const data = { event: event.simpleName, field: field.name, type: describeType(field.type) };
  const at = { fieldPath: field.path, pointer: `${field.pointer}/type` };
  if (isNullableUnion(field.type)) {
    context.report({ messageId: 'nullable', data, ...at });
    return undefined;
  }
  const branches = nonNullBranches(field.type);
  const shape =
    branches.length === 1
      ? shapeOf(branches[0]!, {
          index: schemaIndexOf(context.contract),
          namespace: event.namespace,
          set: context.contracts,
        })
      : undefined;
  return { event, field, data, at, shape };
}
