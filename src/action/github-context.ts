/**
 * What the Action needs to know about the workflow run, read from the runner's environment and the
 * event payload (`GITHUB_EVENT_PATH`): whether this is a pull request, from a fork or not, its base
 * branch, and where files can be linked on github.com. Nothing here talks to the network.
 */
import { readFileSync } from 'node:fs';

/** The run as the Action sees it. */
export interface GithubContext {
  /** `GITHUB_EVENT_NAME`, e.g. `pull_request`, `push`. */
  eventName: string;
  /** Set for `pull_request` and `pull_request_target` runs. */
  pullRequest?: PullRequestInfo;
  /** `https://github.com` or a GitHub Enterprise server. */
  serverUrl: string;
  /** `owner/name` of the repository the workflow runs in. */
  repository?: string;
  /** `owner/name` of this Action's own repository, and the ref it runs at (for links to its README). */
  actionRepository?: string;
  actionRef?: string;
}

/** The parts of a pull request event the Action uses. */
export interface PullRequestInfo {
  number?: number;
  /** The branch the pull request merges into (`main`). */
  baseRef: string;
  /** The head commit (what reviewers see). */
  headSha?: string;
  /** True when the head branch lives in another repository: GitHub then withholds secrets. */
  fromFork: boolean;
}

interface PullRequestPayload {
  pull_request?: {
    number?: number;
    base?: { ref?: string; repo?: { full_name?: string } };
    head?: { sha?: string; repo?: { full_name?: string; fork?: boolean } | null };
  };
}

function readPayload(path: string | undefined): PullRequestPayload {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PullRequestPayload;
  } catch {
    // A missing or unreadable payload only costs the fork detection and links; the base still
    // comes from GITHUB_BASE_REF.
    return {};
  }
}

/** Reads the run's context from `env` (the runner's variables). */
export function readGithubContext(env: Readonly<Record<string, string | undefined>>): GithubContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const context: GithubContext = {
    eventName,
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
  };
  if (env.GITHUB_REPOSITORY) context.repository = env.GITHUB_REPOSITORY;
  if (env.GITHUB_ACTION_REPOSITORY) context.actionRepository = env.GITHUB_ACTION_REPOSITORY;
  if (env.GITHUB_ACTION_REF) context.actionRef = env.GITHUB_ACTION_REF;

  const payload = readPayload(env.GITHUB_EVENT_PATH).pull_request;
  const baseRef = env.GITHUB_BASE_REF || payload?.base?.ref || '';
  if (eventName.startsWith('pull_request') && baseRef !== '') {
    const baseRepository = payload?.base?.repo?.full_name;
    const headRepository = payload?.head?.repo?.full_name;
    const pullRequest: PullRequestInfo = {
      baseRef,
      // A deleted head repository (null) can only have been a fork.
      fromFork:
        payload?.head?.repo === null ||
        (headRepository !== undefined && baseRepository !== undefined && headRepository !== baseRepository),
    };
    if (payload?.number !== undefined) pullRequest.number = payload.number;
    if (payload?.head?.sha !== undefined) pullRequest.headSha = payload.head.sha;
    context.pullRequest = pullRequest;
  }
  return context;
}

/**
 * Where kontract's README is published, for rule help links: the Action's own repository at the ref
 * it runs at, when the runner says (`uses: owner/kontract@v1`); else undefined.
 */
export function actionReadmeUrl(context: GithubContext): string | undefined {
  if (!context.actionRepository) return undefined;
  return `${context.serverUrl}/${context.actionRepository}/blob/${context.actionRef || 'main'}/README.md`;
}

/** A blob URL of a file at a commit with a line anchor (`#L14-L16`), for links in the job summary. */
export function blobUrl(
  context: GithubContext,
  commit: string,
  file: string,
  line?: number,
  endLine?: number,
): string | undefined {
  if (!context.repository) return undefined;
  const path = file.split('/').map(encodeURIComponent).join('/');
  const anchor =
    line === undefined || line < 1
      ? ''
      : endLine !== undefined && endLine > line
        ? `#L${line}-L${endLine}`
        : `#L${line}`;
  return `${context.serverUrl}/${context.repository}/blob/${commit}/${path}${anchor}`;
}
