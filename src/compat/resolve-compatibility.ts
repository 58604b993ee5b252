/**
 * Avro schema resolution, reader against writer: can every datum written with the writer schema be
 * read with the reader schema? Returns every incompatibility, each with the kind, the location and
 * (as far as it goes) the bookkeeping of Apache Avro Java 1.12's `SchemaCompatibility` — the code the
 * Confluent Schema Registry runs — so that a verdict here is the verdict the registry will give.
 *
 * The walk mirrors Avro Java call for call, including the parts the specification does not say
 * (see `src/compat/README.md`): which reader union branch is taken (the first compatible one), that
 * a writer union is checked branch by branch, that names compare unqualified, that reader aliases are
 * full names, the memo of (reader, writer) node pairs that ends recursion (a pair met again while it
 * is being checked counts as compatible), and the treatment of a missing field whose enum has a
 * default. Pure: no file system, no process. Strings are built only for incompatibilities.
 */
import {
  type CompatField,
  type CompatNode,
  type CompatSchema,
  describeNode,
  pointerOf,
} from './compat-schema.ts';
import {
  type Incompatibility,
  type IncompatibilityData,
  type IncompatibilityKind,
  RULE_ID_BY_KIND,
} from './incompatibility.ts';
import { compatRuleByKind } from './rules/index.ts';

export type { Incompatibility, IncompatibilityKind } from './incompatibility.ts';

const INT = 2;
const LONG = 3;
const FLOAT = 4;
const DOUBLE = 5;
const BYTES = 6;
const STRING = 7;
const ARRAY = 8;
const MAP = 9;
const FIXED = 10;
const ENUM = 11;
const RECORD = 12;
const UNION = 13;

/** A reader field matches two writer fields (by name and by alias): Avro Java throws, and so do we. */
export class AmbiguousFieldError extends Error {
  /** Pointer of the reader field in the reader schema. */
  readonly readerPointer: string;
  /** Names of the writer fields it matches. */
  readonly writerFields: readonly string[];
  constructor(message: string, readerPointer: string, writerFields: readonly string[]) {
    super(message);
    this.name = 'AmbiguousFieldError';
    this.readerPointer = readerPointer;
    this.writerFields = writerFields;
  }
}

/**
 * An incompatibility before its strings are built. Paths are token arrays: union trials that fail
 * create many faults that are thrown away, and those should cost no string building.
 */
interface Fault {
  readonly kind: IncompatibilityKind;
  /** The missing field whose enum has a default (Avro Java's TYPE_MISMATCH on the writer record). */
  readonly missingFieldWithEnumDefault: boolean;
  readonly reader: CompatNode;
  readonly writer: CompatNode;
  readonly readerPath: readonly string[];
  readonly writerPath: readonly string[];
  /** Avro Java's location tokens, below its root token. */
  readonly javaPath: readonly string[];
}

type Faults = readonly Fault[];

const NONE: Faults = Object.freeze([]) as Faults;

/** A memoised pair: `faults` is `null` while the pair is being checked (Avro Java's RECURSION_IN_PROGRESS). */
interface MemoEntry {
  faults: Faults | null;
  readerBase: number;
  writerBase: number;
}

const INDEX_TOKENS: string[] = Array.from({ length: 64 }, (_, i) => String(i));

function indexToken(i: number): string {
  return INDEX_TOKENS[i] ?? String(i);
}

function merge(into: Faults, more: Faults): Faults {
  if (more.length === 0) return into;
  if (into.length === 0) return more;
  return into.concat(more);
}

/** One reader/writer check: three location stacks (reader, writer, Avro Java's) and the pair memo. */
class ResolutionWalk {
  private readonly reader: string[] = [];
  private readonly writer: string[] = [];
  private readonly java: string[] = [];
  /** Index of the current Avro Java root token in `java` (union trials restart the location). */
  private javaRoot = 0;
  private memo: Map<CompatNode, Map<CompatNode, MemoEntry>> | null = null;

