/**
 * `contract/state-dump-smell`: an event with very many fields, or mostly optional ones, is usually
 * a snapshot of a row or an aggregate rather than a fact.
 */
import type { LintOptionProblem } from '../lint-rule.ts';
import { defineLintRule } from '../lint-rule.ts';
import { eventRecordOf, isNullableUnion } from '../schema-index.ts';

type Options = {
  /** More top-level fields than this is a smell. */
  maxFields: number;
  /** Above this share of nullable top-level fields (0..1) is a smell... */
  maxNullableRatio: number;
  /** ...once the event has at least this many fields (tiny events are judged by the other rules). */
  minFieldsForNullableRatio: number;
};

/**
 * The `contract/state-dump-smell` rule: events are small facts: not more than 20 top-level fields, and not mostly nullable ones.
 */
export default defineLintRule<'tooManyFields' | 'mostlyNullable', Options>({
  id: 'contract/state-dump-smell',
  kind: 'lint',
  defaultSeverity: 'warning',
  docs: {
    description: 'Events are small facts: not more than 20 top-level fields, and not mostly nullable ones.',
    rationale:
      'A wide event whose fields are mostly optional is a dump of an entity’s current state: consumers cannot tell what happened, every column change becomes a contract change, and "fat" events grow without bound.',
    help: 'Split the event into the facts it mixes (one event per thing that happened) and carry only what changed, plus the ids a consumer needs to correlate.',
  },
  messages: {
    tooManyFields:
      'Event `{event}` has {count} top-level fields (more than {max}): it looks like a state dump, not a fact.',
    mostlyNullable:
      'Event `{event}` has {nullable} nullable fields out of {count} (more than {percent}%): it looks like a state dump, not a fact.',
  },
  defaultOptions: { maxFields: 20, maxNullableRatio: 0.5, minFieldsForNullableRatio: 6 },
  validateOptions(options) {
    const problems: LintOptionProblem[] = [];
    if (!Number.isInteger(options.maxFields) || options.maxFields < 1) {
      problems.push({ option: 'maxFields', message: 'must be a positive integer.' });
    }
    if (!(options.maxNullableRatio >= 0 && options.maxNullableRatio <= 1)) {
      problems.push({ option: 'maxNullableRatio', message: 'must be a number between 0 and 1.' });
    }
    if (!Number.isInteger(options.minFieldsForNullableRatio) || options.minFieldsForNullableRatio < 1) {
      problems.push({ option: 'minFieldsForNullableRatio', message: 'must be a positive integer.' });
    }
    return problems;
  },
  check(context) {
    const event = eventRecordOf(context.contract, context.contracts);
    if (!event) return;
    const { maxFields, maxNullableRatio, minFieldsForNullableRatio } = context.options;
    const count = event.fields.length;
    const at = { pointer: `${event.pointer}/fields`, atKey: true };
    if (count > maxFields) {
      context.report({
        messageId: 'tooManyFields',
        data: { event: event.simpleName, count, max: maxFields },
        ...at,
      });
    }
    const nullable = event.fields.filter((f) => isNullableUnion(f.type)).length;
    if (count >= minFieldsForNullableRatio && nullable / count > maxNullableRatio) {
      context.report({
        messageId: 'mostlyNullable',
        data: { event: event.simpleName, count, nullable, percent: Math.round(maxNullableRatio * 100) },
        ...at,
      });
    }
  },
});
