/**
 * Start-up cost of the CLI on the demo, whole process: `kontract --help` (only the command table
 * loads) and `kontract lint` on the demo's `contracts/` (config, loader and lint rules load; nothing
 * heavier), through the `kontract` executable and through `node src/cli/main.ts` (what the pnpm
 * scripts run), warm (Node's compile cache filled by the warm-up run) and cold (cache disabled, every
 * module's types stripped again). Target: well under 300 ms each.
 */
import { join } from 'node:path';
import { type Benchmark, type BenchRow, describeTiming, ms, timeProcess } from '../bench-kit.ts';

const targetMs = 300;

export const benchmark: Benchmark = {
  name: 'cli-startup',
  async run(context) {
    const bin = join(context.root, 'bin/kontract.js');
    const main = join(context.root, 'src/cli/main.ts');
    const cases: { label: string; args: string[]; env?: Record<string, string> }[] = [
      { label: 'kontract --help', args: [bin, '--help'] },
      { label: 'kontract lint (demo)', args: [bin, 'lint'] },
      { label: 'node src/cli/main.ts lint (demo)', args: [main, 'lint'] },
      {
        label: 'kontract lint (demo), compile cache off',
        args: [bin, 'lint'],
        env: { NODE_DISABLE_COMPILE_CACHE: '1' },
      },
    ];
    const rows: BenchRow[] = [];
    for (const { label, args, env } of cases) {
      const timing = timeProcess(process.execPath, args, {
        cwd: context.root,
        runs: context.runs,
        ...(env ? { env } : {}),
      });
      rows.push({
        benchmark: label,
        metric: describeTiming(timing),
        value: ms(timing.medianMs),
        target: `< ${targetMs} ms`,
        ok: timing.medianMs < targetMs,
      });
    }
    const bare = timeProcess(process.execPath, ['-e', '0'], { cwd: context.root, runs: context.runs });
    rows.push({
      benchmark: 'node -e 0 (baseline)',
      metric: describeTiming(bare),
      value: ms(bare.medianMs),
      target: '—',
      ok: true,
    });
    return rows;
  },
};