  run(reader: CompatNode, writer: CompatNode): Faults {
    return this.check(null, null, '', reader, writer);
  }

  /** Avro Java's `getCompatibility(token, reader, writer, location)`, with one token per stack. */
  private check(
    readerToken: string | null,
    writerToken: string | null,
    javaToken: string | null,
    reader: CompatNode,
    writer: CompatNode,
  ): Faults {
    if (readerToken !== null) this.reader.push(readerToken);
    if (writerToken !== null) this.writer.push(writerToken);
    if (javaToken !== null) this.java.push(javaToken);
    const result =
      reader.shared || writer.shared ? this.memoised(reader, writer) : this.calculate(reader, writer);
    if (readerToken !== null) this.reader.pop();
    if (writerToken !== null) this.writer.pop();
    if (javaToken !== null) this.java.pop();
    return result;
  }

  /** Avro Java's two-argument `getCompatibility(reader, writer)`: a fresh location starting at `/`. */
  private checkFresh(readerToken: string | null, reader: CompatNode, writer: CompatNode): Faults {
    const outerRoot = this.javaRoot;
    this.javaRoot = this.java.length;
    const result = this.check(readerToken, null, '', reader, writer);
    this.javaRoot = outerRoot;
    return result;
  }

  private memoised(reader: CompatNode, writer: CompatNode): Faults {
    this.memo ??= new Map();
    let byWriter = this.memo.get(reader);
    if (byWriter === undefined) {
      byWriter = new Map();
      this.memo.set(reader, byWriter);
    }
    const known = byWriter.get(writer);
    if (known !== undefined) {
      // In progress: the recursion stops here, compatible unless proven otherwise elsewhere.
      if (known.faults === null || known.faults.length === 0) return NONE;
      return known.faults.map((fault) => this.rebase(fault, known));
    }
    const entry: MemoEntry = { faults: null, readerBase: this.reader.length, writerBase: this.writer.length };
    byWriter.set(writer, entry);
    const faults = this.calculate(reader, writer);
    entry.faults = faults;
    return faults;
  }

  /** A memoised fault met again: Avro Java repeats its location; our pointers say where we are now. */
  private rebase(fault: Fault, entry: MemoEntry): Fault {
    return {
      ...fault,
      readerPath: this.reader.concat(fault.readerPath.slice(entry.readerBase)),
      writerPath: this.writer.concat(fault.writerPath.slice(entry.writerBase)),
    };
  }

  private fault(kind: IncompatibilityKind, reader: CompatNode, writer: CompatNode, suffix?: string): Fault {
    const readerPath = this.reader.slice();
    const writerPath = this.writer.slice();
    const javaPath = this.java.slice(this.javaRoot + 1);
    if (suffix !== undefined) {
      readerPath.push(suffix);
      writerPath.push(suffix);
      javaPath.push(suffix);
    }
    return { kind, missingFieldWithEnumDefault: false, reader, writer, readerPath, writerPath, javaPath };
  }

