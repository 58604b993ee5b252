/**
 * Speed of the compatibility engine against Apache Avro Java's `SchemaCompatibility` and avsc's
 * resolver, on the very same 10,000 reader/writer pairs: generated schemas and evolutions of them
 * (the differential test's generator, fixed seed), written to `.cache/compat-bench/pairs.ndjson` so
 * that the Java driver reads exactly what kontract reads.
 *
 * In-process rates (pairs/s) are measured after a warm-up, as the median (and best) of seven
 * windows, each mode in a fresh process so that one mode's heap does not slow the next:
 * - kontract check: `checkReaderWriter` on schemas normalised beforehand (`toCompatSchema`);
 * - kontract normalise + check: both schemas normalised from parsed JSON on every pair (what the CLI
 *   does: the loader has parsed the files already);
 * - kontract JSON text → verdict: `JSON.parse` too, the like-for-like of Avro Java's parse + check;
 * - avsc: `Type.forSchema(writer).createResolver(Type.forSchema(reader))`, and `createResolver` alone
 *   on pre-parsed types (it throws on an incompatible pair; it reports one reason, not all);
 * - Avro Java 1.12.1: `checkReaderWriterCompatibility` on pre-parsed schemas, and parse + check.
 * Whole-process times run every pair once, from process start to exit (JVM and Node start-up included).
 * Target: kontract's rates ≥ Avro Java's in-process rates.
 *
 * `node bench/compat-engine.ts` prints the table on its own; `bench/run.ts` runs it as the
 * `compat-engine` benchmark once `bench/benchmarks/` re-exports `benchmark` from here.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import { type CompatSchema, toCompatSchema } from '../src/compat/compat-schema.ts';
import { checkReaderWriter } from '../src/compat/resolve-compatibility.ts';
import type { Json } from '../src/contracts/model.ts';
import { buildAvroJavaDriver } from '../test/compat/avro-java-driver.ts';
import { sampleSchemaCases } from '../test/compat/avro-schema-generator.ts';
import { type BenchContext, type Benchmark, type BenchRow, formatTable, timeProcess } from './bench-kit.ts';

const PAIRS = 10_000;
const SEED = 20_251_122;
const WINDOWS = 7;
const WINDOW_MS = 500;
const WARM_UP_MS = 1_500;

const THIS_FILE = fileURLToPath(import.meta.url);

type Mode = 'check' | 'normalise' | 'text' | 'avsc' | 'avsc-resolver';

interface Rate {
  median: number;
  best: number;
  /** Pairs the mode could not handle (refused schema, ambiguous alias; avsc: incompatible or unsupported). */
  failures: number;
}

interface Pair {
  reader: Json;
  writer: Json;
}

/** 10,000 generated pairs that both engines parse, in both directions of each evolution. */
export function generatePairs(): Pair[] {
  const pairs: Pair[] = [];
  for (const schemaCase of sampleSchemaCases(PAIRS, SEED)) {
    for (const [reader, writer] of [
      [schemaCase.evolved, schemaCase.base],
      [schemaCase.base, schemaCase.evolved],
    ] as const) {
      try {
        toCompatSchema(reader);
        toCompatSchema(writer);
      } catch {
        continue;
      }
      pairs.push({ reader, writer });
      if (pairs.length === PAIRS) return pairs;
    }
  }
  throw new Error(`the generator gave fewer than ${PAIRS} parsable pairs`);
}

