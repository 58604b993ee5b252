/**
 * Random Avro schemas and random evolutions of them, for the differential test against Avro Java and
 * for the compat benchmark. A schema is built from a "tape" of random integers that fast-check
 * generates and shrinks (a short tape of small numbers builds a small, plain schema), so a failing
 * pair shrinks towards the smallest pair that still disagrees.
 *
 * The generator aims at the places where Avro implementations disagree: names that collide across
 * namespaces, aliases on fields and types, every way of writing a name (full name, name + namespace,
 * inherited namespace, short references), references to named types defined earlier or recursively,
 * enums with and without default symbols, unions on either side, promotions, fixed sizes and
 * logical types. Evolutions are the changes teams make: add/remove fields with and without
 * defaults, change types, add/remove symbols and branches, rename with and without aliases, move
 * namespaces.
 */
import fc from 'fast-check';
import type { Json } from '../../src/contracts/model.ts';

type Primitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

const PRIMITIVES: readonly Primitive[] = [
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
];
const NAMESPACES: readonly (string | null)[] = [null, 'com.acme', 'com.acme', 'com.acme.v2', 'org.other'];
const TYPE_NAMES = ['Money', 'Account', 'Event', 'Item', 'Status', 'Hash', 'Node', 'Amount'];
const FIELD_NAMES = ['id', 'amount', 'currency', 'status', 'at', 'note', 'tags', 'next', 'owner'];
const SYMBOLS = ['A', 'B', 'C', 'D', 'E', 'F'];
const FIXED_SIZES = [4, 8, 12, 16];

/** Logical types by the primitive they annotate (the compat engine must ignore them all). */
const LOGICAL: Partial<Record<Primitive, Json[]>> = {
  int: [{ logicalType: 'date' }, { logicalType: 'time-millis' }],
  long: [{ logicalType: 'timestamp-millis' }, { logicalType: 'timestamp-micros' }],
  bytes: [
    { logicalType: 'decimal', precision: 10, scale: 2 },
    { logicalType: 'decimal', precision: 12, scale: 4 },
  ],
  string: [{ logicalType: 'uuid' }],
};

/** Reader ← writer pairs that Avro promotes, and their reverse, to exercise promotions both ways. */
const PROMOTIONS: readonly [Primitive, Primitive][] = [
  ['int', 'long'],
  ['int', 'float'],
  ['int', 'double'],
  ['long', 'float'],
  ['long', 'double'],
  ['float', 'double'],
  ['string', 'bytes'],
  ['bytes', 'string'],
];

/** A type expression; named types are always references into `GenSchema.defs`. */
type GenType =
  | { kind: 'primitive'; primitive: Primitive; logical: number; objectForm: boolean }
  | { kind: 'array'; items: GenType }
  | { kind: 'map'; values: GenType }
  | { kind: 'union'; branches: GenType[] }
  | { kind: 'named'; fullName: string; short: boolean };

interface GenField {
  name: string;
  type: GenType;
  hasDefault: boolean;
  aliases: string[];
}

type GenDef = {
  fullName: string;
  aliases: string[];
  /** How the definition writes its name: 0 full name, 1 name + namespace, 2 inherit when possible. */
  form: number;
} & (
  | { kind: 'record'; fields: GenField[] }
  | { kind: 'enum'; symbols: string[]; default: string | null }
  | { kind: 'fixed'; size: number; logical: boolean }
);

interface GenSchema {
  root: GenType;
  defs: Map<string, GenDef>;
}

/** Reads choices from a fast-check generated tape; past its end every choice is the simplest one. */
class Tape {
  private index = 0;
  private readonly values: readonly number[];
  constructor(values: readonly number[]) {
    this.values = values;
  }
  pick(n: number): number {
    if (n <= 1) return 0;
    const value = this.values[this.index++] ?? 0;
    return value % n;
  }
  chance(percent: number): boolean {
    return this.pick(100) >= 100 - percent;
  }
  choose<T>(items: readonly T[]): T {
    return items[this.pick(items.length)] as T;
  }
}

function namespaceOf(fullName: string): string | null {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? null : fullName.slice(0, dot);
}