  private calculate(reader: CompatNode, writer: CompatNode): Faults {
    const readerCode = reader.code;
    const writerCode = writer.code;
    if (readerCode === writerCode) {
      switch (readerCode) {
        case ARRAY:
          return this.check(
            'items',
            'items',
            'items',
            reader.child as CompatNode,
            writer.child as CompatNode,
          );
        case MAP:
          return this.check(
            'values',
            'values',
            'values',
            reader.child as CompatNode,
            writer.child as CompatNode,
          );
        case FIXED:
          return merge(this.checkNames(reader, writer), this.checkFixedSize(reader, writer));
        case ENUM:
          return merge(this.checkNames(reader, writer), this.checkEnumSymbols(reader, writer));
        case RECORD:
          return merge(this.checkNames(reader, writer), this.checkFields(reader, writer));
        case UNION:
          return this.checkWriterUnionBranches(reader, writer);
        default:
          return NONE;
      }
    }
    if (writerCode === UNION) {
      // Every branch the writer may write must be readable.
      let result = NONE;
      const branches = writer.branches;
      for (let i = 0; i < branches.length; i++) {
        const token = indexToken(i);
        result = merge(result, this.check(null, token, token, reader, branches[i] as CompatNode));
      }
      return result;
    }
    switch (readerCode) {
      case LONG:
        if (writerCode === INT) return NONE;
        break;
      case FLOAT:
        if (writerCode === INT || writerCode === LONG) return NONE;
        break;
      case DOUBLE:
        if (writerCode === INT || writerCode === LONG || writerCode === FLOAT) return NONE;
        break;
      case BYTES:
        if (writerCode === STRING) return NONE;
        break;
      case STRING:
        if (writerCode === BYTES) return NONE;
        break;
      case UNION: {
        // The first reader branch that reads the writer type wins, as in Avro Java.
        const branches = reader.branches;
        for (let i = 0; i < branches.length; i++) {
          if (this.checkFresh(indexToken(i), branches[i] as CompatNode, writer).length === 0) return NONE;
        }
        return [this.fault('MISSING_UNION_BRANCH', reader, writer)];
      }
    }
    return [this.fault('TYPE_MISMATCH', reader, writer)];
  }

  /** Both unions: each writer branch must be readable by the reader union (Avro Java's UNION case). */
  private checkWriterUnionBranches(reader: CompatNode, writer: CompatNode): Faults {
    let result = NONE;
    const branches = writer.branches;
    for (let i = 0; i < branches.length; i++) {
      const token = indexToken(i);
      const branch = branches[i] as CompatNode;
      this.writer.push(token);
      this.java.push(token);
      if (this.checkFresh(null, reader, branch).length > 0) {
        result = merge(result, [this.fault('MISSING_UNION_BRANCH', reader, branch)]);
      }
      this.writer.pop();
      this.java.pop();
    }
    return result;
  }

  private checkNames(reader: CompatNode, writer: CompatNode): Faults {
    // Avro Java compares the unqualified names, then the reader's aliases against the writer's full name.
    if (reader.name === writer.name || reader.aliases.includes(writer.fullName as string)) return NONE;
    return [this.fault('NAME_MISMATCH', reader, writer, 'name')];
  }

  private checkFixedSize(reader: CompatNode, writer: CompatNode): Faults {
    if (reader.size === writer.size) return NONE;
    return [this.fault('FIXED_SIZE_MISMATCH', reader, writer, 'size')];
  }

  private checkEnumSymbols(reader: CompatNode, writer: CompatNode): Faults {
    if (reader.enumDefault !== null) return NONE;
    const readerSymbols = reader.symbolSet as ReadonlySet<string>;
    for (const symbol of writer.symbols) {
      if (!readerSymbols.has(symbol)) return [this.fault('MISSING_ENUM_SYMBOLS', reader, writer, 'symbols')];
    }
    return NONE;
  }

  private checkFields(reader: CompatNode, writer: CompatNode): Faults {
    let result = NONE;
    this.reader.push('fields');
    this.java.push('fields');
    for (const readerField of reader.fields) {
      this.reader.push(readerField.indexToken);
      this.java.push(readerField.indexToken);
      const writerField = this.lookupWriterField(writer, readerField);
      if (writerField === undefined) {
        if (!readerField.hasDefault) result = merge(result, this.missingField(reader, writer, readerField));
      } else {
        this.writer.push('fields');
        this.writer.push(writerField.indexToken);
        result = merge(result, this.check('type', 'type', 'type', readerField.type, writerField.type));
        this.writer.pop();
        this.writer.pop();
      }
      this.reader.pop();
      this.java.pop();
    }
    this.reader.pop();
    this.java.pop();
    return result;
  }

