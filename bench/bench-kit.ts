/**
 * The bench's shared parts: the benchmark module shape, whole-process timing (hyperfine when it is
 * installed, else a spawn loop) and the row format every benchmark prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One line of the bench table: `| benchmark | metric | value | target | ok? |`. */
export interface BenchRow {
  benchmark: string;
  metric: string;
  value: string;
  target: string;
  ok: boolean;
}

/** Settings every benchmark receives. */
export interface BenchContext {
  /** The repository root (where `src/cli/main.ts` lives). */
  root: string;
  /** Whole-process runs per measurement (median taken). */
  runs: number;
  /** Progress and diagnostics (stderr); the table goes to stdout. */
  log(message: string): void;
}

/** A benchmark module: `bench/benchmarks/<name>.ts` exports one as `benchmark`. */
export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Milliseconds with one decimal. */
export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

let hyperfineAvailable: boolean | undefined;

function hasHyperfine(): boolean {
  hyperfineAvailable ??= spawnSync('hyperfine', ['--version'], { stdio: 'ignore' }).status === 0;
  return hyperfineAvailable;
}

/** The result of timing one command as a whole process. */
export interface ProcessTiming {
  medianMs: number;
  /** The fastest run: closest to the cost on an idle machine. */
  minMs: number;
  runs: number;
  /** Exit code of the first run (the command is deterministic, so every run agrees). */
  exitCode: number | null;
  tool: 'hyperfine' | 'spawn loop';
}

/**
 * Times `command args` from process start to exit: median of `runs` runs after one warm-up run
 * (which also fills the OS file cache, as on a developer's machine). Uses hyperfine when installed.
 */
export function timeProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; runs: number; env?: Record<string, string> },
): ProcessTiming {
  const env = { ...process.env, ...options.env };
  const warmUp = spawnSync(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (warmUp.error) throw warmUp.error;
  const exitCode = warmUp.status;
  if (hasHyperfine()) {
    const dir = mkdtempSync(join(tmpdir(), 'kontract-bench-'));
    try {
      const exportFile = join(dir, 'result.json');
      const quoted = [command, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
      const result = spawnSync(
        'hyperfine',
        [
          '--runs',
          String(options.runs),
          '--ignore-failure',
          '--style',
          'none',
          '--export-json',
          exportFile,
          quoted,
        ],
        { cwd: options.cwd, env, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      if (result.status === 0) {
        const parsed = JSON.parse(readFileSync(exportFile, 'utf8')) as {
          results: { median: number; min: number }[];
        };
        const timing = parsed.results[0];
        if (timing !== undefined) {
          const { median: medianSeconds, min: minSeconds } = timing;
          return {
            medianMs: medianSeconds * 1000,
            minMs: minSeconds * 1000,
            runs: options.runs,
            exitCode,
            tool: 'hyperfine',
          };
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const start = process.hrtime.bigint();
    spawnSync(command, args, { cwd: options.cwd, env, stdio: 'ignore' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return {
    medianMs: median(samples),
    minMs: Math.min(...samples),
    runs: options.runs,
    exitCode,
    tool: 'spawn loop',
  };
}

/** `whole process, median of 7 (min 412.0 ms, spawn loop)`: how a process timing was taken. */
export function describeTiming(timing: ProcessTiming): string {
  return `whole process, median of ${timing.runs} (min ${ms(timing.minMs)}, ${timing.tool})`;
}

/** Renders rows as the Markdown table `pnpm bench` prints. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = ['| benchmark | metric | value | target | ok? |', '|---|---|---|---|---|'];
  for (const row of rows) {
    lines.push(
      `| ${row.benchmark} | ${row.metric} | ${row.value} | ${row.target || '—'} | ${row.ok ? '✔' : '✖'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
