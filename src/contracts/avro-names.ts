/**
 * Avro naming, as the specification defines it: the name grammar, primitive type names, and how a
 * short name is qualified with the enclosing namespace. Pure.
 */

/** The Avro primitive type names; they are never namespaced and cannot be redefined. */
export const primitiveTypeNames = [
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
] as const;

/** One of the Avro primitive type names. */
export type PrimitiveTypeName = (typeof primitiveTypeNames)[number];

const primitiveSet: ReadonlySet<string> = new Set(primitiveTypeNames);

/** The complex type names that may appear as `"type"` of a schema object. */
export const complexTypeNames = ['record', 'error', 'enum', 'array', 'map', 'fixed'] as const;

/** True when `name` is an Avro primitive type name. */
export function isPrimitiveTypeName(name: string): name is PrimitiveTypeName {
  return primitiveSet.has(name);
}

const simpleName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` matches the Avro name grammar `[A-Za-z_][A-Za-z0-9_]*` (no dots). */
export function isValidSimpleName(name: string): boolean {
  return simpleName.test(name);
}

/** True when `name` is a valid (possibly dotted) full name: simple names joined by dots. */
export function isValidFullName(name: string): boolean {
  return name.split('.').every(isValidSimpleName);
}

/** True when `namespace` is a valid namespace: empty (the null namespace) or a dotted full name. */
export function isValidNamespace(namespace: string): boolean {
  return namespace === '' || isValidFullName(namespace);
}

/**
 * The full name of a named type: a dotted `name` is already full (its `namespace` attribute is
 * ignored, as the spec says); otherwise the `namespace` attribute when given, else the enclosing one.
 */
export function fullNameOf(name: string, namespaceAttribute: string | undefined, enclosing: string): string {
  if (name.includes('.')) return name;
  const namespace = namespaceAttribute ?? enclosing;
  return namespace === '' ? name : `${namespace}.${name}`;
}

/** The namespace part of a full name (`''` for the null namespace). */
export function namespaceOf(fullName: string): string {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? '' : fullName.slice(0, dot);
}

/** The last component of a full name. */
export function shortNameOf(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

/**
 * The candidate full names a type reference may mean, most specific first: a dotted reference is
 * full; a short one is qualified with the enclosing namespace, then (as Avro Java does) tried in the
 * null namespace.
 */
export function referenceCandidates(reference: string, enclosing: string): string[] {
  if (reference.includes('.') || enclosing === '') return [reference];
  return [`${enclosing}.${reference}`, reference];
}
