/**
 * `pnpm bench`: runs every benchmark module in `bench/benchmarks/` (or those named on the command
 * line) and prints one Markdown table of `| benchmark | metric | value | target | ok? |` on stdout.
 * Each benchmark runs in its own process. Progress goes to stderr. `--strict` exits 1 when a row misses its target (for CI); by default the
 * table is informational, since shared machines are noisy. `KONTRACT_BENCH_RUNS` sets the number of
 * whole-process runs per measurement (default 7).
 *
 * Adding a benchmark: one module `bench/benchmarks/<name>.ts` exporting `benchmark: Benchmark`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type BenchContext, type Benchmark, type BenchRow, formatTable } from './bench-kit.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const benchmarksDir = new URL('./benchmarks/', import.meta.url);

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const only = args.filter((arg) => !arg.startsWith('--'));
const runs = Number(process.env.KONTRACT_BENCH_RUNS ?? 7);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(
    `bench: KONTRACT_BENCH_RUNS must be a positive integer, not ${process.env.KONTRACT_BENCH_RUNS}\n`,
  );
  process.exit(2);
}

const files = readdirSync(benchmarksDir)
  .filter((name) => name.endsWith('.ts'))
  .sort();
const unknown = only.filter((name) => !files.includes(`${name}.ts`));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: no benchmark named ${unknown.join(', ')}; there are ${files.map((f) => f.slice(0, -3)).join(', ')}\n`,
  );
  process.exit(2);
}

const context: BenchContext = { root, runs, log: (message) => process.stderr.write(`bench: ${message}\n`) };
const rows: BenchRow[] = [];
const childFlag = '--child-json';
if (args.includes(childFlag)) {
  // A child runs exactly one benchmark and hands its rows back as JSON.
  const [name] = only;
  const module = (await import(new URL(`${name}.ts`, benchmarksDir).href)) as { benchmark: Benchmark };
  context.log(`running ${module.benchmark.name} (${runs} runs per measurement)`);
  process.stdout.write(JSON.stringify(await module.benchmark.run(context)));
  process.exit(0);
}
for (const file of files) {
  const name = file.slice(0, -3);
  if (only.length > 0 && !only.includes(name)) continue;
  // Each benchmark in a fresh process: memory one leaves behind (a ts-morph project, a million
  // parsed records) must not show up in the next one's peak RSS, nor its JIT state in its speed.
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name, childFlag], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (child.status !== 0) {
    rows.push({
      benchmark: name,
      metric: 'crashed',
      value: `exit ${child.status ?? child.signal}`,
      target: '—',
      ok: false,
    });
    continue;
  }
  rows.push(...(JSON.parse(child.stdout) as BenchRow[]));
}

// Shared CI machines are noisy: say how busy this one was, so a reader can judge the numbers.
const [oneMinute] = loadavg();
process.stdout.write(formatTable(rows));
process.stdout.write(
  `\nNode ${process.version}, ${availableParallelism()} CPUs, load average ${oneMinute?.toFixed(2)} at the end of the run.\n`,
);
if (strict && rows.some((row) => !row.ok)) process.exitCode = 1;