  /**
   * A reader field without a default that the writer lacks. When the field's enum has a default
   * symbol, Avro Java checks the enum against the writer *record* instead, which always yields
   * TYPE_MISMATCH at `…/type`; we report that kind too, with a message that says what is wrong.
   */
  private missingField(reader: CompatNode, writer: CompatNode, readerField: CompatField): Faults {
    const type = readerField.type;
    if (type.code === ENUM && type.enumDefault !== null) {
      const faults = this.check('type', null, 'type', type, writer);
      return faults.map((fault) =>
        fault.kind === 'TYPE_MISMATCH' && fault.reader === type && fault.writer === writer
          ? { ...fault, missingFieldWithEnumDefault: true }
          : fault,
      );
    }
    return [this.fault('READER_FIELD_MISSING_DEFAULT_VALUE', reader, writer)];
  }

  /** Avro Java's `lookupWriterField`: the field of the same name, or of one of the reader's aliases. */
  private lookupWriterField(writer: CompatNode, readerField: CompatField): CompatField | undefined {
    const direct = fieldNamed(writer, readerField.name);
    if (readerField.aliases.length === 0) return direct;
    const matches: CompatField[] = direct === undefined ? [] : [direct];
    for (const alias of readerField.aliases) {
      const byAlias = fieldNamed(writer, alias);
      if (byAlias !== undefined) matches.push(byAlias);
    }
    if (matches.length > 1) {
      const names = matches.map((field) => field.name);
      // A stack trace says nothing about a schema error (the pointer does) and costs more than the check.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      const error = new AmbiguousFieldError(
        `reader field \`${readerField.name}\` matches several writer fields (${names.join(', ')}) by name and aliases`,
        pointerOf(this.reader),
        names,
      );
      Error.stackTraceLimit = stackTraceLimit;
      throw error;
    }
    return matches[0];
  }
}

/** The record's field of that name: a map lookup for large records, a scan for small ones. */
function fieldNamed(record: CompatNode, name: string): CompatField | undefined {
  const byName = record.fieldsByName;
  if (byName !== null) return byName.get(name);
  const fields = record.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as CompatField;
    if (field.name === name) return field;
  }
  return undefined;
}

interface PathFacts {
  /** Description of the place, e.g. "field `amount` of `com.acme.Money`" or "the items of …". */
  subject: string;
  field: CompatField | null;
  record: CompatNode | null;
  fieldPath: string;
}

/** Walks a reader path through the node graph to name the field and the place it ends at. */
function describePath(root: CompatNode, tokens: readonly string[]): PathFacts {
  let node: CompatNode | undefined = root;
  let field: CompatField | null = null;
  let record: CompatNode | null = null;
  const fieldNames: string[] = [];
  let steps: string[] = [];
  for (let i = 0; i < tokens.length && node !== undefined; i++) {
    const token = tokens[i] as string;
    if (token === 'fields' && node.code === RECORD) {
      const next: CompatField | undefined = node.fields[Number(tokens[i + 1])];
      if (next === undefined) break;
      record = node;
      field = next;
      fieldNames.push(next.name);
      steps = [];
      i++;
      if (tokens[i + 1] === 'type') {
        i++;
        node = next.type;
      } else {
        node = undefined;
      }
    } else if (token === 'items' || token === 'values') {
      steps.push(token === 'items' ? 'the items' : 'the map values');
      node = node.child ?? undefined;
    } else if (node.code === UNION && /^\d+$/.test(token)) {
      steps.push(`branch ${token}`);
      node = node.branches[Number(token)];
    } else {
      break;
    }
  }
  let subject =
    field !== null && record !== null
      ? `field \`${field.name}\` of \`${record.fullName}\``
      : 'the root schema';
  for (const step of steps) subject = `${step} of ${subject}`;
  return { subject, field, record, fieldPath: fieldNames.join('.') };
}

function sortedMissingSymbols(reader: CompatNode, writer: CompatNode): string[] {
  const readerSymbols = reader.symbolSet as ReadonlySet<string>;
  return [...new Set(writer.symbols.filter((symbol) => !readerSymbols.has(symbol)))].sort();
}

/** A message template split at its placeholders: even entries are text, odd entries data keys. */
const compiledTemplates = new Map<string, string[]>();

