/**
 * `contract/doc-required`: records, enums and (by default) fields carry a non-empty `doc`, because
 * the schema is the contract other teams read.
 */
import type { Json } from '../../contracts/model.ts';
import { defineLintRule } from '../lint-rule.ts';
import { schemaIndexOf } from '../schema-index.ts';

type Options = {
  /** `all`: records, enums and fields; `types`: records and enums only. */
  scope: 'all' | 'types';
};

const scopes: readonly string[] = ['all', 'types'];

function hasDoc(doc: Json | undefined): boolean {
  return typeof doc === 'string' && doc.trim() !== '';
}

/**
 * The `contract/doc-required` rule: records, enums and fields have a non-empty `doc` (scope configurable: `all` or `types`).
 */
export default defineLintRule<'typeMissingDoc' | 'fieldMissingDoc', Options>({
  id: 'contract/doc-required',
  kind: 'lint',
  defaultSeverity: 'warning',
  docs: {
    description: 'Records, enums and fields have a non-empty `doc` (scope configurable: `all` or `types`).',
    rationale:
      'A contract outlives the team that wrote it: consumers in other teams read the schema, not the producer’s code, to learn what a field means, its unit and when it is absent.',
    help: 'Add a `"doc"`: for a record or enum, the fact or value it represents; for a field, what it means, its unit or format, and when it is null.',
  },
  messages: {
    typeMissingDoc: '{kind} `{name}` has no `doc`.',
    fieldMissingDoc: 'Field `{field}` of `{record}` has no `doc`.',
  },
  defaultOptions: { scope: 'all' },
  validateOptions(options) {
    return scopes.includes(options.scope)
      ? []
      : [{ option: 'scope', message: `must be one of ${scopes.map((s) => `\`${s}\``).join(', ')}.` }];
  },
  check(context) {
    const index = schemaIndexOf(context.contract);
    for (const node of [...index.records, ...index.enums]) {
      if (hasDoc(node.node.doc)) continue;
      context.report({
        messageId: 'typeMissingDoc',
        data: { kind: node.kind === 'record' ? 'Record' : 'Enum', name: node.simpleName },
        pointer: `${node.pointer}/name`,
        ...(node.fieldPath ? { fieldPath: node.fieldPath } : {}),
      });
    }
    if (context.options.scope !== 'all') return;
    for (const field of index.fields) {
      if (hasDoc(field.node.doc)) continue;
      context.report({
        messageId: 'fieldMissingDoc',
        data: { field: field.name, record: field.record.simpleName },
        fieldPath: field.path,
        pointer: `${field.pointer}/name`,
      });
    }
  },
});
