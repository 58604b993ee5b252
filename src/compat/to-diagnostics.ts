/**
 * Turning what the compat engine finds into what a person reads: the sentence that says which
 * earlier version a change breaks and for whom, and concrete fix advice per incompatibility kind and
 * direction (`give \`currency\` a default`, `add "aliases": ["amount"]`, `add the enum "default"
 * first`). Pure.
 */
import type { CompatibilityMode } from '../contracts/config-types.ts';
import { parsePointer } from '../contracts/json-positions.ts';
import type { Json } from '../contracts/model.ts';
import { isJsonObject } from '../contracts/walk-schema.ts';
import type { Incompatibility } from './incompatibility.ts';
import type { CompatDirection } from './modes.ts';
import { resolveType, type SchemaDocument } from './semantic/schema-view.ts';

/** The value at `pointer` in `json`, or `undefined` when the pointer leads nowhere. */
export function jsonAt(json: Json, pointer: string): Json | undefined {
  const tokens = parsePointer(pointer);
  if (tokens === undefined) return undefined;
  let node: Json | undefined = json;
  for (const token of tokens) {
    if (Array.isArray(node)) node = /^\d+$/.test(token) ? node[Number(token)] : undefined;
    else if (isJsonObject(node)) node = Object.hasOwn(node, token) ? node[token] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * The pointer a finding is best shown at: a field or named type is shown at its `"name"` (the line a
 * person looks for), anything else where it is.
 */
export function displayPointer(schema: Json, pointer: string): string {
  const node = jsonAt(schema, pointer);
  return isJsonObject(node) && typeof node.name === 'string' ? `${pointer}/name` : pointer;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What an incompatibility in each direction means for people. */
const consequence: Record<CompatDirection, string> = {
  backward: 'consumers on this version cannot read the records written with it',
  forward: 'its consumers cannot read the records written with this version',
};

/**
 * The diagnostic message of an incompatibility: the engine's sentence, the mode it breaks, the
 * earlier version it breaks against (and how many more, for transitive modes), and who is hurt.
 */
export function compatMessage(
  incompatibility: Incompatibility,
  context: { mode: CompatibilityMode; direction: CompatDirection; against: string; moreVersions: number },
): string {
  const more =
    context.moreVersions === 0
      ? ''
      : ` and ${context.moreVersions} earlier version${context.moreVersions === 1 ? '' : 's'}`;
  return `${capitalize(incompatibility.message)}; this breaks ${context.mode} compatibility with ${context.against}${more}: ${consequence[context.direction]}.`;
}

/** A default value that fits a type, as JSON text for advice; `undefined` when none is obvious. */
export function suggestDefault(document: SchemaDocument, type: Json, namespace: string): string | undefined {
  const resolved = resolveType(document, type, namespace);
  switch (resolved.kind) {
    case 'union': {
      // A union's default must match its first branch; only a leading `null` gives an obvious one.
      const first = resolved.branches[0];
      const branch = first === undefined ? undefined : resolveType(document, first, resolved.namespace);
      return branch?.kind === 'primitive' && branch.type === 'null' ? 'null' : undefined;
    }
    case 'primitive':
      switch (resolved.type) {
        case 'null':
          return 'null';
        case 'boolean':
          return 'false';
        case 'int':
        case 'long':
          return '0';
        case 'float':
        case 'double':
          return '0.0';
        case 'string':
        case 'bytes':
          return '""';
      }
      return undefined;
    case 'enum': {
      const symbol = resolved.enumDefault ?? resolved.symbols[0];
      return symbol === undefined ? undefined : JSON.stringify(symbol);
    }
    case 'array':
      return '[]';
    case 'map':
      return '{}';
    default:
      return undefined;
  }
}

/** What the advice for one incompatibility may use beyond the incompatibility itself. */
export interface HelpContext {
  direction: CompatDirection;
  /** How the earlier version is named. */
  against: string;
  /** For a reader field the writer lacks: the writer field it looks renamed from. */
  renamedFrom?: string;
  /** For a reader field the writer lacks: a default that fits its type (JSON text). */
  suggestedDefault?: string;
  /** For a reader field the writer lacks: its type as JSON text, when short enough to quote. */
  fieldType?: string;
}

/** Concrete fix advice for an incompatibility, by kind and direction. */
export function compatHelp(incompatibility: Incompatibility, context: HelpContext): string {
  const data = incompatibility.data;
  const text = (key: string): string => String(data[key] ?? '');
  const backward = context.direction === 'backward';
  switch (incompatibility.kind) {
    case 'READER_FIELD_MISSING_DEFAULT_VALUE':
      return missingFieldHelp(text('field'), text('record'), context);
    case 'TYPE_MISMATCH':
      if (incompatibility.messageId === 'enumDefaultFieldMissing') {
        return missingFieldHelp(text('field'), text('record'), context);
      }
      return backward
        ? `Keep ${text('subject')} as ${text('writerType')}, or add a new field of type ${text('readerType')} with a default and stop writing this one.`
        : `Keep ${text('subject')} as ${text('readerType')}, the type consumers on ${context.against} read; for ${text('writerType')}, add a new field with a default and keep writing this one until they have moved.`;
    case 'MISSING_ENUM_SYMBOLS':
      return backward
        ? `Keep ${text('symbols')} in \`${text('readerName')}\`, or give the enum a \`"default"\` symbol (e.g. \`UNKNOWN\`) that unknown symbols are read as.`
        : `Consumers on ${context.against} cannot read ${text('symbols')}: their \`${text('readerName')}\` declares no default symbol. Add the enum \`"default"\` (e.g. \`UNKNOWN\`) first, let consumers upgrade to it, then add ${text('symbols')}.`;
    case 'MISSING_UNION_BRANCH':
      return backward
        ? `Add a branch for ${text('writerType')} back to the union at ${text('subject')}: records written with ${context.against} hold it.`
        : `Consumers on ${context.against} have no branch for ${text('writerType')} at ${text('subject')}: add the branch in a release they upgrade to first, then start writing it.`;
    case 'NAME_MISMATCH':
      return backward
        ? `If \`${text('writerName')}\` was renamed to \`${text('readerName')}\`, add \`"aliases": ["${text('writerName')}"]\` to \`${text('readerName')}\`; otherwise keep the name \`${text('writerName')}\`.`
        : `Keep the name \`${text('readerName')}\`: consumers on ${context.against} know the type by it, and aliases only help the reading side.`;
    case 'FIXED_SIZE_MISMATCH':
      return backward
        ? `Keep \`${text('readerName')}\` at ${text('writerSize')} bytes; for another size, add a new fixed type and a new field.`
        : `Keep \`${text('writerName')}\` at ${text('readerSize')} bytes, the size consumers on ${context.against} read; for another size, add a new fixed type and a new field.`;
  }
}

function missingFieldHelp(field: string, record: string, context: HelpContext): string {
  if (context.direction === 'forward') {
    return `Keep writing \`${field}\` in \`${record}\`: consumers on ${context.against} need it, as it has no default there. A field can be dropped only once every consumer runs a version that gives it a default.`;
  }
  const example =
    context.suggestedDefault === undefined ? '' : ` (e.g. \`"default": ${context.suggestedDefault}\`)`;
  const optional =
    context.fieldType === undefined
      ? 'or make it optional: `["null", …]` with `"default": null`'
      : `or make it optional: \`"type": ["null", ${context.fieldType}], "default": null\``;
  const giveDefault = `give \`${field}\` a default${example}, ${optional}`;
  if (context.renamedFrom !== undefined) {
    return `If \`${field}\` is \`${context.renamedFrom}\` renamed, add \`"aliases": ["${context.renamedFrom}"]\` to \`${field}\`; otherwise ${giveDefault}.`;
  }
  return `${capitalize(giveDefault)}.`;
}
