/**
 * Input validation and the run's context, without a process: every bad input is named with the
 * allowed values, all problems come at once, and fork pull requests are recognised.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGithubContext } from '../../src/action/github-context.ts';
import { readInputs } from '../../src/action/inputs.ts';
import { removeTestRepos, tempDirectory } from '../support/git-repo.ts';

afterAll(() => removeTestRepos());

function workspaceWith(files: Record<string, string>): string {
  const dir = tempDirectory('kontract-inputs-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readInputs', () => {
  const workspace = workspaceWith({ 'svc/kontract.config.json': '{}' });
  const environment = { workspace, runnerTemp: '/runner/tmp' };

  it('resolves paths and keeps only the inputs that were given', () => {
    expect(
      readInputs(
        reader({ 'working-directory': 'svc', config: 'kontract.config.json', 'fail-on': 'warning' }),
        environment,
      ),
    ).toEqual({
      ok: true,
      inputs: {
        command: 'check',
        projectDir: join(workspace, 'svc'),
        configPath: 'kontract.config.json',
        failOn: 'warning',
        sarifPath: '/runner/tmp/kontract/kontract.sarif',
        reportPath: '/runner/tmp/kontract/kontract-report.json',
      },
    });
  });

  it('reports every problem at once, each naming its input', () => {
    const result = readInputs(
      reader({
        command: 'lnt',
        'fail-on': 'fatal',
        'working-directory': '../elsewhere',
        'registry-password': 'pw',
      }),
      environment,
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.input)).toEqual([
      'command',
      'fail-on',
      'working-directory',
      'registry-password',
    ]);
    expect(result.ok ? '' : result.problems[0]?.message).toBe(
      "Input 'command' has an unknown value 'lnt'; allowed values: check, lint, diff, replay. Did you mean 'lint'?",
    );
    expect(result.ok ? '' : result.problems[2]?.message).toContain('outside the workspace');
  });

  it('accepts a registry for diff and a password only with a user name', () => {
    const registry = {
      command: 'diff',
      'registry-url': 'https://r.example',
      'registry-username': 'u',
      'registry-password': 'p',
    };
    const accepted = readInputs(reader(registry), environment);
    expect(accepted.ok && accepted.inputs.registry).toEqual({
      url: 'https://r.example',
      username: 'u',
      password: 'p',
    });
    const rejected = readInputs(reader({ ...registry, 'registry-username': '' }), environment);
    expect(rejected.ok ? [] : rejected.problems.map((p) => p.input)).toEqual(['registry-username']);
  });
});

describe('readGithubContext', () => {
  const event = (payload: object) => {
    const dir = workspaceWith({ 'event.json': JSON.stringify(payload) });
    return join(dir, 'event.json');
  };

  it('recognises a pull request from a fork, and one from the same repository', () => {
    const fork = readGithubContext({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_BASE_REF: 'main',
      GITHUB_EVENT_PATH: event({
        pull_request: {
          number: 3,
          base: { repo: { full_name: 'acme/shop' } },
          head: { sha: 'abc', repo: { full_name: 'eve/shop' } },
        },
      }),
    });
    expect(fork.pullRequest).toEqual({ baseRef: 'main', fromFork: true, number: 3, headSha: 'abc' });
    const own = readGithubContext({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_BASE_REF: 'main',
      GITHUB_EVENT_PATH: event({
        pull_request: {
          base: { repo: { full_name: 'acme/shop' } },
          head: { repo: { full_name: 'acme/shop' } },
        },
      }),
    });
    expect(own.pullRequest?.fromFork).toBe(false);
  });

  it('is no pull request on a push, and survives a missing payload', () => {
    expect(readGithubContext({ GITHUB_EVENT_NAME: 'push' }).pullRequest).toBeUndefined();
    expect(
      readGithubContext({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_BASE_REF: 'main',
        GITHUB_EVENT_PATH: '/nope',
      }).pullRequest,
    ).toEqual({ baseRef: 'main', fromFork: false });
  });
});
