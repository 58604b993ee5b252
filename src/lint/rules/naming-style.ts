/**
 * `contract/naming-style`: one naming convention everywhere — PascalCase type names, camelCase (or
 * snake_case, configurable) field names, UPPER_SNAKE_CASE enum symbols, lowercase dotted namespaces.
 */
import { defineLintRule } from '../lint-rule.ts';
import { schemaIndexOf } from '../schema-index.ts';

type Options = {
  /** Style of field names. */
  fieldCase: 'camelCase' | 'snake_case';
};

const fieldCases: readonly string[] = ['camelCase', 'snake_case'];

const pascalCase = /^[A-Z][A-Za-z0-9]*$/;
const fieldPatterns: Record<Options['fieldCase'], RegExp> = {
  camelCase: /^[a-z][A-Za-z0-9]*$/,
  snake_case: /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/,
};
const upperSnakeCase = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const dottedLowercase = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/**
 * The `contract/naming-style` rule: type names PascalCase, field names camelCase (or snake_case), enum symbols UPPER_SNAKE_CASE, namespaces lowercase dotted.
 */
export default defineLintRule<'typeName' | 'fieldName' | 'enumSymbol' | 'namespace', Options>({
  id: 'contract/naming-style',
  kind: 'lint',
  defaultSeverity: 'warning',
  docs: {
    description:
      'Type names PascalCase, field names camelCase (or snake_case), enum symbols UPPER_SNAKE_CASE, namespaces lowercase dotted.',
    rationale:
      'Generated code in every consumer language takes its identifiers from the schema; one convention keeps them idiomatic and stops the same concept appearing as `orderId`, `order_id` and `OrderID` across topics.',
    help: 'Rename to the convention (with an `aliases` entry for the old name, so that existing data still resolves).',
  },
  messages: {
    typeName: '{kind} name `{name}` is not PascalCase.',
    fieldName: 'Field `{field}` of `{record}` is not {style}.',
    enumSymbol: 'Symbol `{symbol}` of enum `{enum}` is not UPPER_SNAKE_CASE.',
    namespace: 'Namespace `{namespace}` is not lowercase and dotted.',
  },
  defaultOptions: { fieldCase: 'camelCase' },
  validateOptions(options) {
    return fieldCases.includes(options.fieldCase)
      ? []
      : [{ option: 'fieldCase', message: `must be one of ${fieldCases.map((s) => `\`${s}\``).join(', ')}.` }];
  },
  check(context) {
    const index = schemaIndexOf(context.contract);
    const kinds = { record: 'Record', enum: 'Enum', fixed: 'Fixed' } as const;
    for (const node of [...index.records, ...index.enums, ...index.fixeds]) {
      const fieldPath = node.fieldPath ? { fieldPath: node.fieldPath } : {};
      if (!pascalCase.test(node.simpleName)) {
        context.report({
          messageId: 'typeName',
          data: { kind: kinds[node.kind], name: node.simpleName },
          pointer: `${node.pointer}/name`,
          ...fieldPath,
        });
      }
      // Only namespaces written in this node are checked here: inherited ones are reported where written.
      const written = typeof node.node.namespace === 'string' && !node.name.includes('.');
      const ownNamespace = node.name.includes('.')
        ? node.name.slice(0, node.name.lastIndexOf('.'))
        : written
          ? node.namespace
          : undefined;
      if (ownNamespace && !dottedLowercase.test(ownNamespace)) {
        context.report({
          messageId: 'namespace',
          data: { namespace: ownNamespace },
          pointer: written ? `${node.pointer}/namespace` : `${node.pointer}/name`,
          ...fieldPath,
        });
      }
    }
    const style = context.options.fieldCase;
    const fieldPattern = fieldPatterns[style] ?? fieldPatterns.camelCase;
    for (const field of index.fields) {
      if (fieldPattern.test(field.name)) continue;
      context.report({
        messageId: 'fieldName',
        data: { field: field.name, record: field.record.simpleName, style },
        fieldPath: field.path,
        pointer: `${field.pointer}/name`,
      });
    }
    for (const node of index.enums) {
      const symbols = node.node.symbols;
      if (!Array.isArray(symbols)) continue;
      symbols.forEach((symbol, i) => {
        if (typeof symbol !== 'string' || upperSnakeCase.test(symbol)) return;
        context.report({
          messageId: 'enumSymbol',
          data: { symbol, enum: node.simpleName },
          pointer: `${node.pointer}/symbols/${i}`,
          ...(node.fieldPath ? { fieldPath: node.fieldPath } : {}),
        });
      });
    }
  },
});
