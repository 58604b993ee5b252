/**
 * `compat/semantic-version-not-bumped`: a contract changed but the version it declares did not go up.
 *
 * What counts as a change: anything that changes the canonical form of the schema with every
 * referenced named type expanded (a type, a field, a default, an alias, a logical type, an enum
 * symbol, the order of fields or symbols, a change inside a referenced type such as `Money`). What
 * does not: `doc` texts, JSON formatting and key order, and the version declaration itself.
 *
 * Where the version is declared is the rule's `declaredBy` option: `field-default` (the default of
 * the contract's version field, `{"name": "version", "type": "int", "default": 3}`) or
 * `schema-property` (a property of the top-level record, `"version": 3`, named by `property`). A
 * contract that declares no version in either version compared is not judged: nothing can be read.
 */
import type { Json } from '../../contracts/model.ts';
import type { JsonObject } from '../../contracts/walk-schema.ts';
import { canonicalForm, fieldsOf, rootType, type SchemaDocument } from './schema-view.ts';
import { defineSemanticRule } from './semantic-rule.ts';

type MessageId = 'notBumped' | 'decreased' | 'undeclared';

/** How the contract declares its version. */
export interface VersionRuleOptions {
  declaredBy: 'field-default' | 'schema-property';
  /** The top-level property that holds the version when `declaredBy` is `schema-property`. */
  property: string;
}

interface Declaration {
  /** The declared version; `undefined` when the place exists but holds no integer. */
  version: number | undefined;
  /** Pointer of the declared value, or of the place it belongs. */
  pointer: string;
  /** The document with the declaration taken out, to compare everything else. */
  without: SchemaDocument;
}

function integerOf(value: Json | undefined): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function replaceRoot(document: SchemaDocument, root: JsonObject, fullName: string): SchemaDocument {
  const own = new Map(document.own);
  own.set(fullName, root);
  return { root, own, external: document.external };
}

/** Reads the version declaration of a document, and the document without it. */
function declarationOf(
  document: SchemaDocument,
  options: VersionRuleOptions,
  versionField: string,
): Declaration | undefined {
  const root = rootType(document);
  if (root.kind !== 'record') return undefined;
  if (options.declaredBy === 'schema-property') {
    const { [options.property]: value, ...rest } = root.schema;
    return {
      version: integerOf(value),
      pointer: value === undefined ? '' : `/${options.property.replaceAll('~', '~0').replaceAll('/', '~1')}`,
      without: replaceRoot(document, rest, root.fullName),
    };
  }
  const field = fieldsOf(root).find((candidate) => candidate.name === versionField);
  if (field === undefined) return { version: undefined, pointer: '', without: document };
  const { default: value, ...fieldWithoutDefault } = field.schema;
  const fields = Array.isArray(root.schema.fields) ? [...root.schema.fields] : [];
  fields[field.index] = fieldWithoutDefault;
  return {
    version: field.hasDefault ? integerOf(value) : undefined,
    pointer: field.hasDefault ? `/fields/${field.index}/default` : `/fields/${field.index}`,
    without: replaceRoot(document, { ...root.schema, fields }, root.fullName),
  };
}

/** The `compat/semantic-version-not-bumped` rule: a changed contract must declare a higher version. */
export const versionNotBumped = defineSemanticRule<MessageId, VersionRuleOptions>({
  id: 'compat/semantic-version-not-bumped',
  kind: 'compat',
  defaultSeverity: 'error',
  docs: {
    description: 'A contract that changed (docs and formatting aside) declares a higher version than before.',
    rationale:
      'Consumers, replays and dashboards tell event shapes apart by the declared version; two shapes under one version make that impossible months later.',
    help: 'Raise the declared version by one.',
  },
  messages: {
    notBumped: '`{contract}` changed since {against}, but it still declares version {version}.',
    decreased:
      '`{contract}` changed since {against}, but its declared version went down from {from} to {to}.',
    undeclared: '`{contract}` changed since {against}, but no longer declares its version (it was {from}).',
  },
  defaultOptions: { declaredBy: 'field-default', property: 'version' },
  validateOptions(options) {
    const problems: { option: string; message: string }[] = [];
    if (options.declaredBy !== 'field-default' && options.declaredBy !== 'schema-property') {
      problems.push({
        option: 'declaredBy',
        message: `must be "field-default" or "schema-property", not ${JSON.stringify(options.declaredBy)}.`,
      });
    }
    if (options.property === '') problems.push({ option: 'property', message: 'must not be empty.' });
    return problems;
  },
  check(context) {
    const { versionField } = context.settings;
    const current = declarationOf(context.sides.current, context.options, versionField);
    const previous = declarationOf(context.sides.previous, context.options, versionField);
    if (current === undefined || previous === undefined || previous.version === undefined) return;
    if (canonicalForm(current.without) === canonicalForm(previous.without)) return;
    const next = previous.version + 1;
    const fix =
      context.options.declaredBy === 'schema-property'
        ? `Set \`"${context.options.property}": ${next}\` on \`${context.contract}\`.`
        : `Set the default of \`${versionField}\` to ${next}: \`"default": ${next}\`.`;
    const at = {
      pointer: current.pointer,
      previousPointer: previous.pointer,
      ...(context.options.declaredBy === 'field-default' ? { fieldPath: versionField } : {}),
      help: fix,
    };
    const contract = context.contract;
    if (current.version === undefined) {
      context.report({ messageId: 'undeclared', data: { contract, from: previous.version }, ...at });
    } else if (current.version === previous.version) {
      context.report({ messageId: 'notBumped', data: { contract, version: current.version }, ...at });
    } else if (current.version < previous.version) {
      context.report({
        messageId: 'decreased',
        data: { contract, from: previous.version, to: current.version },
        ...at,
      });
    }
  },
});