/** `formatMessage` without a regular expression per message: templates are split once. */
function fillTemplate(template: string, data: IncompatibilityData): string {
  let parts = compiledTemplates.get(template);
  if (parts === undefined) {
    parts = template.split(/\{(\w+)\}/);
    compiledTemplates.set(template, parts);
  }
  let text = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i] as string;
    const value = data[key];
    text += (value === undefined ? `{${key}}` : String(value)) + (parts[i + 1] as string);
  }
  return text;
}

/** The engine's tokens are literals and indexes, which never need JSON-pointer escaping. */
function joinPointer(tokens: readonly string[]): string {
  return tokens.length === 0 ? '' : `/${tokens.join('/')}`;
}

function materialize(fault: Fault, readerRoot: CompatNode): Incompatibility {
  const { kind, reader, writer } = fault;
  const facts = describePath(readerRoot, fault.readerPath);
  let messageId: string;
  let data: IncompatibilityData;
  switch (kind) {
    case 'NAME_MISMATCH':
      messageId = 'nameDiffers';
      data = {
        readerType: reader.type,
        readerName: reader.fullName as string,
        writerName: writer.fullName as string,
        subject: facts.subject,
      };
      break;
    case 'FIXED_SIZE_MISMATCH':
      messageId = 'sizeDiffers';
      data = {
        readerName: reader.fullName as string,
        readerSize: reader.size,
        writerName: writer.fullName as string,
        writerSize: writer.size,
      };
      break;
    case 'MISSING_ENUM_SYMBOLS': {
      const symbols = sortedMissingSymbols(reader, writer);
      messageId = 'symbolsMissing';
      data = {
        readerName: reader.fullName as string,
        writerName: writer.fullName as string,
        symbols: symbols.map((symbol) => `\`${symbol}\``).join(', '),
        count: symbols.length,
      };
      break;
    }
    case 'READER_FIELD_MISSING_DEFAULT_VALUE':
      messageId = 'noDefault';
      data = {
        field: facts.field?.name ?? '',
        record: reader.fullName as string,
        writerRecord: writer.fullName as string,
      };
      break;
    case 'TYPE_MISMATCH':
      if (fault.missingFieldWithEnumDefault) {
        messageId = 'enumDefaultFieldMissing';
        data = {
          field: facts.field?.name ?? '',
          record: facts.record?.fullName ?? '',
          enumName: reader.fullName as string,
        };
      } else {
        messageId = 'typeDiffers';
        data = { subject: facts.subject, readerType: describeNode(reader), writerType: describeNode(writer) };
      }
      break;
    case 'MISSING_UNION_BRANCH':
      messageId = 'noBranch';
      data = { subject: facts.subject, writerType: describeNode(writer) };
      break;
  }
  const rule = compatRuleByKind[kind];
  const template = (rule.messages as Record<string, string>)[messageId] as string;
  const incompatibility: Incompatibility = {
    kind,
    ruleId: RULE_ID_BY_KIND[kind],
    messageId,
    message: fillTemplate(template, data),
    readerPointer: joinPointer(fault.readerPath),
    writerPointer: joinPointer(fault.writerPath),
    location: `/${fault.javaPath.join('/')}`,
    data,
  };
  if (facts.fieldPath !== '') incompatibility.fieldPath = facts.fieldPath;
  return incompatibility;
}

/**
 * Can data written with `writer` be read with `reader`? Returns every incompatibility (an empty
 * array means compatible), in Avro Java's order. Throws `AmbiguousFieldError` where Avro Java throws:
 * a reader field that matches two writer fields by name and aliases.
 */
export function checkReaderWriter(reader: CompatSchema, writer: CompatSchema): Incompatibility[] {
  const faults = new ResolutionWalk().run(reader.root, writer.root);
  if (faults.length === 0) return [];
  return faults.map((fault) => materialize(fault, reader.root));
}

/** True when every datum written with `writer` can be read with `reader` (no messages are built). */
export function canRead(reader: CompatSchema, writer: CompatSchema): boolean {
  return new ResolutionWalk().run(reader.root, writer.root).length === 0;
}
