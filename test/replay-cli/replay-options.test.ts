/**
 * The parts of `kontract replay` that need no replay: flags into library options (laws checked with
 * fast-check), the comma lists of `--consumers`, the progress line, the config section's positions,
 * and the property ids the config accepts kept equal to the replay registry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/cli.ts';
import type { Invocation } from '../../src/cli/command-table.ts';
import { progressLine, replayOptionsOf, splitList } from '../../src/cli/commands/replay.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { UsageError } from '../../src/cli/io.ts';
import { summarizeReplay } from '../../src/commands/replay.ts';
import { replayPropertyIds } from '../../src/contracts/config-shape.ts';
import { parseConfig } from '../../src/contracts/load-config.ts';
import { replayProperties } from '../../src/replay/replay-rules.ts';
import { formatCommitPolicy } from '../../src/replay/schedule/plan.ts';
import { fingerprintOf } from '../../src/report/diagnostic.ts';
import { repoRoot } from '../cli/cli-harness.ts';
import { propertyRuns } from '../support/property.ts';

function io(overrides: Partial<CliIo> = {}): CliIo {
  return {
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: {},
    cwd: repoRoot,
    ...overrides,
  };
}

function invocation(options: Invocation['options']): Invocation {
  return { command: 'replay', options, positionals: [] };
}

function usageMessage(options: Invocation['options']): string {
  try {
    replayOptionsOf(invocation(options), io());
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return 'no usage error';
}

describe('splitList', () => {
  const word = fc.stringMatching(/^[a-z0-9_./*-]{1,12}$/);

  it('gives back the items of a comma list, whatever the spaces around them', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('', ' ', '  '),
        (items, pad) => {
          expect(splitList(items.join(`${pad},${pad}`))).toEqual(items);
        },
      ),
      propertyRuns(200),
    );
  });

  // A brace glob lists alternatives with commas; splitting there would turn one glob into broken halves.
  it('keeps the commas of brace globs', () => {
    fc.assert(
      fc.property(
        word,
        fc.array(word, { minLength: 2, maxLength: 4 }),
        word,
        (before, alternatives, after) => {
          const glob = `${before}{${alternatives.join(',')}}${after}`;
          expect(splitList(`${glob},${after}`)).toEqual([glob, after]);
        },
      ),
      propertyRuns(200),
    );
  });

  it('drops empty items', () => {
    expect(splitList(',a,,b,')).toEqual(['a', 'b']);
    expect(splitList('')).toEqual([]);
  });
});

describe('replay flags into options', () => {
  it('takes every whole number of at least 1 for --runs and --max-records, and nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const options = replayOptionsOf(invocation({ runs: String(n), 'max-records': String(n) }), io());
        expect(options.runs).toBe(n);
        expect(options.maxRecords).toBe(n);
      }),
      propertyRuns(200),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ max: 0 }).map(String),
          fc
            .double({ noNaN: true })
            .filter((x) => !Number.isInteger(x))
            .map(String),
          fc.string().filter((text) => !/^[1-9]\d*$/.test(text)),
        ),
        (text) => {
          expect(usageMessage({ runs: text })).toMatch(/^--runs must be a whole number of at least 1/);
        },
      ),
      propertyRuns(200),
    );
  });

  it('takes every 32-bit seed, as fast-check prints it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (seed) => {
        expect(replayOptionsOf(invocation({ seed: String(seed) }), io()).seed).toBe(seed);
      }),
      propertyRuns(200),
    );
    expect(usageMessage({ seed: String(2 ** 31) })).toMatch(
      /^--seed must be a whole number that fits 32 bits/,
    );
  });

  // The reproduce line prints the policy with formatCommitPolicy; --commit must read it back.
  it('reads back every commit policy the reproduce line prints', () => {
    const policy = fc.oneof(
      fc.constant({ kind: 'per-record' as const }),
      fc.integer({ min: 1, max: 1_000_000 }).map((size) => ({ kind: 'batch' as const, size })),
      fc.integer({ min: 1, max: 1_000_000 }).map((ms) => ({ kind: 'interval' as const, ms })),
    );
    fc.assert(
      fc.property(policy, (given) => {
        const options = replayOptionsOf(invocation({ commit: formatCommitPolicy(given) }), io());
        expect(options.commitPolicy).toEqual(given);
      }),
      propertyRuns(200),
    );
  });

  it('names a property with or without its replay/ prefix, once each', () => {
    const options = replayOptionsOf(
      invocation({ property: ['race', 'replay/race', 'not-idempotent,evolution'] }),
      io(),
    );
    expect(options.properties).toEqual(['replay/race', 'replay/not-idempotent', 'replay/evolution']);
  });

  it('takes seconds of budget as milliseconds, fractions included', () => {
    expect(replayOptionsOf(invocation({ budget: '2.5' }), io()).budgetMs).toBe(2500);
  });

  it('keeps the inputs given as flags in the reproduce prefix, quoted for a shell', () => {
    const options = replayOptionsOf(
      invocation({
        consumers: ['src/consumers/*.ts,lib/a.ts'],
        log: ['logs/day 1.ndjson'],
        'max-records': '500',
        config: 'ci/kontract.config.json',
        runs: '7',
      }),
      io(),
    );
    expect(options.command).toBe(
      "kontract replay --config ci/kontract.config.json --consumers 'src/consumers/*.ts' --consumers lib/a.ts --log 'logs/day 1.ndjson' --max-records 500",
    );
    expect(options.consumers).toEqual(['src/consumers/*.ts', 'lib/a.ts']);
  });

  it('turns --idempotent-producers into no producer duplicates', () => {
    expect(replayOptionsOf(invocation({ 'idempotent-producers': true }), io()).producerDuplicates).toBe(
      false,
    );
    expect(replayOptionsOf(invocation({}), io())).not.toHaveProperty('producerDuplicates');
  });
});

describe('the progress line', () => {
  it('redraws in place at most every 100 ms and erases itself at the end', () => {
    const written: string[] = [];
    let clock = 0;
    const line = progressLine({ write: (text: string) => written.push(text), isTTY: true }, () => clock);
    line.update({ kind: 'consumer', consumer: 'c', records: 10 });
    for (let run = 1; run <= 50; run++) {
      clock += 10;
      line.update({ kind: 'run', consumer: 'c', property: 'replay/race', run, of: 50 });
    }
    line.update({ kind: 'property', consumer: 'c', property: 'replay/race', status: 'passed', runs: 50 });
    line.finish();
    expect(written[0]).toBe('\r\x1b[2Kreplay c: 10 records, reference runs');
    // 500 ms of runs at one redraw per 100 ms.
    expect(written.filter((text) => text.includes(' run ')).length).toBe(5);
    expect(written.at(-2)).toBe('\r\x1b[2Kreplay c: replay/race passed (50 runs)');
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes nothing at the end when nothing was shown', () => {
    const written: string[] = [];
    progressLine({ write: (text: string) => written.push(text), isTTY: true }).finish();
    expect(written).toEqual([]);
  });

  // Through the real command: a terminal on stderr gets the line, and the report on stdout stays clean.
  it('is drawn on a terminal stderr while the report goes to stdout', async () => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(
      ['replay', '--consumers', 'fixtures/consumers/order-state-machine.ts', '--runs', '3', '--seed', '1'],
      io({
        stdout: { write: (text: string) => stdout.push(text) },
        stderr: { write: (text: string) => stderr.push(text), isTTY: true },
      }),
    );
    expect(code).toBe(0);
    expect(stderr[0]).toBe('\r\x1b[2Kreplay order-state-machine: 885 records, reference runs');
    expect(stderr.at(-1)).toBe('\r\x1b[2K');
    expect(stdout.join('')).not.toContain('\x1b');
    expect(stdout.join('')).toContain('No replay finding.');
  }, 60_000);
});

describe('the replay config section', () => {
  it('accepts exactly the replay properties of the registry', () => {
    expect([...replayPropertyIds]).toEqual(Object.keys(replayProperties));
  });

  it('locates each bad value at its line and column', () => {
    const text = [
      '{',
      '  "replay": {',
      '    "runs": 0,',
      '    "properties": ["replay/race", "race"],',
      '    "budget": 1.5,',
      '    "producerDuplicates": "no",',
      '    "log": []',
      '  }',
      '}',
    ].join('\n');
    const { diagnostics } = parseConfig({
      path: 'kontract.config.json',
      bytes: new TextEncoder().encode(text),
    });
    expect(diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.ruleId}`)).toEqual([
      '3:13 config/invalid-value',
      '4:35 config/invalid-value',
      '5:15 config/invalid-value',
      '6:27 config/invalid-value',
      '7:5 config/unknown-key',
    ]);
    expect(diagnostics[4]!.message).toBe('Unknown key "log" in "replay"; did you mean "logs"?');
  });
});

describe('summarizeReplay', () => {
  // A module that does not load means the replay could not check it: that is exit 2, not a finding.
  it('counts a consumer module that does not load as an input error', () => {
    const diagnostic = (ruleId: string, messageId: string) => ({
      ruleId,
      messageId,
      severity: 'error' as const,
      message: 'm',
      fingerprint: fingerprintOf({ ruleId, messageId }),
    });
    const run = { contracts: 1, failOn: 'error' as const };
    expect(summarizeReplay([diagnostic('replay/setup-failed', 'load')], run)).toMatchObject({
      inputErrors: 1,
      exitCode: 2,
    });
    expect(summarizeReplay([diagnostic('replay/setup-failed', 'setup')], run)).toMatchObject({
      inputErrors: 0,
      exitCode: 1,
    });
    expect(summarizeReplay([diagnostic('replay/race', 'changed')], run).exitCode).toBe(1);
  });
});