function shortOf(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

function fullNameOf(namespace: string | null, name: string): string {
  return namespace === null ? name : `${namespace}.${name}`;
}

function unionKey(schema: GenSchema, type: GenType): string {
  switch (type.kind) {
    case 'primitive':
      return type.primitive;
    case 'named':
      return schema.defs.has(type.fullName) ? type.fullName : `?${type.fullName}`;
    default:
      return type.kind;
  }
}

class SchemaBuilder {
  private readonly tape: Tape;
  /** Named types by full name; an evolution passes the evolved schema's own table. */
  readonly defs: Map<string, GenDef>;
  constructor(tape: Tape, defs: Map<string, GenDef> = new Map()) {
    this.tape = tape;
    this.defs = defs;
  }

  build(): GenSchema {
    const root = this.tape.chance(85) ? this.record(0) : this.type(0, true);
    return { root, defs: this.defs };
  }

  type(depth: number, allowUnion: boolean): GenType {
    const tape = this.tape;
    const deep = depth >= 3;
    const choice = tape.pick(100);
    if (choice < 35) return this.primitive();
    if (choice < 50 && allowUnion && !deep) return this.union(depth);
    if (choice < 58 && !deep) return { kind: 'array', items: this.type(depth + 1, true) };
    if (choice < 64 && !deep) return { kind: 'map', values: this.type(depth + 1, true) };
    if (choice < 76 && !deep) return this.record(depth);
    if (choice < 86) return this.enumType();
    if (choice < 91) return this.fixed();
    if (this.defs.size > 0) return this.reference();
    return this.primitive();
  }

  primitive(): GenType {
    const primitive = this.tape.choose(PRIMITIVES);
    const logicals = LOGICAL[primitive] ?? [];
    const logical = logicals.length > 0 && this.tape.chance(25) ? 1 + this.tape.pick(logicals.length) : 0;
    return { kind: 'primitive', primitive, logical, objectForm: this.tape.chance(15) };
  }

  reference(): GenType {
    const names = [...this.defs.keys()];
    return { kind: 'named', fullName: this.tape.choose(names), short: this.tape.chance(50) };
  }

  union(depth: number): GenType {
    const branches: GenType[] = [];
    if (this.tape.chance(60))
      branches.push({ kind: 'primitive', primitive: 'null', logical: 0, objectForm: false });
    const count = this.tape.pick(4);
    for (let i = 0; i < count; i++) branches.push(this.type(depth + 1, false));
    return { kind: 'union', branches };
  }

  /** A new named type, or a reference when the drawn full name is already taken. */
  private named(make: (fullName: string) => GenDef): GenType {
    const namespace = this.tape.choose(NAMESPACES);
    const fullName = fullNameOf(namespace, this.tape.choose(TYPE_NAMES));
    if (this.defs.has(fullName)) return { kind: 'named', fullName, short: this.tape.chance(50) };
    const def = make(fullName);
    this.defs.set(fullName, def);
    return { kind: 'named', fullName, short: false };
  }

  private typeAliases(): string[] {
    if (!this.tape.chance(15)) return [];
    const namespace = this.tape.choose(NAMESPACES);
    const name = this.tape.choose(TYPE_NAMES);
    return [this.tape.chance(50) ? name : fullNameOf(namespace, name)];
  }

  record(depth: number): GenType {
    return this.named((fullName) => {
      const def: GenDef = {
        kind: 'record',
        fullName,
        aliases: this.typeAliases(),
        form: this.tape.pick(3),
        fields: [],
      };
      // Registered before its fields, so that a field may refer to its own record (recursion).
      this.defs.set(fullName, def);
      const count = 1 + this.tape.pick(5);
      for (let i = 0; i < count; i++) {
        const name = this.tape.choose(FIELD_NAMES);
        if (def.fields.some((field) => field.name === name)) continue;
        def.fields.push({
          name,
          type: this.type(depth + 1, true),
          hasDefault: this.tape.chance(40),
          aliases: this.tape.chance(10) ? [this.tape.choose(FIELD_NAMES)] : [],
        });
      }
      return def;
    });
  }

  enumType(): GenType {
    return this.named((fullName) => {
      const symbols = SYMBOLS.filter(() => this.tape.chance(55));
      const withDefault = symbols.length > 0 && this.tape.chance(35);
      return {
        kind: 'enum',
        fullName,
        aliases: this.typeAliases(),
        form: this.tape.pick(3),
        symbols,
        default: withDefault ? this.tape.choose(symbols) : null,
      };
    });
  }

  fixed(): GenType {
    return this.named((fullName) => ({
      kind: 'fixed',
      fullName,
      aliases: this.typeAliases(),
      form: this.tape.pick(3),
      size: this.tape.choose(FIXED_SIZES),
      logical: this.tape.chance(20),
    }));
  }
}

/** A slot holding a type, so that evolutions can replace what is in it. */
interface TypeSlot {
  get(): GenType;
  set(type: GenType): void;
  /** Union branches may not hold a union. */
  inUnion: boolean;
}

interface FieldSite {
  record: Extract<GenDef, { kind: 'record' }>;
  index: number;
}

/** Everything reachable from the root: the places an evolution can change. */
function sitesOf(schema: GenSchema) {
  const slots: TypeSlot[] = [];
  const reachable: GenDef[] = [];
  const seen = new Set<string>();
  const visit = (slot: TypeSlot) => {
    slots.push(slot);
    const type = slot.get();
    switch (type.kind) {
      case 'array':
        visit({ get: () => type.items, set: (t) => (type.items = t), inUnion: false });
        break;
      case 'map':
        visit({ get: () => type.values, set: (t) => (type.values = t), inUnion: false });
        break;
      case 'union':
        for (let i = 0; i < type.branches.length; i++) {
          visit({
            get: () => type.branches[i] as GenType,
            set: (t) => (type.branches[i] = t),
            inUnion: true,
          });
        }
        break;
      case 'named': {
        const def = schema.defs.get(type.fullName);
        if (def === undefined || seen.has(def.fullName)) break;
        seen.add(def.fullName);
        reachable.push(def);
        if (def.kind === 'record') {
          for (const field of def.fields) {
            visit({ get: () => field.type, set: (t) => (field.type = t), inUnion: false });
          }
        }
        break;
      }
      default:
        break;
    }
  };
  visit({ get: () => schema.root, set: (t) => (schema.root = t), inUnion: false });
  const records = reachable.filter(
    (def): def is Extract<GenDef, { kind: 'record' }> => def.kind === 'record',
  );
  const fields: FieldSite[] = records.flatMap((record) =>
    record.fields.map((_, index) => ({ record, index })),
  );
  return { slots, reachable, records, fields };
}

function cloneSchema(schema: GenSchema): GenSchema {
  return { root: structuredClone(schema.root), defs: structuredClone(schema.defs) };
}

function renameDef(schema: GenSchema, from: string, to: string): void {
  const def = schema.defs.get(from) as GenDef;
  schema.defs.delete(from);
  def.fullName = to;
  schema.defs.set(to, def);
  const fix = (type: GenType): void => {
    switch (type.kind) {
      case 'named':
        if (type.fullName === from) type.fullName = to;
        break;
      case 'array':
        fix(type.items);
        break;
      case 'map':
        fix(type.values);
        break;
      case 'union':
        type.branches.forEach(fix);
        break;
      default:
        break;
    }
  };
  fix(schema.root);
  for (const other of schema.defs.values()) {
    if (other.kind === 'record') for (const field of other.fields) fix(field.type);
  }
}

/** Applies random evolutions; returns the names of the ones applied (for failure reports). */
function evolve(schema: GenSchema, tape: Tape): string[] {
  const applied: string[] = [];
  const steps = 1 + tape.pick(3);
  for (let step = 0; step < steps; step++) {
    const sites = sitesOf(schema);
    const builder = new SchemaBuilder(tape, schema.defs);
    const op = tape.pick(21);
    const field = sites.fields.length > 0 ? tape.choose(sites.fields) : undefined;
    const target = field?.record.fields[field.index];
    switch (op) {
      case 0: {
        if (sites.records.length === 0) break;
        const record = tape.choose(sites.records);
        const name = tape.choose(FIELD_NAMES);
        if (record.fields.some((f) => f.name === name)) break;
        const type = builder.type(3, true);
        record.fields.splice(tape.pick(record.fields.length + 1), 0, {
          name,
          type,
          hasDefault: tape.chance(50),
          aliases: [],
        });
        applied.push(`add field ${name} to ${record.fullName}`);
        break;
      }
      case 1:
        if (field === undefined || target === undefined) break;
        field.record.fields.splice(field.index, 1);
        applied.push(`remove field ${target.name} of ${field.record.fullName}`);
        break;
      case 2: {
        const slots = sites.slots.filter((slot) => slot.get().kind === 'primitive');
        if (slots.length === 0) break;
        const slot = tape.choose(slots);
        const current = slot.get() as Extract<GenType, { kind: 'primitive' }>;
        const related = PROMOTIONS.filter(([a, b]) => a === current.primitive || b === current.primitive);
        const next =
          related.length > 0 && tape.chance(70)
            ? (tape.choose(related).find((p) => p !== current.primitive) as Primitive)
            : tape.choose(PRIMITIVES);
        slot.set({ ...current, primitive: next, logical: 0 });
        applied.push(`change ${current.primitive} to ${next}`);
        break;
      }
      case 3:
        if (target === undefined) break;
        target.hasDefault = !target.hasDefault;
        applied.push(`toggle default of ${target.name}`);
        break;
      case 4: {
        if (field === undefined || target === undefined) break;
        const name = tape.choose(FIELD_NAMES);
        if (field.record.fields.some((f) => f.name === name)) break;
        const old = target.name;
        target.name = name;
        if (tape.chance(60)) target.aliases = [...new Set([...target.aliases, old])];
        applied.push(`rename field ${old} to ${name}${target.aliases.includes(old) ? ' with alias' : ''}`);
        break;
      }
      case 5:
        if (target === undefined) break;
        target.aliases = [...new Set([...target.aliases, tape.choose(FIELD_NAMES)])];
        applied.push(`alias field ${target.name} as ${target.aliases.join(',')}`);
        break;
      case 6:
      case 7:
      case 8: {
        const enums = sites.reachable.filter((def) => def.kind === 'enum');
        if (enums.length === 0) break;
        const def = tape.choose(enums) as Extract<GenDef, { kind: 'enum' }>;
        if (op === 6) {
          const symbol = tape.choose(SYMBOLS);
          if (def.symbols.includes(symbol)) break;
          def.symbols.splice(tape.pick(def.symbols.length + 1), 0, symbol);
          applied.push(`add symbol ${symbol} to ${def.fullName}`);
        } else if (op === 7) {
          if (def.symbols.length === 0) break;
          const symbol = tape.choose(def.symbols);
          def.symbols = def.symbols.filter((s) => s !== symbol);
          if (def.default === symbol) def.default = def.symbols[0] ?? null;
          applied.push(`remove symbol ${symbol} from ${def.fullName}`);
        } else {
          def.default = def.default === null && def.symbols.length > 0 ? tape.choose(def.symbols) : null;
          applied.push(`set default of ${def.fullName} to ${def.default}`);
        }
        break;
      }
      case 9:
      case 10: {
        const unions = sites.slots.filter((slot) => slot.get().kind === 'union');
        if (unions.length === 0) break;
        const union = tape.choose(unions).get() as Extract<GenType, { kind: 'union' }>;
        if (op === 9) {
          union.branches.splice(tape.pick(union.branches.length + 1), 0, builder.type(3, false));
          applied.push('add union branch');
        } else if (union.branches.length > 0) {
          union.branches.splice(tape.pick(union.branches.length), 1);
          applied.push('remove union branch');
        }
        break;
      }
      case 11: {
        const slots = sites.slots.filter((slot) => !slot.inUnion && slot.get().kind !== 'union');
        if (slots.length === 0) break;
        const slot = tape.choose(slots);
        const nullType: GenType = { kind: 'primitive', primitive: 'null', logical: 0, objectForm: false };
        slot.set({
          kind: 'union',
          branches: tape.chance(70) ? [nullType, slot.get()] : [slot.get(), nullType],
        });
        applied.push('wrap in union with null');
        break;
      }
      case 12: {
        const slots = sites.slots.filter((slot) => slot.get().kind === 'union');
        if (slots.length === 0) break;
        const slot = tape.choose(slots);
        const branches = (slot.get() as Extract<GenType, { kind: 'union' }>).branches;
        if (branches.length === 0) break;
        slot.set(tape.choose(branches));
        applied.push('unwrap union');
        break;
      }
      case 13:
      case 14: {
        if (sites.reachable.length === 0) break;
        const def = tape.choose(sites.reachable);
        const old = def.fullName;
        const next =
          op === 13
            ? fullNameOf(namespaceOf(old), tape.choose(TYPE_NAMES))
            : fullNameOf(tape.choose(NAMESPACES), shortOf(old));
        if (schema.defs.has(next)) break;
        renameDef(schema, old, next);
        if (tape.chance(60))
          def.aliases = [...new Set([...def.aliases, tape.chance(50) ? old : shortOf(old)])];
        applied.push(`${op === 13 ? 'rename' : 'move'} ${old} to ${next} (aliases ${def.aliases.join(',')})`);
        break;
      }
      case 15: {
        const fixeds = sites.reachable.filter((def) => def.kind === 'fixed');
        if (fixeds.length === 0) break;
        const def = tape.choose(fixeds) as Extract<GenDef, { kind: 'fixed' }>;
        def.size = tape.choose(FIXED_SIZES);
        applied.push(`resize ${def.fullName} to ${def.size}`);
        break;
      }
      case 16: {
        const slots = sites.slots.filter((slot) => ['array', 'map'].includes(slot.get().kind));
        if (slots.length === 0) break;
        const slot = tape.choose(slots);
        const current = slot.get() as Extract<GenType, { kind: 'array' | 'map' }>;
        const inner = current.kind === 'array' ? current.items : current.values;
        if (tape.chance(50)) {
          slot.set(
            current.kind === 'array' ? { kind: 'map', values: inner } : { kind: 'array', items: inner },
          );
          applied.push(`turn ${current.kind} into the other container`);
        } else {
          const replacement = builder.type(3, true);
          slot.set(
            current.kind === 'array'
              ? { kind: 'array', items: replacement }
              : { kind: 'map', values: replacement },
          );
          applied.push(`change ${current.kind} element type`);
        }
        break;
      }
      case 17: {
        const slots = sites.slots.filter((slot) => slot.get().kind === 'primitive');
        if (slots.length === 0) break;
        const slot = tape.choose(slots);
        const current = slot.get() as Extract<GenType, { kind: 'primitive' }>;
        const count = LOGICAL[current.primitive]?.length ?? 0;
        slot.set({ ...current, logical: count === 0 ? 0 : tape.pick(count + 1) });
        applied.push(`change logical type of ${current.primitive}`);
        break;
      }
      case 18: {
        if (sites.records.length === 0) break;
        const record = tape.choose(sites.records);
        if (record.fields.length < 2) break;
        const moved = record.fields.splice(tape.pick(record.fields.length), 1);
        record.fields.splice(tape.pick(record.fields.length + 1), 0, ...moved);
        applied.push(`reorder fields of ${record.fullName}`);
        break;
      }
      case 19: {
        if (sites.slots.length === 0) break;
        const slot = tape.choose(sites.slots);
        slot.set(builder.type(2, !slot.inUnion));
        applied.push('replace a type');
        break;
      }
      default: {
        if (sites.reachable.length === 0) break;
        const def = tape.choose(sites.reachable);
        const alias = tape.chance(50)
          ? tape.choose(TYPE_NAMES)
          : fullNameOf(tape.choose(NAMESPACES), tape.choose(TYPE_NAMES));
        def.aliases = [...new Set([...def.aliases, alias])];
        applied.push(`alias ${def.fullName} as ${alias}`);
        break;
      }
    }
  }
  return applied;
}

function defaultValueOf(schema: GenSchema, type: GenType): Json {
  switch (type.kind) {
    case 'primitive':
      return { null: null, boolean: false, int: 0, long: 0, float: 0, double: 0, bytes: '', string: '' }[
        type.primitive
      ];
    case 'array':
      return [];
    case 'map':
      return {};
    case 'union':
      return type.branches[0] === undefined ? null : defaultValueOf(schema, type.branches[0]);
    case 'named': {
      const def = schema.defs.get(type.fullName);
      if (def?.kind === 'enum') return def.symbols[0] ?? 'A';
      if (def?.kind === 'fixed') return '\u0000'.repeat(def.size);
      return {};
    }
  }
}

/** Prints a generated schema as Avro JSON: the first occurrence of a named type defines it. */
function printSchema(schema: GenSchema): Json {
  const printed = new Set<string>();
  const reference = (fullName: string, short: boolean, enclosing: string | null): string =>
    short && namespaceOf(fullName) === enclosing ? shortOf(fullName) : fullName;
  const nameMembers = (def: GenDef, enclosing: string | null): { [key: string]: Json } => {
    const namespace = namespaceOf(def.fullName);
    const name = shortOf(def.fullName);
    if (def.form === 2 && namespace === enclosing) return { name };
    if (def.form === 0 && namespace !== null) return { name: def.fullName };
    return { name, namespace: namespace ?? '' };
  };
  const print = (type: GenType, enclosing: string | null): Json => {
    switch (type.kind) {
      case 'primitive': {
        const logical = LOGICAL[type.primitive]?.[type.logical - 1];
        if (
          logical !== undefined &&
          typeof logical === 'object' &&
          logical !== null &&
          !Array.isArray(logical)
        ) {
          return { type: type.primitive, ...logical };
        }
        return type.objectForm ? { type: type.primitive } : type.primitive;
      }
      case 'array':
        return { type: 'array', items: print(type.items, enclosing) };
      case 'map':
        return { type: 'map', values: print(type.values, enclosing) };
      case 'union': {
        const keys = new Set<string>();
        const branches: Json[] = [];
        for (const branch of type.branches) {
          if (branch.kind === 'union') continue;
          const key = unionKey(schema, branch);
          if (keys.has(key)) continue;
          keys.add(key);
          branches.push(print(branch, enclosing));
        }
        return branches;
      }
      case 'named': {
        const def = schema.defs.get(type.fullName);
        if (def === undefined || printed.has(def.fullName))
          return reference(type.fullName, type.short, enclosing);
        printed.add(def.fullName);
        const own = namespaceOf(def.fullName);
        const members: { [key: string]: Json } = { type: def.kind, ...nameMembers(def, enclosing) };
        if (def.aliases.length > 0) members.aliases = def.aliases;
        switch (def.kind) {
          case 'record':
            members.fields = def.fields.map((field) => {
              const printedField: { [key: string]: Json } = {
                name: field.name,
                type: print(field.type, own),
              };
              if (field.hasDefault) printedField.default = defaultValueOf(schema, field.type);
              if (field.aliases.length > 0) printedField.aliases = field.aliases;
              return printedField;
            });
            break;
          case 'enum':
            members.symbols = def.symbols;
            if (def.default !== null) members.default = def.default;
            break;
          case 'fixed':
            members.size = def.size;
            if (def.logical) Object.assign(members, { logicalType: 'decimal', precision: 6, scale: 2 });
            break;
        }
        return members;
      }
    }
  };
  return print(schema.root, null);
}

/** One generated case: a schema, an evolution of it, and what the evolution did. */
export interface SchemaCase {
  base: Json;
  evolved: Json;
  changes: string[];
}

/** A tape of random choices; longer tapes build larger schemas. */
const tapeArbitrary = (maxLength: number) =>
  fc.array(fc.noBias(fc.nat({ max: 9_999 })), { minLength: 0, maxLength, size: 'max' });

/**
 * A random schema and a random evolution of it (or, one time in eight, an unrelated schema built from
 * the same name pools, so that names still collide).
 */
export function schemaCaseArbitrary(): fc.Arbitrary<SchemaCase> {
  return fc
    .tuple(tapeArbitrary(160), tapeArbitrary(40), fc.nat({ max: 7 }))
    .map(([baseTape, changeTape, mode]) => {
      const base = new SchemaBuilder(new Tape(baseTape)).build();
      if (mode === 0) {
        const other = new SchemaBuilder(new Tape(changeTape)).build();
        return { base: printSchema(base), evolved: printSchema(other), changes: ['unrelated schema'] };
      }
      const evolved = cloneSchema(base);
      const changes = evolve(evolved, new Tape(changeTape));
      return { base: printSchema(base), evolved: printSchema(evolved), changes };
    });
}

/** `count` reproducible cases (for the benchmark fixture). */
export function sampleSchemaCases(count: number, seed: number): SchemaCase[] {
  return fc.sample(schemaCaseArbitrary(), { seed, numRuns: count });
}
