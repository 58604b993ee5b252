/**
 * Replay harness speed: the reference run over a generated 1,000,000-record log against a bare
 * parse loop, peak memory, and 200 runs of each property over 10,000 records. The measurement lives
 * in `bench/replay-throughput.ts` (which can also run alone and exports `bench()`); this module
 * registers it with the bench runner, whose rows always carry a target and a verdict.
 */
import type { Benchmark } from '../bench-kit.ts';
import { bench } from '../replay-throughput.ts';

export const benchmark: Benchmark = {
  name: 'replay-throughput',
  async run(context) {
    const rows = await bench({ log: context.log });
    // Rows without a target are informational (rates, per-property times): they cannot miss one.
    return rows.map((row) => ({ ...row, target: row.target ?? '', ok: row.ok ?? true }));
  },
};
