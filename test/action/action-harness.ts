/**
 * Runs the bundled Action (`node dist/index.js`) the way the Actions runner does: every input that
 * `action.yml` declares is passed as `INPUT_<NAME>` with its default unless the test sets it, the
 * runner's `GITHUB_*` variables describe the event, and `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY`
 * point at temp files that the test reads back.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDirectory } from '../support/git-repo.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Node 24, which the runner uses for `runs.using: node24` (the system node may be older). */
export const node24 = process.execPath;

/** The inputs `action.yml` declares, with their defaults, read from the file itself. */
export function declaredInputs(
  actionYml = readFileSync(join(root, 'action.yml'), 'utf8'),
): Map<string, string> {
  const inputs = new Map<string, string>();
  let section = '';
  let current: string | undefined;
  for (const line of actionYml.split('\n')) {
    const top = /^(\w[\w-]*):/.exec(line);
    if (top) {
      section = top[1] ?? '';
      current = undefined;
      continue;
    }
    if (section !== 'inputs') continue;
    const name = /^ {2}([\w-]+):\s*$/.exec(line);
    if (name?.[1]) {
      current = name[1];
      inputs.set(current, '');
      continue;
    }
    const fallback = /^ {4}default:\s*(.*)$/.exec(line);
    if (fallback && current !== undefined) {
      const raw = (fallback[1] ?? '').trim();
      inputs.set(current, raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);
    }
  }
  return inputs;
}

/** A pull request event as GitHub delivers it (only the fields the Action reads). */
export interface PullRequestEvent {
  baseRef: string;
  headSha?: string;
  number?: number;
  /** `owner/name` of the head repository; differs from the base's for a fork. */
  headRepository?: string;
}

/** One run of the bundled Action. */
export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** `GITHUB_OUTPUT`, parsed. */
  outputs: Record<string, string>;
  /** `GITHUB_STEP_SUMMARY`, as written. */
  summary: string;
  /** `RUNNER_TEMP` of the run, where the default reports go. */
  runnerTemp: string;
  /** Wall time of the process, in milliseconds. */
  millis: number;
}

/** What to run the Action with. */
export interface ActionRunOptions {
  /** `GITHUB_WORKSPACE`: the checked-out repository. */
  workspace: string;
  /** Inputs by name (as in the workflow's `with:`); the rest get their `action.yml` defaults. */
  inputs?: Record<string, string>;
  /** A pull request run; absent = a push run. */
  pullRequest?: PullRequestEvent;
  /** Extra environment (wins over the defaults). */
  env?: Record<string, string>;
  /** The bundle to run; default the committed `dist/index.js`. */
  bundle?: string;
}

/** Parses the `name<<delimiter ... delimiter` records that `core.setOutput` writes to `GITHUB_OUTPUT`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!header?.[1] || !header[2]) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== header[2]; i++) value.push(lines[i] ?? '');
    outputs[header[1]] = value.join('\n');
  }
  return outputs;
}

/** Runs `node dist/index.js` as the runner would and collects everything it produced. */
export function runBundledAction(options: ActionRunOptions): ActionRun {
  const runnerTemp = tempDirectory('kontract-runner-');
  const outputFile = join(runnerTemp, 'github-output');
  const summaryFile = join(runnerTemp, 'step-summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerTemp,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_ACTION_REPOSITORY: 'acme/kontract',
    GITHUB_ACTION_REF: 'v1',
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: options.pullRequest ? 'pull_request' : 'push',
  };
  if (options.pullRequest) {
    const event = options.pullRequest;
    const eventDir = join(runnerTemp, 'event');
    mkdirSync(eventDir);
    const eventPath = join(eventDir, 'event.json');
    writeFileSync(
      eventPath,
      JSON.stringify({
        pull_request: {
          number: event.number ?? 7,
          base: { ref: event.baseRef, repo: { full_name: 'acme/shop' } },
          head: {
            sha: event.headSha,
            repo: {
              full_name: event.headRepository ?? 'acme/shop',
              fork: event.headRepository !== undefined,
            },
          },
        },
      }),
    );
    env.GITHUB_EVENT_PATH = eventPath;
    env.GITHUB_BASE_REF = event.baseRef;
    env.GITHUB_HEAD_REF = 'feature';
  }
  for (const [name, fallback] of declaredInputs()) {
    env[`INPUT_${name.toUpperCase()}`] = options.inputs?.[name] ?? fallback;
  }
  for (const name of Object.keys(options.inputs ?? {})) {
    env[`INPUT_${name.toUpperCase()}`] = options.inputs?.[name] ?? '';
  }
  Object.assign(env, options.env);

  const started = performance.now();
  const child = spawnSync(node24, [options.bundle ?? join(root, 'dist/index.js')], {
    cwd: options.workspace,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const millis = performance.now() - started;
  return {
    status: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    runnerTemp,
    millis,
  };
}

/** The workflow commands of one kind (`error`, `warning`, `notice`, `add-mask`) on a run's stdout. */
export function workflowCommands(stdout: string, kind: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`::${kind} `) || line.startsWith(`::${kind}::`));
}
