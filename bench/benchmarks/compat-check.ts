/**
 * Schema evolution as a whole process, in generated git repositories:
 * - `kontract check` on 1,000 generated contracts where 50 changed on the branch (45 compatibly, 5
 *   breaking): lint, the git base, the comparison. Target: under 2 s.
 * - the same with every contract BACKWARD_TRANSITIVE and ten commits of history on `main` (each
 *   changing 100 contracts), so the history of the whole include set is read. Target: under 2 s.
 * - `kontract diff` on one contract with 200 earlier versions in history under BACKWARD_TRANSITIVE
 *   (a compatible change, so every version is checked in full). Target: under 1 s.
 * Each run is checked for the findings it must produce, so that the timing measures a comparison
 * that ran, not an error path.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRepo, removeTestRepos } from '../../test/support/git-repo.ts';
import { type Benchmark, type BenchRow, describeTiming, ms, timeProcess } from '../bench-kit.ts';
import { generateContracts } from '../generate-contracts.ts';

const events = 1000;
const changed = 50;
const breaking = 5;
const checkTargetMs = 2000;
const historyVersions = 200;
const historyTargetMs = 1000;

/** The environment every timed run gets: no CI variables of the machine choose the base. */
const env = { GITHUB_BASE_REF: '', GITHUB_ACTIONS: '', NO_COLOR: '1' };

