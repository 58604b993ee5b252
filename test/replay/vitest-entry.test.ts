/**
 * `kontract/vitest` as a user imports it (through the package's own export map): a correct consumer
 * passes; a broken one fails with fast-check's report format and the replay details.
 */

import { expectReplaySafe, ReplayAssertionError } from 'kontract/vitest';
import { describe, expect, it } from 'vitest';
import { demoConsumer, demoLog, root } from './helpers.ts';

describe('expectReplaySafe', () => {
  it('passes the correct order state machine on the demo log file', async () => {
    const { consumer } = await demoConsumer('order-state-machine');
    const result = await expectReplaySafe(consumer, 'fixtures/logs/demo.ndjson', {
      root,
      runs: 40,
      seed: 42,
    });
    expect(result.failures).toEqual([]);
  });

  it('fails a broken twin with the seed, path, counterexample and reproduce command', async () => {
    const { consumer } = await demoConsumer('balance-projection.no-dedupe');
    const { log } = await demoLog();
    const error = await expectReplaySafe(consumer, log, {
      runs: 40,
      seed: 42,
      properties: ['replay/not-idempotent'],
    }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ReplayAssertionError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^Property replay\/not-idempotent failed after \d+ tests\n\{ seed: 42, path: "[\d:]+", endOnFailure: true \}\nCounterexample: \[\{"limits":/,
    );
    expect(message).toMatch(/Shrunk \d+ time\(s\)/);
    expect(message).toContain('reproduce: kontract replay --seed 42 --path ');
    expect((error as ReplayAssertionError).result.failures[0]?.ruleId).toBe('replay/not-idempotent');
  });

  // Findings that are not property failures (here a throwing setup) fail the assertion too, when they are errors.
  it('fails on an error-level finding such as a throwing setup', async () => {
    const { log } = await demoLog();
    await expect(
      expectReplaySafe(
        {
          name: 'broken-setup',
          topics: ['accounts'],
          setup: () => {
            throw new Error('no connection');
          },
          handle: () => {},
          snapshot: () => null,
        },
        log,
        { runs: 5, seed: 1 },
      ),
    ).rejects.toThrow(
      /replay\/setup-failed: Consumer `broken-setup` throws in `setup`: Error: no connection\./,
    );
  });
});
