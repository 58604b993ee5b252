/**
 * Reading earlier versions of contract files leniently, the way the schema registry reads schemas it
 * has already registered: bytes → text → JSON, the top-level record's full name, the named types the
 * file defines, and (lazily) source positions. Nothing here validates defaults; which defaults
 * today's validation would reject is found separately, so a report can say so. Pure: an adapter
 * (git, a registry) hands over the bytes.
 */
import { type DefinitionLookup, defaultMismatch, type NamedDefinition } from '../contracts/check-schema.ts';
import { parseJsonDocument } from '../contracts/json-positions.ts';
import type { Json, PositionMap, SourceFile } from '../contracts/model.ts';
import { isJsonObject, walkSchema } from '../contracts/walk-schema.ts';
import type { SourceLocation } from '../report/diagnostic.ts';
import { collectNamedTypes } from './semantic/schema-view.ts';

/** Files larger than this are not schemas (a binary or a data dump committed by mistake): they are not parsed. */
export const maxSchemaBytes = 4 * 1024 * 1024;

/** One earlier file, read as far as it goes. */
export interface VersionSource {
  path: string;
  /** The text, when the bytes are UTF-8 and not too large. */
  text?: string;
  /** The JSON, when the text parses. */
  json?: Json;
  /** Full name of the top-level record, when the JSON is one. */
  fullName?: string;
  /** Why it could not be read that far. */
  problem?: { reason: string; location?: SourceLocation };
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function topLevelName(json: Json): string | undefined {
  if (!isJsonObject(json) || (json.type !== 'record' && json.type !== 'error')) return undefined;
  const name = json.name;
  if (typeof name !== 'string') return undefined;
  if (name.includes('.')) return name;
  const namespace = json.namespace;
  return typeof namespace === 'string' && namespace !== '' ? `${namespace}.${name}` : name;
}

/** Reads one earlier file: never throws, whatever the bytes. */
export function readVersionSource(file: SourceFile): VersionSource {
  if (file.bytes.length > maxSchemaBytes) {
    return {
      path: file.path,
      problem: { reason: `${(file.bytes.length / 1048576).toFixed(1)} MB is too large to be a schema` },
    };
  }
  let text: string;
  try {
    text = strictDecoder.decode(file.bytes);
  } catch {
    return { path: file.path, problem: { reason: 'it is not UTF-8 text (a binary file?)' } };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    // Only a text that JSON.parse refuses pays for the positioned parser, to say where it is broken.
    const parsed = parseJsonDocument(file.path, text);
    const first = parsed.ok ? undefined : parsed.diagnostics[0];
    return {
      path: file.path,
      text,
      problem: {
        reason: first?.message.replace(/\.$/, '') ?? 'it is not JSON',
        ...(first?.location ? { location: first.location } : {}),
      },
    };
  }
  const source: VersionSource = { path: file.path, text, json };
  const fullName = topLevelName(json);
  if (fullName !== undefined) source.fullName = fullName;
  else source.problem = { reason: 'its top level is not a named record' };
  return source;
}

/**
 * A position map that parses `text` only when a position is first asked for: most earlier versions
 * are compared without ever being located.
 */
export function lazyPositions(path: string, text: string): PositionMap {
  let positions: PositionMap | undefined;
  const load = (): PositionMap => {
    if (positions === undefined) {
      const parsed = parseJsonDocument(path, text);
      positions = parsed.ok
        ? parsed.positions
        : {
            locate: (pointer) => ({ file: path, line: 1, column: 1, pointer }),
            locateKey: () => undefined,
          };
    }
    return positions;
  };
  return {
    locate: (pointer) => load().locate(pointer),
    locateKey: (pointer) => load().locateKey(pointer),
  };
}

/** Every named type the given documents define, by full name (the first definition of a name wins). */
export function definitionsOf(documents: Iterable<Json>): Map<string, Json> {
  const definitions = new Map<string, { [key: string]: Json }>();
  for (const json of documents) collectNamedTypes(json, '', definitions);
  return definitions;
}

/**
 * Dotted paths of the fields whose default does not fit their type, as today's contract validation
 * judges it. The schema registry does not validate defaults of registered schemas, so these are
 * reported as information, and the version is compared anyway.
 */
export function invalidDefaultsOf(schema: Json, definitions: ReadonlyMap<string, Json>): string[] {
  const lookup: DefinitionLookup = (fullName) => {
    const json = definitions.get(fullName);
    if (!isJsonObject(json) || typeof json.type !== 'string') return undefined;
    const kind = json.type;
    if (kind !== 'record' && kind !== 'error' && kind !== 'enum' && kind !== 'fixed') return undefined;
    const dot = fullName.lastIndexOf('.');
    const definition: NamedDefinition = {
      fullName,
      kind,
      pointer: '',
      schema: json,
      namespace: dot < 0 ? '' : fullName.slice(0, dot),
    };
    return definition;
  };
  const invalid: string[] = [];
  walkSchema(schema, {
    onField(field, _pointer, fieldPath, _record, place) {
      if (!field.hasDefault || field.type === undefined) return;
      if (defaultMismatch(field.type, field.default ?? null, place.namespace, lookup) !== undefined) {
        invalid.push(fieldPath);
      }
    },
  });
  return invalid;
}
