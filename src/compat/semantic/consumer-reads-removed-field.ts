/**
 * `compat/consumer-reads-removed-field`: a field is removed (or renamed) while consumer code of the
 * project still reads it. Avro may well accept the change (a removed field is always BACKWARD
 * compatible, and NONE accepts anything), but the consumer then reads `undefined` where it read a
 * value: the usage map of the code analysis says who, and where.
 *
 * The other half of consumer-aware compatibility: a removed field that no consumer reads is only a
 * note (severity: the `unreadRemovedField` option), and Avro findings about that removal are lowered
 * to the same severity, with a message that says no consumer reads the field.
 *
 * Which reads count: reads of the field itself or of anything inside it. Paths in the usage map stop
 * at the last field the *candidate* declares, so a read of `amount.currency` after `currency` is
 * removed from `amount` is recorded as a read of `amount`: for a field removed inside a record, a
 * read recorded at exactly that record counts too. A renamed field's old name is looked up exactly.
 * Pure.
 */
import type { FieldReader, UsageMap } from '../../code/usage.ts';
import { readersOf } from '../../code/usage.ts';
import type { Diagnostic, RelatedLocation, Severity, SourceLocation } from '../../report/diagnostic.ts';
import { defineRule, type Rule } from '../../report/rule.ts';
import type { RecordPair } from './schema-pairs.ts';
import type { FieldView } from './schema-view.ts';
import { listInProse, type SemanticReport } from './semantic-rule.ts';

/** The message ids of the rule. */
export type ConsumerReadsMessageId = 'removed' | 'renamed' | 'unread';

/** The severity a note (and an Avro finding) about a removed field nobody reads gets, or `off`. */
export type UnreadRemovedFieldSetting = Severity | 'off';

/** Options of `compat/consumer-reads-removed-field`. */
export interface ConsumerReadsRemovedFieldOptions {
  /**
   * Severity of the note for a removed field no consumer reads, and of the Avro compat findings about
   * that removal (which are lowered to it, never raised). `off` drops the note and leaves Avro's
   * findings as they are. Default `info`.
   */
  unreadRemovedField: UnreadRemovedFieldSetting;
}

/** A field of the earlier version that the candidate no longer has under that name. */
export interface RemovedField {
  /** `removed`: gone; `renamed`: matched to a candidate field with another name through an alias. */
  change: 'removed' | 'renamed';
  /** Dotted path of the field in the earlier version (`amount`, `total.currency`). */
  fieldPath: string;
  /** The field in the earlier version. */
  previous: FieldView;
  /** The candidate's field it was renamed to (`renamed` only). */
  current?: FieldView;
  /** The record pair the field belongs to. */
  record: RecordPair;
}

/** Every field removed or renamed between the two versions, in record and field order. */
export function removedFields(records: readonly RecordPair[]): RemovedField[] {
  const found: RemovedField[] = [];
  const pathOf = (record: RecordPair, name: string) =>
    record.fieldPath === '' ? name : `${record.fieldPath}.${name}`;
  for (const record of records) {
    for (const previous of record.removed) {
      found.push({ change: 'removed', fieldPath: pathOf(record, previous.name), previous, record });
    }
    for (const { current, previous } of record.matched) {
      if (current.name === previous.name) continue;
      found.push({ change: 'renamed', fieldPath: pathOf(record, previous.name), previous, current, record });
    }
  }
  return found;
}

/**
 * The places where consumers read a removed field: reads of it or inside it, and, for a field removed
 * inside a record, reads recorded at exactly that record (where the usage map's paths stop once the
 * candidate no longer declares the rest). Sorted by file, line, column; each place once.
 */
