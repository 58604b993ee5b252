/** The greedy minimiser finds smaller failing cases that fast-check's context-bound shrinking can miss. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimizeCase } from '../../src/replay/schedule/minimize.ts';
import { propertyRuns } from '../support/property.ts';

describe('minimizeCase', () => {
  // Failure is not monotone here (odd values fail): a minimiser that only steps down by one stops early.
  it('jumps over passing values to the smallest failing one', async () => {
    const result = await minimizeCase(
      { limit: 21, items: [5, 6, 7] },
      async (c) => c.limit % 2 === 1 && c.items.includes(7),
    );
    expect(result.value).toEqual({ limit: 1, items: [7] });
  });

  it('always returns a case that still fails, never larger than the input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 100 }), { minLength: 1, maxLength: 8 }),
        fc.nat({ max: 100 }),
        async (items, threshold) => {
          const fails = async (c: { items: number[] }) => c.items.some((n) => n >= threshold);
          fc.pre(await fails({ items }));
          const result = await minimizeCase({ items }, fails);
          expect(await fails(result.value)).toBe(true);
          expect(result.value.items.length).toBeLessThanOrEqual(items.length);
          expect(result.value.items).toHaveLength(1);
          expect(result.value.items[0]).toBeGreaterThanOrEqual(threshold);
          // Every value below 48 is tried, so a small threshold is found exactly.
          if (threshold < 48) expect(result.value.items).toEqual([threshold]);
        },
      ),
      propertyRuns(100),
    );
  });

  it('stops at the try budget', async () => {
    let calls = 0;
    await minimizeCase(
      { n: 1000 },
      async () => {
        calls++;
        return false;
      },
      { maxTries: 10 },
    );
    expect(calls).toBe(10);
  });
});