/** Writes the fixture both engines read; returns its path. */
export function writeFixture(root: string): string {
  const dir = join(root, '.cache/compat-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'pairs.ndjson');
  const lines = generatePairs().map((pair, id) => JSON.stringify({ id, ...pair }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function readFixture(file: string): Pair[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Pair);
}

/** One pass over every pair in the given mode; returns the number of failures. */
function passFor(mode: Mode, pairs: Pair[]): () => number {
  switch (mode) {
    case 'check': {
      const schemas: [CompatSchema, CompatSchema][] = pairs.map((p) => [
        toCompatSchema(p.reader),
        toCompatSchema(p.writer),
      ]);
      return () => {
        let failures = 0;
        for (const [reader, writer] of schemas) {
          try {
            checkReaderWriter(reader, writer);
          } catch {
            failures++;
          }
        }
        return failures;
      };
    }
    case 'normalise':
      return () => {
        let failures = 0;
        for (const pair of pairs) {
          try {
            checkReaderWriter(toCompatSchema(pair.reader), toCompatSchema(pair.writer));
          } catch {
            failures++;
          }
        }
        return failures;
      };
    case 'text': {
      const texts = pairs.map((p) => [JSON.stringify(p.reader), JSON.stringify(p.writer)] as const);
      return () => {
        let failures = 0;
        for (const [reader, writer] of texts) {
          try {
            checkReaderWriter(
              toCompatSchema(JSON.parse(reader) as Json),
              toCompatSchema(JSON.parse(writer) as Json),
            );
          } catch {
            failures++;
          }
        }
        return failures;
      };
    }
    case 'avsc':
      return () => {
        let failures = 0;
        for (const pair of pairs) {
          try {
            avro.Type.forSchema(pair.writer as avro.Schema).createResolver(
              avro.Type.forSchema(pair.reader as avro.Schema),
            );
          } catch {
            failures++;
          }
        }
        return failures;
      };
    case 'avsc-resolver': {
      const types: [avro.Type, avro.Type][] = [];
      for (const pair of pairs) {
        try {
          types.push([
            avro.Type.forSchema(pair.reader as avro.Schema),
            avro.Type.forSchema(pair.writer as avro.Schema),
          ]);
        } catch {
          // A schema avsc refuses cannot be resolved at all; it stays out of this mode.
        }
      }
      return () => {
        let failures = PAIRS - types.length;
        for (const [reader, writer] of types) {
          try {
            writer.createResolver(reader);
          } catch {
            failures++;
          }
        }
        return failures;
      };
    }
  }
}

/** Runs in a child process: warm up, then time seven windows. */
function measure(mode: Mode, fixture: string): Rate {
  const pairs = readFixture(fixture);
  const pass = passFor(mode, pairs);
  let failures = 0;
  const warmUpEnd = performance.now() + WARM_UP_MS;
  while (performance.now() < warmUpEnd) failures = pass();
  const rates: number[] = [];
  for (let window = 0; window < WINDOWS; window++) {
    const start = performance.now();
    let done = 0;
    while (performance.now() - start < WINDOW_MS) {
      pass();
      done += pairs.length;
    }
    rates.push((done * 1000) / (performance.now() - start));
  }
  rates.sort((a, b) => a - b);
  return { median: rates[WINDOWS >> 1] as number, best: rates[WINDOWS - 1] as number, failures };
}

/** Runs in a child process: every pair once, NDJSON answers on stdout (the whole-process timing). */
function checkFile(fixture: string): void {
  const out: string[] = [];
  for (const line of readFileSync(fixture, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const { id, reader, writer } = JSON.parse(line) as Pair & { id: number };
    try {
      const incompatibilities = checkReaderWriter(toCompatSchema(reader), toCompatSchema(writer));
      out.push(
        JSON.stringify({
          id,
          compatible: incompatibilities.length === 0,
          incompatibilities: incompatibilities.map((i) => ({
            kind: i.kind,
            location: i.location,
            message: i.message,
          })),
        }),
      );
    } catch (error) {
      out.push(JSON.stringify({ id, error: (error as Error).message }));
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

function measureInChild(mode: Mode, fixture: string): Rate {
  const result = spawnSync(process.execPath, [THIS_FILE, '--measure', mode, fixture], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`measuring ${mode} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Rate;
}

interface JavaRates {
  avroVersion: string;
  checkPairsPerSecond: number;
  checkPairsPerSecondBest: number;
  parseAndCheckPairsPerSecond: number;
  parseAndCheckPairsPerSecondBest: number;
}

function javaRates(jar: string, fixture: string): JavaRates {
  const result = spawnSync('java', ['-jar', jar, 'bench', fixture, String((WINDOWS * WINDOW_MS) / 1000)], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the Avro Java bench failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as JavaRates;
}

const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')} pairs/s`;

/** The benchmark, in the shape `bench/run.ts` loads from `bench/benchmarks/`. */
export const benchmark: Benchmark = {
  name: 'compat-engine',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const fixture = writeFixture(context.root);
    context.log(`wrote ${PAIRS} pairs to ${fixture}`);
    const jar = await buildAvroJavaDriver();
    const java = javaRates(jar, fixture);
    context.log(`Avro Java ${java.avroVersion}: ${JSON.stringify(java)}`);
    const kontract = {
      check: measureInChild('check', fixture),
      normalise: measureInChild('normalise', fixture),
      text: measureInChild('text', fixture),
    };
    const avsc = {
      full: measureInChild('avsc', fixture),
      resolver: measureInChild('avsc-resolver', fixture),
    };
    context.log(`kontract ${JSON.stringify(kontract)} avsc ${JSON.stringify(avsc)}`);
    const javaProcess = timeProcess('java', ['-jar', jar, 'check', fixture], {
      cwd: context.root,
      runs: context.runs,
    });
    const nodeProcess = timeProcess(process.execPath, [THIS_FILE, '--check-file', fixture], {
      cwd: context.root,
      runs: context.runs,
    });
    const label = `compat, ${PAIRS.toLocaleString('en-US')} generated pairs`;
    const rate = (value: Rate): string => `${perSecond(value.median)} (best ${perSecond(value.best)})`;
    const javaCheck = java.checkPairsPerSecond;
    const javaParse = java.parseAndCheckPairsPerSecond;
    return [
      {
        benchmark: label,
        metric: 'kontract check (normalised beforehand), median of 7',
        value: rate(kontract.check),
        target: `≥ Avro Java check ${perSecond(javaCheck)}`,
        ok: kontract.check.median >= javaCheck,
      },
      {
        benchmark: label,
        metric: 'kontract normalise + check (from parsed JSON)',
        value: rate(kontract.normalise),
        target: `≥ Avro Java parse + check ${perSecond(javaParse)}`,
        ok: kontract.normalise.median >= javaParse,
      },
      {
        benchmark: label,
        metric: 'kontract JSON text → verdict (JSON.parse + normalise + check)',
        value: rate(kontract.text),
        target: `≥ Avro Java parse + check ${perSecond(javaParse)}`,
        ok: kontract.text.median >= javaParse,
      },
      {
        benchmark: label,
        metric: `Avro Java ${java.avroVersion} check, in-process after warm-up`,
        value: `${perSecond(javaCheck)} (best ${perSecond(java.checkPairsPerSecondBest)})`,
        target: '—',
        ok: true,
      },
      {
        benchmark: label,
        metric: `Avro Java ${java.avroVersion} parse + check, in-process after warm-up`,
        value: `${perSecond(javaParse)} (best ${perSecond(java.parseAndCheckPairsPerSecondBest)})`,
        target: '—',
        ok: true,
      },
      {
        benchmark: label,
        metric: 'avsc forSchema ×2 + createResolver',
        value: `${rate(avsc.full)}, ${avsc.full.failures} pairs threw`,
        target: '—',
        ok: true,
      },
      {
        benchmark: label,
        metric: 'avsc createResolver on pre-parsed types',
        value: `${rate(avsc.resolver)}, ${avsc.resolver.failures} pairs threw`,
        target: '—',
        ok: true,
      },
      {
        benchmark: label,
        metric: 'ratio kontract / Avro Java (check; normalise + check vs parse + check)',
        value: `${(kontract.check.median / javaCheck).toFixed(2)}×; ${(kontract.normalise.median / javaParse).toFixed(2)}×`,
        target: '≥ 1.00×',
        ok: kontract.check.median >= javaCheck && kontract.normalise.median >= javaParse,
      },
      {
        benchmark: label,
        metric: `whole process, all pairs once, median of ${nodeProcess.runs} (${nodeProcess.tool})`,
        value: `kontract ${nodeProcess.medianMs.toFixed(0)} ms, Avro Java ${javaProcess.medianMs.toFixed(0)} ms`,
        target: 'kontract ≤ Avro Java',
        ok: nodeProcess.medianMs <= javaProcess.medianMs,
      },
    ];
  },
};

const [flag, mode, fixture] = process.argv.slice(2);
if (process.argv[1] === THIS_FILE) {
  if (flag === '--measure' && mode !== undefined && fixture !== undefined) {
    process.stdout.write(JSON.stringify(measure(mode as Mode, fixture)));
  } else if (flag === '--check-file' && mode !== undefined) {
    checkFile(mode);
  } else {
    const root = fileURLToPath(new URL('../', import.meta.url));
    const rows = await benchmark.run({
      root,
      runs: Number(process.env.KONTRACT_BENCH_RUNS ?? 5),
      log: (message) => process.stderr.write(`bench: ${message}\n`),
    });
    process.stdout.write(formatTable(rows));
  }
}
