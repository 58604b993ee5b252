/**
 * Talks to Apache Avro Java's `SchemaCompatibility` through `test/avro-java` (one JVM for all pairs,
 * NDJSON over stdin/stdout). The jar is built by `test/avro-java/build.sh` when missing; if Maven
 * cannot build it, `buildAvroJavaDriver` throws with Maven's output, so the tests fail with the reason
 * instead of skipping.
 */
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Json } from '../../src/contracts/model.ts';

const BUILD_SCRIPT = fileURLToPath(new URL('../avro-java/build.sh', import.meta.url));

/** What Avro Java answered for one pair. */
export type JavaResult =
  | {
      id: number;
      compatible: boolean;
      incompatibilities: { kind: string; location: string; message: string }[];
      error?: undefined;
    }
  | { id: number; error: string; stage: 'reader' | 'writer' | 'check' | 'request' };

/** One pair to check; `references` are named types parsed first into both parsers. */
export interface JavaRequest {
  reader: Json;
  writer: Json;
  references?: Json[];
}

/**
 * How long a first build may take: on a fresh machine Maven downloads Avro, Jackson and the shade
 * plugin from Maven Central. Later builds are cached and take a few seconds at most.
 */
export const AVRO_JAVA_BUILD_TIMEOUT_MS = 600_000;

/** Builds (or finds) the driver jar and resolves its path; rejects with Maven's output on failure. */
export function buildAvroJavaDriver(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [BUILD_SCRIPT],
      { encoding: 'utf8', timeout: AVRO_JAVA_BUILD_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error) {
          const reason = stderr || String(error);
          reject(new Error(`test/avro-java/build.sh failed, so Avro Java cannot be compared:\n${reason}`));
        } else {
          resolve(stdout.trim());
        }
      },
    );
  });
}

/** A running Avro Java driver; answers arrive in request order. */
export class AvroJavaDriver {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly pending: { resolve: (result: JavaResult) => void; reject: (error: Error) => void }[] = [];
  private buffer = '';
  private stderr = '';
  private nextId = 0;

  constructor(jar: string) {
    this.process = spawn('java', ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', jar], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stdout.setEncoding('utf8');
    this.process.stdout.on('data', (chunk: string) => this.receive(chunk));
    this.process.stderr.setEncoding('utf8');
    this.process.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.process.on('exit', (code) => {
      const error = new Error(`the Avro Java driver exited with ${code}:\n${this.stderr}`);
      for (const waiter of this.pending.splice(0)) waiter.reject(error);
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.pending.shift()?.resolve(JSON.parse(line) as JavaResult);
      newline = this.buffer.indexOf('\n');
    }
  }

  /** Checks pairs in one write; resolves with one answer per pair, in order. */
  checkMany(requests: readonly JavaRequest[]): Promise<JavaResult[]> {
    const answers = requests.map(
      () => new Promise<JavaResult>((resolve, reject) => this.pending.push({ resolve, reject })),
    );
    const lines = requests.map((request) => JSON.stringify({ id: this.nextId++, ...request })).join('\n');
    this.process.stdin.write(`${lines}\n`);
    return Promise.all(answers);
  }

  /** Ends the JVM. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.process.exitCode !== null) return resolve();
      this.process.once('exit', () => resolve());
      this.process.stdin.end();
    });
  }
}
