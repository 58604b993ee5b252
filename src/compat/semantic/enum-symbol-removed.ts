/**
 * `compat/semantic-enum-symbol-removed`: an enum drops symbols that earlier records may carry. With
 * a default symbol, Avro reads every dropped symbol as that default, so the registry accepts it and
 * `FRAUD` silently becomes `UNKNOWN`; without one, old records cannot be read (the compat rule
 * `compat/missing-enum-symbols` reports that under BACKWARD modes, this rule under NONE).
 *
 * Adding symbols is the other direction's concern: consumers on the earlier version read a new
 * symbol as their enum's default, which is what the default is for, or fail, which
 * `compat/missing-enum-symbols` reports under FORWARD modes.
 */
import { defineSemanticRule, listInProse } from './semantic-rule.ts';

/** The `compat/semantic-enum-symbol-removed` rule: dropped enum symbols change what old records say. */
export const enumSymbolRemoved = defineSemanticRule<'readAsDefault' | 'unreadable', Record<string, never>>({
  id: 'compat/semantic-enum-symbol-removed',
  kind: 'compat',
  defaultSeverity: 'warning',
  docs: {
    description: 'An enum drops symbols that earlier records may carry.',
    rationale:
      'A dropped symbol is read as the enum’s default (a `FRAUD` closure becomes `UNKNOWN`) or, without a default, makes old records unreadable; Avro accepts the first silently.',
    help: 'Keep the symbols (say in the enum’s doc that they are no longer written).',
  },
  messages: {
    readAsDefault:
      'Enum `{enum}` drops {symbols} since {against}: records written with it that carry {them} will be read as `{default}`, the enum’s default symbol.',
    unreadable:
      'Enum `{enum}` drops {symbols} since {against} and declares no default symbol: records written with it that carry {them} cannot be read.',
  },
  defaultOptions: {},
  check(context) {
    if (!context.directions.includes('backward')) return;
    for (const pair of context.types) {
      const { current, previous } = pair;
      if (current.kind !== 'enum' || previous.kind !== 'enum') continue;
      const kept = new Set(current.symbols);
      const dropped = previous.symbols.filter((symbol) => !kept.has(symbol));
      if (dropped.length === 0) continue;
      if (current.enumDefault === undefined && context.avroDirections.includes('backward')) continue;
      const data = {
        enum: current.fullName,
        symbols: listInProse(dropped),
        them: dropped.length === 1 ? 'it' : 'them',
        ...(current.enumDefault === undefined ? {} : { default: current.enumDefault }),
      };
      context.report({
        messageId: current.enumDefault === undefined ? 'unreadable' : 'readAsDefault',
        data,
        pointer: `${pair.currentPointer}/symbols`,
        previousPointer: `${pair.previousPointer}/symbols`,
        ...(pair.fieldPath === '' ? {} : { fieldPath: pair.fieldPath }),
        help: `Keep ${listInProse(dropped)} in \`${current.fullName}\` (say in its doc that ${dropped.length === 1 ? 'it is' : 'they are'} no longer written)${current.enumDefault === undefined ? ', or give the enum a `"default"` symbol' : ''}.`,
      });
    }
  },
});