function listEventFiles(dir: string): string[] {
  return (readdirSync(join(dir, 'contracts'), { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => file.endsWith('.avsc') && !file.startsWith('common') && !/Details\.avsc$/.test(file))
    .sort()
    .map((file) => `contracts/${file.replaceAll('\\', '/')}`);
}

/** Adds an optional field named `field` to each file, as one commit's worth of file contents. */
function withOptionalField(dir: string, files: readonly string[], field: string): Record<string, string> {
  const updates: Record<string, string> = {};
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { fields: unknown[] };
    schema.fields.push({ name: field, type: ['null', 'string'], default: null, doc: 'Added later.' });
    updates[file] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  return updates;
}

/**
 * The generated workspace on `main`, and 50 changed contracts on `feature`. With `history`, the
 * contracts are BACKWARD_TRANSITIVE and `main` has ten more commits that each change 100 of them.
 */
function thousandContractsRepo(history = false): string {
  const repo = createRepo();
  const generated = generateContracts(repo.dir, events);
  if (history) {
    const configPath = join(repo.dir, 'kontract.config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      configPath,
      `${JSON.stringify({ ...config, defaults: { compatibility: 'BACKWARD_TRANSITIVE' } }, null, 2)}\n`,
    );
  }
  repo.commit({ message: 'Generated contracts' });
  if (history) {
    const all = listEventFiles(repo.dir);
    for (let round = 0; round < 10; round++) {
      const slice = all.slice(round * 100, round * 100 + 100);
      repo.commit({
        message: `Extend events, round ${round + 1}`,
        files: withOptionalField(repo.dir, slice, `extra${round}`),
      });
    }
  }
  const files = listEventFiles(repo.dir).slice(0, changed);
  if (files.length < changed) throw new Error(`only ${files.length} event files were generated`);
  const updates: Record<string, string> = {};
  files.forEach((file, index) => {
    const schema = JSON.parse(readFileSync(join(repo.dir, file), 'utf8')) as { fields: unknown[] };
    schema.fields.push(
      index < breaking
        ? { name: 'region', type: 'string', doc: 'Where it happened (required: a breaking change).' }
        : { name: 'region', type: ['null', 'string'], default: null, doc: 'Where it happened, if known.' },
    );
    updates[file] = `${JSON.stringify(schema, null, 2)}\n`;
  });
  repo.commit({ message: 'Add a region to 50 events', branch: 'feature', files: updates });
  if (generated.events !== events) throw new Error('unexpected generator output');
  return repo.dir;
}

/** One contract with `historyVersions` earlier versions on `main`, and a compatible change on `feature`. */
function longHistoryRepo(): string {
  const contract = (fields: unknown[]) =>
    `${JSON.stringify({ type: 'record', name: 'Ticked', namespace: 'com.acme.bench', fields }, null, 2)}\n`;
  const base = [
    { name: 'id', type: 'string' },
    { name: 'version', type: 'int' },
  ];
  const repo = createRepo({
    files: {
      'contracts/Ticked.avsc': contract(base),
      'kontract.config.json': `${JSON.stringify({ include: ['contracts/**/*.avsc'], defaults: { compatibility: 'BACKWARD_TRANSITIVE' } })}\n`,
    },
  });
  repo.importCommits(
    Array.from({ length: historyVersions - 1 }, (_, index) => ({
      message: `Revision ${index + 2}`,
      files: {
        'contracts/Ticked.avsc': contract([
          ...base,
          ...Array.from({ length: 1 + (index % 20) }, (_, field) => ({
            name: `f${field}`,
            type: ['null', 'long'],
            default: null,
          })),
          { name: 'rev', type: 'int', default: index },
        ]),
      },
    })),
  );
  repo.commit({
    message: 'Add an optional note',
    branch: 'feature',
    files: {
      'contracts/Ticked.avsc': contract([...base, { name: 'note', type: ['null', 'string'], default: null }]),
    },
  });
  return repo.dir;
}

/** Runs the command once and returns the rule ids it reported, to check it compared what it should. */
function ruleIdsOf(root: string, args: readonly string[], cwd: string): string[] {
  const run = spawnSync(process.execPath, [join(root, 'src/cli/main.ts'), ...args, '--format', 'json'], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(run.stdout) as { diagnostics: { ruleId: string }[] };
  return report.diagnostics.map((diagnostic) => diagnostic.ruleId);
}

export const benchmark: Benchmark = {
  name: 'compat-check',
  async run(context) {
    const rows: BenchRow[] = [];
    try {
      const big = thousandContractsRepo();
      context.log(`generated ${events} events, ${changed} changed on the branch, under ${big}`);
      const found = ruleIdsOf(context.root, ['check'], big).filter((id) => id.startsWith('compat/'));
      if (found.length !== breaking) {
        throw new Error(
          `kontract check found ${found.length} compat findings, expected ${breaking}: ${found.join(', ')}`,
        );
      }
      const check = timeProcess(
        process.execPath,
        [join(context.root, 'src/cli/main.ts'), 'check', '--format', 'json'],
        {
          cwd: big,
          runs: context.runs,
          env,
        },
      );
      rows.push({
        benchmark: `check with compat, ${events} contracts, ${changed} changed`,
        metric: describeTiming(check),
        value: ms(check.medianMs),
        target: `< ${checkTargetMs} ms`,
        ok: check.medianMs < checkTargetMs,
      });
      const diff = timeProcess(
        process.execPath,
        [join(context.root, 'src/cli/main.ts'), 'diff', '--format', 'json'],
        {
          cwd: big,
          runs: context.runs,
          env,
        },
      );
      rows.push({
        benchmark: `diff, ${events} contracts, ${changed} changed`,
        metric: describeTiming(diff),
        value: ms(diff.medianMs),
        target: '',
        ok: true,
      });

      const transitiveRepo = thousandContractsRepo(true);
      context.log(
        `generated ${events} BACKWARD_TRANSITIVE events with 10 commits of history under ${transitiveRepo}`,
      );
      const transitiveFound = ruleIdsOf(context.root, ['check'], transitiveRepo).filter((id) =>
        id.startsWith('compat/'),
      );
      if (transitiveFound.length !== breaking) {
        throw new Error(
          `kontract check found ${transitiveFound.length} compat findings with history, expected ${breaking}`,
        );
      }
      const checkHistory = timeProcess(
        process.execPath,
        [join(context.root, 'src/cli/main.ts'), 'check', '--format', 'json'],
        { cwd: transitiveRepo, runs: context.runs, env },
      );
      rows.push({
        benchmark: `check with compat, ${events} contracts, BACKWARD_TRANSITIVE over 11 commits, ${changed} changed`,
        metric: describeTiming(checkHistory),
        value: ms(checkHistory.medianMs),
        target: `< ${checkTargetMs} ms`,
        ok: checkHistory.medianMs < checkTargetMs,
      });

      const long = longHistoryRepo();
      context.log(`one contract with ${historyVersions} versions in history under ${long}`);
      const history = ruleIdsOf(context.root, ['diff'], long);
      if (history.length !== 0)
        throw new Error(`kontract diff found ${history.join(', ')} in a compatible change`);
      const transitive = timeProcess(
        process.execPath,
        [join(context.root, 'src/cli/main.ts'), 'diff', '--format', 'json'],
        {
          cwd: long,
          runs: context.runs,
          env,
        },
      );
      if (transitive.exitCode !== 0) throw new Error(`kontract diff exited ${transitive.exitCode}`);
      rows.push({
        benchmark: `diff, BACKWARD_TRANSITIVE, ${historyVersions} versions in history`,
        metric: describeTiming(transitive),
        value: ms(transitive.medianMs),
        target: `< ${historyTargetMs} ms`,
        ok: transitive.medianMs < historyTargetMs,
      });
      return rows;
    } finally {
      removeTestRepos();
    }
  },
};
