/**
 * `contract/money-floating-point`: a field that holds money (`amount`, `price`, `totalAmount`,
 * `unit_price`...) is never `float` or `double`, not even inside a union, array or map.
 */
import type { Json } from '../../contracts/model.ts';
import { defineLintRule } from '../lint-rule.ts';
import { describeType, isJsonObject, schemaIndexOf, wordsOf } from '../schema-index.ts';

type Options = {
  /** Words that make a field name a money field when they (or their plurals) appear as a word of it (case-insensitive). */
  moneyWords: string[];
  /** Field names never flagged, e.g. a `discountRate` that is a ratio, not an amount. */
  allow: string[];
};

/** The path of a `float`/`double` inside a type as written, without entering named records. */
function findFloatingPoint(type: Json, pointer: string): { pointer: string; primitive: string } | undefined {
  const stack: Array<{ type: Json; pointer: string }> = [{ type, pointer }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const t = current.type;
    if (t === 'float' || t === 'double') return { pointer: current.pointer, primitive: t };
    if (Array.isArray(t)) {
      for (let i = t.length - 1; i >= 0; i--) stack.push({ type: t[i]!, pointer: `${current.pointer}/${i}` });
      continue;
    }
    if (!isJsonObject(t)) continue;
    const kind = t.type;
    if (kind === 'float' || kind === 'double') return { pointer: current.pointer, primitive: kind };
    if (kind === 'array' && t.items !== undefined)
      stack.push({ type: t.items, pointer: `${current.pointer}/items` });
    else if (kind === 'map' && t.values !== undefined) {
      stack.push({ type: t.values, pointer: `${current.pointer}/values` });
    } else if (typeof kind === 'object' && kind !== null)
      stack.push({ type: kind, pointer: `${current.pointer}/type` });
  }
  return undefined;
}

/** True for a money word or its plural (`prices`, `taxes`). */
function isMoneyWord(word: string, words: ReadonlySet<string>): boolean {
  const lower = word.toLowerCase();
  if (words.has(lower)) return true;
  if (lower.endsWith('es') && words.has(lower.slice(0, -2))) return true;
  return lower.endsWith('s') && words.has(lower.slice(0, -1));
}

/**
 * The `contract/money-floating-point` rule: money fields (`amount`, `price`, `total`, `balance`, `*Amount`, ...) are never `float` or `double`.
 */
export default defineLintRule<'floatingPointMoney', Options>({
  id: 'contract/money-floating-point',
  kind: 'lint',
  defaultSeverity: 'error',
  docs: {
    description:
      'Money fields (`amount`, `price`, `total`, `balance`, `*Amount`, ...) are never `float` or `double`.',
    rationale:
      'Binary floating point cannot represent most decimal amounts (0.1 + 0.2 ≠ 0.3): sums drift, equality checks fail and ledgers stop balancing.',
    help: 'Use `{"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 2}`, or a `long` amount in minor units (cents) next to an ISO 4217 `currency` string.',
  },
  messages: {
    floatingPointMoney:
      'Money field `{field}` of `{record}` is `{type}`: `{primitive}` cannot represent decimal amounts exactly.',
  },
  defaultOptions: {
    moneyWords: [
      'amount',
      'balance',
      'charge',
      'cost',
      'credit',
      'debit',
      'discount',
      'fee',
      'money',
      'payment',
      'price',
      'refund',
      'revenue',
      'salary',
      'subtotal',
      'tax',
      'total',
      'wage',
    ],
    allow: [],
  },
  check(context) {
    const words = new Set(context.options.moneyWords.map((w) => w.toLowerCase()));
    const allow = new Set(context.options.allow.map((w) => w.toLowerCase()));
    for (const field of schemaIndexOf(context.contract).fields) {
      if (allow.has(field.name.toLowerCase())) continue;
      if (!wordsOf(field.name).some((word) => isMoneyWord(word, words))) continue;
      const found = findFloatingPoint(field.type, `${field.pointer}/type`);
      if (!found) continue;
      context.report({
        messageId: 'floatingPointMoney',
        data: {
          field: field.name,
          record: field.record.simpleName,
          type: describeType(field.type),
          primitive: found.primitive,
        },
        fieldPath: field.path,
        pointer: found.pointer,
      });
    }
  },
});
