/**
 * `compat/semantic-logical-type-changed`: a field keeps its Avro type but changes its logical type
 * (`timestamp-millis` → `timestamp-micros`, `date` → `timestamp-millis`, a decimal's scale, `uuid`
 * added or removed). Avro ignores logical types when resolving, so the registry accepts the change,
 * and every consumer then reads the same bytes with another meaning.
 */
import { primitivesConvertible, type TypePair } from './schema-pairs.ts';
import { defineSemanticRule } from './semantic-rule.ts';

type MessageId = 'changed' | 'added' | 'removed' | 'decimalScale' | 'decimalPrecision';

/** Ticks per second of the time-based logical types, to say how far off a reinterpreted value is. */
const ticksPerSecond: Readonly<Record<string, number>> = {
  'timestamp-millis': 1e3,
  'timestamp-micros': 1e6,
  'timestamp-nanos': 1e9,
  'local-timestamp-millis': 1e3,
  'local-timestamp-micros': 1e6,
  'local-timestamp-nanos': 1e9,
  'time-millis': 1e3,
  'time-micros': 1e6,
};

/** The logical type, precision and scale at one side of a pair, when the place can carry one. */
interface Logical {
  logicalType: string | undefined;
  precision: number | undefined;
  scale: number | undefined;
  /** The Avro type underneath, for messages. */
  type: string;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function logicalOf(pair: TypePair, side: 'current' | 'previous'): Logical | undefined {
  const resolved = pair[side];
  if (resolved.kind === 'primitive') {
    const attributes = resolved.attributes;
    return {
      logicalType: resolved.logicalType,
      precision: numberOf(attributes?.precision),
      // The specification's default scale is 0.
      scale: numberOf(attributes?.scale) ?? (resolved.logicalType === 'decimal' ? 0 : undefined),
      type: resolved.type,
    };
  }
  if (resolved.kind === 'fixed') {
    return {
      logicalType: resolved.logicalType,
      precision: numberOf(resolved.schema.precision),
      scale: numberOf(resolved.schema.scale) ?? (resolved.logicalType === 'decimal' ? 0 : undefined),
      type: `fixed \`${resolved.fullName}\``,
    };
  }
  return undefined;
}

/** True when Avro resolves the two places without a type error, so only the meaning can differ. */
function sameData(pair: TypePair): boolean {
  const { current, previous } = pair;
  if (current.kind === 'primitive' && previous.kind === 'primitive') {
    return primitivesConvertible(current.type, previous.type);
  }
  return current.kind === 'fixed' && previous.kind === 'fixed' && current.size === previous.size;
}

/** How far off a time value is when its unit changes, e.g. `, 1000 times too small`. */
function timeShift(from: string, to: string): string {
  const fromTicks = ticksPerSecond[from];
  const toTicks = ticksPerSecond[to];
  if (fromTicks === undefined || toTicks === undefined || fromTicks === toTicks) return '';
  const factor = toTicks > fromTicks ? toTicks / fromTicks : fromTicks / toTicks;
  return toTicks > fromTicks
    ? ` (a value counted in ${from.split('-').at(-1)} is read as ${to.split('-').at(-1)}: ${factor} times too small)`
    : ` (a value counted in ${from.split('-').at(-1)} is read as ${to.split('-').at(-1)}: ${factor} times too large)`;
}

/** The default name of a successor field, for fix advice. */
function successorName(field: string, logicalType: string | undefined): string {
  const last = field.split('.').at(-1) ?? field;
  const suffix = logicalType?.split('-').at(-1) ?? 'v2';
  return `${last}${suffix.charAt(0).toUpperCase()}${suffix.slice(1)}`;
}

function describePlace(pair: TypePair): string {
  return pair.fieldPath === '' ? 'the root schema' : `\`${pair.fieldPath}\``;
}

/** The `compat/semantic-logical-type-changed` rule: same Avro type, another logical type. */
export const logicalTypeChanged = defineSemanticRule<MessageId, Record<string, never>>({
  id: 'compat/semantic-logical-type-changed',
  kind: 'compat',
  defaultSeverity: 'error',
  docs: {
    description: 'A field keeps its Avro type but changes its logical type (unit, decimal scale, uuid).',
    rationale:
      'Avro resolution ignores logical types, so the registry accepts `timestamp-millis` → `timestamp-micros` or a new decimal scale; every consumer then reads the same bytes as another value.',
    help: 'Keep the logical type; for another one, add a new field with it (and a default), write both, and retire the old field once consumers have moved.',
  },
  messages: {
    changed:
      '{place} changes its logical type from `{from}` to `{to}` on the same {type}: records written with {against} will be read with another meaning{shift}.',
    added:
      '{place} gains the logical type `{to}` on its {type}: records written with {against} hold plain {type} values that consumers will now read as `{to}`.',
    removed:
      '{place} loses its logical type `{from}`: consumers will read plain {type} values where records written with {against} meant `{from}`.',
    decimalScale:
      '{place} changes its decimal scale from {fromScale} to {toScale}: the same unscaled digits now mean a value {factor} times {direction} than in records written with {against}.',
    decimalPrecision:
      '{place} changes its decimal precision from {fromPrecision} to {toPrecision}: {who} can meet values with more digits than their precision allows.',
  },
  defaultOptions: {},
  check(context) {
    for (const pair of context.types) {
      const current = logicalOf(pair, 'current');
      const previous = logicalOf(pair, 'previous');
      if (current === undefined || previous === undefined || !sameData(pair)) continue;
      const at = {
        pointer: pair.currentPointer,
        previousPointer: pair.previousPointer,
        ...(pair.fieldPath === '' ? {} : { fieldPath: pair.fieldPath }),
      };
      const place = describePlace(pair);
      const successor = successorName(pair.fieldPath, current.logicalType);
      if (current.logicalType !== previous.logicalType) {
        const from = previous.logicalType;
        const to = current.logicalType;
        if (from !== undefined && to !== undefined) {
          context.report({
            messageId: 'changed',
            data: { place, from, to, type: current.type, shift: timeShift(from, to) },
            help: `Keep \`${from}\` on ${place}; to move to \`${to}\`, add a new field (e.g. \`${successor}\`) with \`${to}\` and a default, write both, and retire ${place} once consumers have moved.`,
            ...at,
          });
        } else if (to !== undefined) {
          context.report({
            messageId: 'added',
            data: { place, to, type: current.type },
            help: `Leave ${place} without a logical type; put \`${to}\` on a new field (e.g. \`${successor}\`) with a default instead.`,
            ...at,
          });
        } else if (from !== undefined) {
          context.report({
            messageId: 'removed',
            data: { place, from, type: current.type },
            help: `Keep \`"logicalType": "${from}"\` on ${place}.`,
            ...at,
          });
        }
        continue;
      }
      if (current.logicalType !== 'decimal') continue;
      if (current.scale !== previous.scale && current.scale !== undefined && previous.scale !== undefined) {
        const shift = current.scale - previous.scale;
        context.report({
          messageId: 'decimalScale',
          data: {
            place,
            fromScale: previous.scale,
            toScale: current.scale,
            factor: 10 ** Math.abs(shift),
            direction: shift > 0 ? 'smaller' : 'larger',
          },
          help: `Keep the scale of ${place} at ${previous.scale}; for another scale, add a new field with a default and retire this one once consumers have moved.`,
          ...at,
        });
        continue;
      }
      if (current.precision === undefined || previous.precision === undefined) continue;
      // Fewer digits hurt new consumers reading old records; more digits hurt old consumers reading new ones.
      const narrowed = current.precision < previous.precision;
      const widened = current.precision > previous.precision;
      const who =
        narrowed && context.directions.includes('backward')
          ? `consumers on this version, reading records written with ${context.against},`
          : widened && context.directions.includes('forward')
            ? `consumers still on ${context.against}, reading records written with this version,`
            : undefined;
      if (who === undefined) continue;
      context.report({
        messageId: 'decimalPrecision',
        data: { place, fromPrecision: previous.precision, toPrecision: current.precision, who },
        help: `Keep the precision of ${place} at ${previous.precision}, or check that no value ever needs more than ${Math.min(previous.precision, current.precision)} digits.`,
        ...at,
      });
    }
  },
});
