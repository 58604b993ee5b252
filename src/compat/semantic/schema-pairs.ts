/**
 * Walks two versions of a schema side by side, pairing the places that hold the same data the way
 * Avro schema resolution pairs them: record fields by name or alias, union branches by type, array
 * items and map values. The semantic rules look at each pair for changes that Avro accepts but that
 * still change what the data means. Pure.
 *
 * Pointers are JSON pointers into each document; a path through a named-type reference continues
 * inside the referenced type (`/fields/4/type/fields/0`), as the compat engine's pointers do, so a
 * position map falls back to the reference itself.
 */
import type { Json } from '../../contracts/model.ts';
import {
  type FieldView,
  fieldsOf,
  type ResolvedType,
  resolveType,
  type SchemaDocument,
} from './schema-view.ts';

/** The two versions compared: `current` (the candidate) and `previous` (the earlier version). */
export interface SchemaSides {
  current: SchemaDocument;
  previous: SchemaDocument;
}

/** One place holding the same data in both versions. */
export interface TypePair {
  current: ResolvedType;
  previous: ResolvedType;
  currentJson: Json;
  previousJson: Json;
  currentPointer: string;
  previousPointer: string;
  /** Namespaces that short names at each place resolve in. */
  currentNamespace: string;
  previousNamespace: string;
  /** Dotted path of the innermost field (`''` at the root); unions, arrays and maps add nothing. */
  fieldPath: string;
  /** The two field declarations, when this pair is the type of a field present in both versions. */
  fields?: { current: FieldView; previous: FieldView };
}

/** How a current field found its previous counterpart. */
export type FieldMatch = 'name' | 'alias' | 'previous-alias';

/** Two versions of one record, with its fields sorted into matched, added and removed. */
export interface RecordPair {
  current: Extract<ResolvedType, { kind: 'record' }>;
  previous: Extract<ResolvedType, { kind: 'record' }>;
  currentPointer: string;
  previousPointer: string;
  /** Dotted path of the record's field (`''` for the top-level record). */
  fieldPath: string;
  matched: { current: FieldView; previous: FieldView; via: FieldMatch }[];
  /** Fields only the current version has. */
  added: FieldView[];
  /** Fields only the previous version has. */
  removed: FieldView[];
}

/** Callbacks of {@link walkPairs}; both optional. */
export interface PairVisitor {
  onType?(pair: TypePair): void;
  onRecord?(pair: RecordPair): void;
}

const promotions: Readonly<Record<string, readonly string[]>> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

/** True when Avro can read one primitive as the other, in either direction. */
export function primitivesConvertible(a: string, b: string): boolean {
  return a === b || (promotions[a]?.includes(b) ?? false) || (promotions[b]?.includes(a) ?? false);
}

function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

/** How well two union branches correspond: 2 for the same type, 1 for a convertible one, 0 for none. */
function branchAffinity(current: ResolvedType, previous: ResolvedType): number {
  if (current.kind === 'primitive' && previous.kind === 'primitive') {
    if (current.type === previous.type) return 2;
    return primitivesConvertible(current.type, previous.type) ? 1 : 0;
  }
  if (
    (current.kind === 'record' || current.kind === 'enum' || current.kind === 'fixed') &&
    current.kind === previous.kind
  ) {
    if (current.fullName === previous.fullName) return 2;
    // Avro Java compares unqualified names, and a reader alias names the writer type.
    if (shortName(current.fullName) === shortName(previous.fullName)) return 2;
    return current.aliases.includes(previous.fullName) || previous.aliases.includes(current.fullName) ? 2 : 0;
  }
  if ((current.kind === 'array' || current.kind === 'map') && current.kind === previous.kind) return 2;
  return 0;
}

/** Matches each current field with the previous field of its name, else of one of its aliases, else one aliased to it. */
export function matchFields(
  current: readonly FieldView[],
  previous: readonly FieldView[],
): Pick<RecordPair, 'matched' | 'added' | 'removed'> {
  const free = new Map(previous.map((field) => [field.name, field]));
  const matched: RecordPair['matched'] = [];
  const added: FieldView[] = [];
  for (const field of current) {
    let found: FieldView | undefined = free.get(field.name);
    let via: FieldMatch = 'name';
    if (found === undefined) {
      via = 'alias';
      found = field.aliases.map((alias) => free.get(alias)).find((candidate) => candidate !== undefined);
    }
    if (found === undefined) {
      via = 'previous-alias';
      found = [...free.values()].find((candidate) => candidate.aliases.includes(field.name));
    }
    if (found === undefined) {
      added.push(field);
      continue;
    }
    free.delete(found.name);
    matched.push({ current: field, previous: found, via });
  }
  const removed = previous.filter((field) => free.has(field.name));
  return { matched, added, removed };
}

