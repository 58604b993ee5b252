/**
 * `contract/enum-default`: every enum declares a `default` symbol, so that a reader with an older
 * schema survives a symbol added by a newer writer.
 */
import { defineLintRule } from '../lint-rule.ts';
import { schemaIndexOf } from '../schema-index.ts';

/** The `contract/enum-default` rule: every enum declares a `default` symbol. */
export default defineLintRule<'missing', Record<string, never>>({
  id: 'contract/enum-default',
  kind: 'lint',
  defaultSeverity: 'error',
  docs: {
    description: 'Every enum declares a `default` symbol.',
    rationale:
      'Without an enum default, a consumer still on the previous schema fails to decode any record that carries a symbol added later: adding a symbol becomes a breaking change that stops the consumer.',
    help: 'Add an `UNKNOWN` (or similar) symbol and `"default": "UNKNOWN"` to the enum, and handle it in consumers.',
  },
  messages: {
    missing: 'Enum `{enum}` has no `default` symbol; readers on this schema fail on any symbol added later.',
  },
  defaultOptions: {},
  check(context) {
    for (const node of schemaIndexOf(context.contract).enums) {
      if ('default' in node.node) continue;
      context.report({
        messageId: 'missing',
        data: { enum: node.simpleName },
        pointer: `${node.pointer}/name`,
        ...(node.fieldPath ? { fieldPath: node.fieldPath } : {}),
      });
    }
  },
});