export function readersOfRemoved(usage: UsageMap, contract: string, removed: RemovedField): FieldReader[] {
  const readers = readersOf(usage, contract, removed.fieldPath);
  if (removed.change === 'removed' && removed.record.fieldPath !== '') {
    const parent = removed.record.fieldPath;
    readers.push(...readersOf(usage, contract, parent).filter((reader) => reader.fieldPath === parent));
  }
  const seen = new Set<string>();
  return readers
    .filter((reader) => {
      const key = `${reader.consumer}\u0000${placeOf(reader.location)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => compareLocations(a.location, b.location));
}

function placeOf(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

function compareLocations(a: SourceLocation, b: SourceLocation): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** One finding of the rule: a semantic report plus the consumers' read places and, for notes, a severity. */
export interface ConsumerReadReport extends SemanticReport<ConsumerReadsMessageId> {
  /** Where consumers read the field (`removed`, `renamed`); empty for `unread`. */
  related: RelatedLocation[];
  /** Set for `unread` notes: the option's severity instead of the rule's. */
  severity?: Severity;
}

/** What the rule sees: one contract's record pairs (candidate vs an earlier version) and the usage map. */
export interface ConsumerReadsContext {
  /** Full name of the contract compared. */
  contract: string;
  /** Every pair of corresponding records of the two versions, root first. */
  records: readonly RecordPair[];
  /** The usage map of the project's consumers, computed on the candidate code and contracts. */
  usage: UsageMap;
  /** How messages name the earlier version (`contracts/x.avsc at a1b2c3d`). */
  against: string;
  options: Readonly<ConsumerReadsRemovedFieldOptions>;
  report(report: ConsumerReadReport): void;
}

/** The rule record: `Rule` over a {@link ConsumerReadsContext}, with default options. */
export interface ConsumerReadsRule extends Rule<ConsumerReadsContext, ConsumerReadsMessageId> {
  kind: 'compat';
  defaultOptions: ConsumerReadsRemovedFieldOptions;
  validateOptions(options: Readonly<ConsumerReadsRemovedFieldOptions>): { option: string; message: string }[];
}

const settings: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'off']);

/** `src/a.ts:12`, or `src/a.ts:12 and 2 more places`. */
function wherePhrase(readers: readonly FieldReader[]): string {
  const first = readers[0];
  if (first === undefined) return '';
  const more = readers.length - 1;
  const rest = more === 0 ? '' : ` and ${more} more place${more === 1 ? '' : 's'}`;
  return `${first.location.file}:${first.location.line}${rest}`;
}

/** The short name of a full name, for messages. */
function shortNameOf(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

/** The related location of one read. */
function relatedOf(reader: FieldReader, name: string): RelatedLocation {
  const { pointer: _pointer, ...location } = reader.location;
  const what = reader.fieldPath === name ? `\`${name}\`` : `\`${reader.fieldPath}\``;
  return { ...location, message: `${reader.consumer} reads ${what} here` };
}

/** The `compat/consumer-reads-removed-field` rule. */
export const consumerReadsRemovedField: ConsumerReadsRule = {
  ...defineRule<ConsumerReadsContext, ConsumerReadsMessageId>({
    id: 'compat/consumer-reads-removed-field',
    kind: 'compat',
    defaultSeverity: 'error',
    docs: {
      description:
        'A field removed or renamed in a contract is not read by any consumer in the code (any compatibility mode).',
      rationale:
        'Avro and the schema registry judge schemas, not code: a removal they accept still leaves a consumer that reads the field with `undefined`. The code analysis knows who reads what.',
      help: 'Keep the field (deprecate it in its doc) until the consumers named here no longer read it, then remove it.',
    },
    messages: {
      removed:
        'Field `{field}` of `{record}` is removed since {against}, but it is still read by {consumers} ({where}).',
      renamed:
        'Field `{field}` of `{record}` is renamed to `{to}` since {against}, but it is still read as `{field}` by {consumers} ({where}).',
      unread:
        'Field `{field}` of `{record}` is removed since {against}; no consumer in the analysed code reads it.',
    },
    check(context) {
      const noteSeverity = context.options.unreadRemovedField;
      for (const removed of removedFields(context.records)) {
        const readers = readersOfRemoved(context.usage, context.contract, removed);
        const data: Record<string, string> = {
          field: removed.fieldPath,
          record: shortNameOf(context.contract),
        };
        const previousPointer = `${removed.record.previousPointer}/fields/${removed.previous.index}`;
        if (readers.length === 0) {
          if (removed.change === 'renamed' || noteSeverity === 'off') continue;
          context.report({
            messageId: 'unread',
            data,
            pointer: removed.record.currentPointer,
            previousPointer,
            fieldPath: removed.fieldPath,
            related: [],
            severity: noteSeverity,
            help: 'Nothing to do for the consumers in this code; consumers elsewhere (other repositories) are not analysed.',
          });
          continue;
        }
        const consumers = [...new Set(readers.map((reader) => reader.consumer))];
        const related = readers.map((reader) => relatedOf(reader, removed.fieldPath));
        const common = {
          ...data,
          consumers: `${consumers.length === 1 ? 'consumer' : 'consumers'} ${listInProse(consumers)}`,
          where: wherePhrase(readers),
        };
        if (removed.change === 'renamed' && removed.current !== undefined) {
          const to = removed.current.name;
          context.report({
            messageId: 'renamed',
            data: { ...common, to },
            pointer: `${removed.record.currentPointer}/fields/${removed.current.index}`,
            previousPointer,
            fieldPath: removed.fieldPath,
            related,
            help: `Change the consumers named here to read \`${to}\` (records are decoded with the candidate's names), or keep the name \`${removed.previous.name}\`.`,
          });
          continue;
        }
        context.report({
          messageId: 'removed',
          data: common,
          pointer: removed.record.currentPointer,
          previousPointer,
          fieldPath: removed.fieldPath,
          related,
        });
      }
    },
  }),
  kind: 'compat',
  defaultOptions: { unreadRemovedField: 'info' },
  validateOptions(options) {
    return settings.has(options.unreadRemovedField)
      ? []
      : [{ option: 'unreadRemovedField', message: 'must be one of `error`, `warning`, `info`, `off`.' }];
  },
};

/** A removed field that no consumer reads: which contract, which field (dotted path in the earlier version). */
export interface UnreadRemoval {
  contract: string;
  fieldPath: string;
}

const severityRank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Lowers Avro's findings about removals no consumer reads (`compat/reader-field-missing-default` on a
 * reader field of the earlier version, i.e. the field the candidate no longer writes) to `severity`,
 * never raising one, and says in the message that no consumer reads the field. Other findings pass
 * through unchanged. The fingerprint stays: it is the same finding, judged in context.
 */
export function lowerUnreadRemovals(
  diagnostics: readonly Diagnostic[],
  unread: readonly UnreadRemoval[],
  severity: Severity,
  isRemovalFinding: (diagnostic: Diagnostic) => boolean,
): Diagnostic[] {
  const keys = new Set(unread.map((removal) => `${removal.contract}\u0000${removal.fieldPath}`));
  return diagnostics.map((diagnostic) => {
    if (diagnostic.contract === undefined || diagnostic.fieldPath === undefined) return diagnostic;
    if (!keys.has(`${diagnostic.contract}\u0000${diagnostic.fieldPath}`) || !isRemovalFinding(diagnostic))
      return diagnostic;
    const lowered =
      severityRank[severity] < severityRank[diagnostic.severity] ? severity : diagnostic.severity;
    const message = `${diagnostic.message.replace(/\.$/, '')}; no consumer in the analysed code reads \`${diagnostic.fieldPath}\`.`;
    const note =
      'kontract lowered this finding because no consumer in the analysed code reads the field; a schema registry still applies its mode when the version is registered.';
    const help = diagnostic.help === undefined ? note : `${diagnostic.help} ${note}`;
    return { ...diagnostic, severity: lowered, message, help };
  });
}
