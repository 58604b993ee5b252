/**
 * Registry-aware compat at scale: 200 generated event contracts (plus their shared types, 242
 * subjects in all), each registered in the local registry with one version, then checked against
 * the registry (BACKWARD_TRANSITIVE: every registered version is read) by a separate Node process
 * running `runRegistryCompat`: whole process, from start to exit, median of several runs. Contracts
 * are checked 8 at a time. Target: under 3 s.
 *
 * Needs a running registry: `scripts/infra/up.sh` (or `KONTRACT_REGISTRY_URL`). Run it alone with
 * `node bench/registry-compat.ts`; `bench()` gives the rows to `bench/run.ts` once it is registered.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Benchmark, type BenchRow, describeTiming, ms, timeProcess } from './bench-kit.ts';
import { generateContracts } from './generate-contracts.ts';

const self = fileURLToPath(import.meta.url);
const registryUrl = process.env.KONTRACT_REGISTRY_URL ?? 'http://127.0.0.1:18081/apis/ccompat/v7';
const targetMs = 3_000;

/** The child: one compat run against the registry; exits 0 when it found what the bench planted. */
async function child(dir: string): Promise<void> {
  const { runRegistryCompat } = await import('../src/commands/registry-compat.ts');
  const result = await runRegistryCompat({ cwd: dir, registry: { url: registryUrl }, env: {} });
  const checked = result.subjects.filter((subject) => subject.checkedVersions.length > 0).length;
  process.stdout.write(
    `${JSON.stringify({ subjects: result.subjects.length, checked, findings: result.diagnostics.length })}\n`,
  );
  // Every subject must really have been read, or the timing would flatter an empty run.
  if (checked !== result.subjects.length || result.exitCode !== 0) process.exitCode = 1;
}

/** Generates, registers, and times the compat run. */
export async function bench(runs = Number(process.env.KONTRACT_BENCH_RUNS ?? 5)): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kontract-bench-registry-'));
  try {
    generateContracts(dir, 200);
    const suffix = Date.now().toString(36);
    const configPath = join(dir, 'kontract.config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as {
      contracts: Record<string, { topic: string }>;
      defaults?: Record<string, unknown>;
    };
    for (const entry of Object.values(config.contracts)) entry.topic = `${entry.topic}-${suffix}`;
    config.defaults = { subjectNameStrategy: 'TopicRecordName', compatibility: 'BACKWARD_TRANSITIVE' };
    writeFileSync(configPath, JSON.stringify(config, null, 2));

    // Register every contract once, as `publish` would (its own code path, not timed).
    const { runPublish } = await import('../src/commands/publish.ts');
    const started = performance.now();
    const published = await runPublish({ cwd: dir, registry: { url: registryUrl }, env: {} });
    if (published.refused || published.entries.length === 0) {
      throw new Error(
        `publishing the generated contracts failed: ${published.diagnostics[0]?.message ?? 'no entries'}`,
      );
    }
    process.stderr.write(
      `bench: registered ${published.entries.length} subjects in ${Math.round(performance.now() - started)} ms\n`,
    );

    const timing = timeProcess(process.execPath, [self, '--child', dir], { cwd: dir, runs });
    if (timing.exitCode !== 0) throw new Error(`the compat process failed (exit ${timing.exitCode})`);
    return [
      {
        benchmark: `registry compat, ${published.entries.length} subjects (200 events + shared types)`,
        metric: describeTiming(timing),
        value: ms(timing.medianMs),
        target: `< ${targetMs} ms`,
        ok: timing.medianMs < targetMs,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For `bench/run.ts`'s `bench/benchmarks/` modules: `export { benchmark } from '../registry-compat.ts'`. */
export const benchmark: Benchmark = { name: 'registry-compat', run: (context) => bench(context.runs) };

if (process.argv[1] === self) {
  if (process.argv[2] === '--child') {
    await child(process.argv[3] as string);
  } else {
    const { formatTable } = await import('./bench-kit.ts');
    process.stdout.write(formatTable(await bench()));
  }
}
