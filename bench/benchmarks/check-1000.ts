/**
 * `kontract check` on 1,000 generated contracts, as a whole process: what a CI job of a large
 * organisation pays on every pull request. Target: under 1.5 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Benchmark, describeTiming, ms, timeProcess } from '../bench-kit.ts';
import { generateContracts } from '../generate-contracts.ts';

const events = 1000;
const targetMs = 1500;

export const benchmark: Benchmark = {
  name: 'check-1000',
  async run(context) {
    const dir = mkdtempSync(join(tmpdir(), 'kontract-bench-check-'));
    try {
      const generated = generateContracts(dir, events);
      context.log(`generated ${generated.events} events in ${generated.files} files under ${dir}`);
      const timing = timeProcess(
        process.execPath,
        [join(context.root, 'src/cli/main.ts'), 'check', '--format', 'json', '--cwd', dir],
        { cwd: dir, runs: context.runs },
      );
      // Exit 2 would mean the generated input did not load: the timing would measure the wrong thing.
      if (timing.exitCode === 2) throw new Error('kontract check exited 2 on the generated contracts');
      const label = `check, ${generated.files} files (${events} events)`;
      return [
        {
          benchmark: label,
          metric: describeTiming(timing),
          value: ms(timing.medianMs),
          target: `< ${targetMs} ms`,
          ok: timing.medianMs < targetMs,
        },
        {
          benchmark: label,
          metric: 'per contract file',
          value: `${((timing.medianMs * 1000) / generated.files).toFixed(0)} µs`,
          target: `< ${((targetMs * 1000) / generated.files).toFixed(0)} µs`,
          ok: timing.medianMs < targetMs,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
