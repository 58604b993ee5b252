/**
 * `pnpm contracts:replay` as a QA job runs it: the correct demo consumers over the demo logs with the
 * repo's config (1,200 property runs), whole process. No target in the issue; it is reported so a
 * regression in the harness's search shows up.
 */
import { join } from 'node:path';
import { type Benchmark, describeTiming, ms, timeProcess } from '../bench-kit.ts';

export const benchmark: Benchmark = {
  name: 'replay-demo',
  async run(context) {
    const timing = timeProcess(
      process.execPath,
      [join(context.root, 'src/cli/main.ts'), 'replay', '--seed', '42'],
      {
        cwd: context.root,
        runs: Math.min(context.runs, 3),
      },
    );
    return [
      {
        benchmark: 'kontract replay (demo consumers × demo logs, seed 42)',
        metric: describeTiming(timing),
        value: ms(timing.medianMs),
        target: '—',
        ok: true,
      },
    ];
  },
};