/**
 * Visits every pair of corresponding places in the two versions, starting at the roots: first the
 * pair itself (`onType`), then, for records, the record (`onRecord`) and its matched fields' types.
 * Recursive named types are visited once per pair of names.
 */
export function walkPairs(sides: SchemaSides, visitor: PairVisitor): void {
  const visited = new Set<string>();
  const visit = (
    currentJson: Json,
    previousJson: Json,
    currentNamespace: string,
    previousNamespace: string,
    currentPointer: string,
    previousPointer: string,
    fieldPath: string,
    fields?: TypePair['fields'],
  ): void => {
    const current = resolveType(sides.current, currentJson, currentNamespace);
    const previous = resolveType(sides.previous, previousJson, previousNamespace);
    const pair: TypePair = {
      current,
      previous,
      currentJson,
      previousJson,
      currentPointer,
      previousPointer,
      currentNamespace,
      previousNamespace,
      fieldPath,
    };
    if (fields !== undefined) pair.fields = fields;
    visitor.onType?.(pair);

    if (current.kind === 'union' || previous.kind === 'union') {
      const currentBranches: Json[] = current.kind === 'union' ? current.branches : [currentJson];
      const previousBranches: Json[] = previous.kind === 'union' ? previous.branches : [previousJson];
      const currentSpace = current.kind === 'union' ? current.namespace : currentNamespace;
      const previousSpace = previous.kind === 'union' ? previous.namespace : previousNamespace;
      const resolvedPrevious = previousBranches.map((branch) =>
        resolveType(sides.previous, branch, previousSpace),
      );
      const resolvedCurrent = currentBranches.map((branch) =>
        resolveType(sides.current, branch, currentSpace),
      );
      // Same types pair first, convertible ones after, so the pairing does not depend on which side is which.
      const partner = new Map<number, number>();
      const taken = new Set<number>();
      for (const wanted of [2, 1]) {
        resolvedCurrent.forEach((resolved, i) => {
          if (partner.has(i) || resolved.kind === 'union') return;
          const j = resolvedPrevious.findIndex(
            (candidate, index) =>
              !taken.has(index) &&
              candidate.kind !== 'union' &&
              branchAffinity(resolved, candidate) === wanted,
          );
          if (j < 0) return;
          partner.set(i, j);
          taken.add(j);
        });
      }
      currentBranches.forEach((branch, i) => {
        const best = partner.get(i);
        if (best === undefined) return;
        visit(
          branch,
          previousBranches[best] as Json,
          currentSpace,
          previousSpace,
          current.kind === 'union' ? `${currentPointer}/${i}` : currentPointer,
          previous.kind === 'union' ? `${previousPointer}/${best}` : previousPointer,
          fieldPath,
        );
      });
      return;
    }
    if (current.kind === 'array' && previous.kind === 'array') {
      visit(
        current.items,
        previous.items,
        current.namespace,
        previous.namespace,
        `${currentPointer}/items`,
        `${previousPointer}/items`,
        fieldPath,
      );
      return;
    }
    if (current.kind === 'map' && previous.kind === 'map') {
      visit(
        current.values,
        previous.values,
        current.namespace,
        previous.namespace,
        `${currentPointer}/values`,
        `${previousPointer}/values`,
        fieldPath,
      );
      return;
    }
    if (current.kind !== 'record' || previous.kind !== 'record') return;
    const key = `${current.fullName}\u0000${previous.fullName}`;
    if (visited.has(key)) return;
    visited.add(key);
    const match = matchFields(fieldsOf(current), fieldsOf(previous));
    visitor.onRecord?.({ current, previous, currentPointer, previousPointer, fieldPath, ...match });
    for (const { current: currentField, previous: previousField } of match.matched) {
      const path = fieldPath === '' ? currentField.name : `${fieldPath}.${currentField.name}`;
      visit(
        currentField.type,
        previousField.type,
        current.namespace,
        previous.namespace,
        `${currentPointer}/fields/${currentField.index}/type`,
        `${previousPointer}/fields/${previousField.index}/type`,
        path,
        { current: currentField, previous: previousField },
      );
    }
  };
  visit(sides.current.root, sides.previous.root, '', '', '', '', '');
}
