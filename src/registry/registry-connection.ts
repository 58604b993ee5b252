/**
 * Where the schema registry is and how to talk to it: URL, credentials, timeout, retries,
 * concurrency. Read from explicit options first, then from the environment:
 * `KONTRACT_REGISTRY_URL`, `KONTRACT_REGISTRY_USERNAME` + `KONTRACT_REGISTRY_PASSWORD` (basic auth),
 * `KONTRACT_REGISTRY_TOKEN` (bearer), `KONTRACT_REGISTRY_TIMEOUT_MS`. Credentials written into the URL
 * (`https://user:pass@host/...`) are taken out of it and used as basic auth. Secrets are kept here
 * only to be sent; `describe()`-style text never contains them.
 */
import { RegistryError, redactUrl } from './registry-error.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry.ts';

/** What a caller (the CLI, the Action, a test) may say about the registry. */
export interface RegistryOptions {
  /** Base URL of the Confluent-compatible API, e.g. `http://127.0.0.1:18081/apis/ccompat/v7`. */
  url?: string;
  username?: string;
  password?: string;
  /** Bearer token; wins over basic auth when both are given. */
  token?: string;
  /** Per-request timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
}

/** A resolved connection: every field decided, secrets separated from the URL. */
export interface RegistryConnection {
  /** Base URL without userinfo and without a trailing slash. */
  url: string;
  /** The URL as it may be printed (no userinfo, no query). */
  shownUrl: string;
  auth:
    | { kind: 'none' }
    | { kind: 'basic'; username: string; password: string }
    | { kind: 'bearer'; token: string };
  timeoutMs: number;
  retry: RetryPolicy;
  concurrency: number;
  /** Every secret value, to be masked in any text that leaves the adapter. */
  secrets: readonly string[];
}

/** The environment variables the adapter reads. */
export const registryEnvironment = {
  url: 'KONTRACT_REGISTRY_URL',
  username: 'KONTRACT_REGISTRY_USERNAME',
  password: 'KONTRACT_REGISTRY_PASSWORD',
  token: 'KONTRACT_REGISTRY_TOKEN',
  timeoutMs: 'KONTRACT_REGISTRY_TIMEOUT_MS',
} as const;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function positiveInteger(value: number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RegistryError('config', `${what} must be a positive number, not ${String(value)}`);
  }
  return Math.floor(value);
}

/**
 * Resolves options and environment into a connection. Throws `RegistryError('config')` when no URL
 * is given or the URL is not an http(s) URL; the message never repeats what was written.
 */
export function resolveConnection(
  options: RegistryOptions = {},
  env: Readonly<Record<string, string | undefined>> = {},
): RegistryConnection {
  const raw = nonEmpty(options.url) ?? nonEmpty(env[registryEnvironment.url]);
  if (raw === undefined) {
    throw new RegistryError(
      'config',
      `no schema registry URL: pass --registry <url> or set ${registryEnvironment.url}`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new RegistryError(
      'config',
      'the schema registry URL is not a valid URL (it is not shown: it may hold a secret)',
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RegistryError(
      'config',
      `the schema registry URL must start with http:// or https://, not ${parsed.protocol}//`,
    );
  }
  const urlUser = parsed.username === '' ? undefined : decodeURIComponent(parsed.username);
  const urlPassword = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const url = parsed.toString().replace(/\/+$/, '');

  const token = nonEmpty(options.token) ?? nonEmpty(env[registryEnvironment.token]);
  const username = nonEmpty(options.username) ?? urlUser ?? nonEmpty(env[registryEnvironment.username]);
  const password = options.password ?? urlPassword ?? env[registryEnvironment.password];
  const secrets: string[] = [];
  let auth: RegistryConnection['auth'] = { kind: 'none' };
  if (token !== undefined) {
    auth = { kind: 'bearer', token };
    secrets.push(token);
  } else if (username !== undefined) {
    if (password === undefined) {
      throw new RegistryError(
        'config',
        `a registry username is set but no password: set ${registryEnvironment.password} as well`,
      );
    }
    auth = { kind: 'basic', username, password };
    secrets.push(password, Buffer.from(`${username}:${password}`).toString('base64'));
  }
  if (urlPassword !== undefined) secrets.push(urlPassword);

  const envTimeout = nonEmpty(env[registryEnvironment.timeoutMs]);
  const timeoutMs =
    positiveInteger(options.timeoutMs, 'the registry timeout') ??
    positiveInteger(
      envTimeout === undefined ? undefined : Number(envTimeout),
      registryEnvironment.timeoutMs,
    ) ??
    10_000;
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1 || retry.attempts > 10) {
    throw new RegistryError(
      'config',
      `registry retry attempts must be an integer from 1 to 10, not ${retry.attempts}`,
    );
  }
  const concurrency = positiveInteger(options.concurrency, 'the registry concurrency') ?? 8;
  return { url, shownUrl: redactUrl(url), auth, timeoutMs, retry, concurrency, secrets };
}
