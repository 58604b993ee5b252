/**
 * The schema-registry client kontract uses: the calls the compat check, `publish`, the wire-format
 * decoder and the tests need, each with the same auth, timeout, bounded retries and error messages.
 *
 * Transport. `@kafkajs/confluent-schema-registry` (its HTTP client) carries every call it has a
 * resource for: schema by id, a subject's version (or `latest`), subject config (read and write),
 * register, lookup of a schema under a subject, the compatibility check against one version, the
 * subject list. Plain `fetch` carries the calls the library has no resource for: a subject's version
 * list, the global config (read and write), the compatibility check against all versions, and
 * deleting a subject. The library's own retries are switched off; both paths go through one retry
 * loop (exponential backoff with full jitter on 5xx, network errors and timeouts) and one error
 * mapping, so that a registry that is down, slow or rejects the password gives the same clear
 * `RegistryError` whichever call met it.
 *
 * The library is imported lazily (on `connect`), so commands that never talk to a registry do not
 * load it.
 */
import type { CompatibilityMode } from '../contracts/config-types.ts';
import { type RegistryConnection, type RegistryOptions, resolveConnection } from './registry-connection.ts';
import { RegistryError, redactSecrets } from './registry-error.ts';
import { RetriesExhausted, retrying } from './retry.ts';

/** One registered version of a subject. */
export interface RegisteredVersion {
  subject: string;
  version: number;
  /** Global schema id. */
  id: number;
  /** The schema text as registered. */
  schema: string;
  schemaType: string;
  references: SchemaReference[];
}

/** A Confluent schema reference: the named type `name` is defined by `subject` at `version`. */
export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** A schema fetched by its global id. */
export interface SchemaById {
  id: number;
  schema: string;
  schemaType: string;
  references: SchemaReference[];
}

/** Where an effective compatibility level came from. */
export type CompatibilitySource = 'subject' | 'global';

/** The compatibility level the registry applies to a subject, and whether the subject set it itself. */
export interface EffectiveCompatibility {
  mode: CompatibilityMode;
  source: CompatibilitySource;
}

/** Which registered versions a compatibility check is made against. */
export type CompatibilityTarget = 'latest' | 'all' | number;

const compatibilityModes: ReadonlySet<string> = new Set<CompatibilityMode>([
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
]);

/** What a failed attempt was, before it is explained. @internal */
type Failure =
  | { kind: 'http'; status: number; errorCode?: number; serverMessage: string }
  | { kind: 'network'; detail: string }
  | { kind: 'timeout' };

/** One failed attempt, thrown inside the retry loop. @internal */
class AttemptFailure extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.kind);
    this.failure = failure;
  }
}

/** What a call was trying to do, for the message of its error. @internal */
interface Operation {
  /** An infinitive phrase: `read the versions of subject \`orders-value\``. */
  action: string;
  /** What a 404 means for this call, as a sentence fragment: `subject \`x\` is not registered`. */
  notFound?: string;
  subject?: string;
}

/** The parts of a mappersmith response the client reads. @internal */
interface LibraryResponse {
  data(): unknown;
  status(): number;
}

/** The resources of the library's HTTP client (`SchemaRegistry.api`, private in its typings). @internal */
interface LibraryApi {
  Schema: { find(params: { id: number }): Promise<LibraryResponse> };
  Subject: {
    all(params: Record<string, never>): Promise<LibraryResponse>;
    version(params: { subject: string; version: number | 'latest' }): Promise<LibraryResponse>;
    config(params: { subject: string }): Promise<LibraryResponse>;
    updateConfig(params: { subject: string; body: { compatibility: string } }): Promise<LibraryResponse>;
    register(params: { subject: string; body: { schema: string } }): Promise<LibraryResponse>;
    registered(params: { subject: string; body: { schema: string } }): Promise<LibraryResponse>;
    compatible(params: {
      subject: string;
      version: number | 'latest';
      body: { schema: string };
    }): Promise<LibraryResponse>;
  };
}

/** A mappersmith middleware, typed structurally (mappersmith is the library's dependency, not ours). @internal */
type Middleware = () => {
  prepareRequest(next: () => Promise<{ enhance(change: object): unknown }>): Promise<unknown>;
};

const clientId = 'kontract';
/** The prefix the library's error middleware puts before every message. */
const libraryPrefix = `${clientId} - `;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an error of the library's HTTP client. It keeps only the status and a message: a request
 * that never got an answer becomes status 400 with `Error, status 400: <reason>`, where the reason
 * is `Timeout (<n>ms)` or Node's socket error (`connect ECONNREFUSED ...`).
 */
function failureFromLibrary(error: unknown): Failure {
  if (!isRecord(error) || typeof error.status !== 'number') {
    return { kind: 'network', detail: error instanceof Error ? error.message : String(error) };
  }
  const message = typeof error.message === 'string' ? error.message : '';
  const text = message.startsWith(libraryPrefix) ? message.slice(libraryPrefix.length) : message;
  const clientSide = /^Error, status 400: (.*)$/s.exec(text);
  if (error.status === 400 && clientSide) {
    const reason = clientSide[1] ?? '';
    if (/^Timeout \(\d+ms\)$/.test(reason)) return { kind: 'timeout' };
    if (/\bE[A-Z]{3,}\b|socket hang up|other side closed|network/i.test(reason)) {
      return { kind: 'network', detail: reason };
    }
  }
  return { kind: 'http', status: error.status, serverMessage: text };
}

function failureFromFetch(error: unknown): Failure {
  if (error instanceof AttemptFailure) return error.failure;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'timeout' };
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const detail =
    cause && typeof cause.code === 'string'
      ? `${cause.code}${typeof cause.message === 'string' ? ` (${cause.message})` : ''}`
      : error instanceof Error
        ? error.message
        : String(error);
  return { kind: 'network', detail };
}

function isRetryable(error: unknown): boolean {
  if (!(error instanceof AttemptFailure)) return false;
  const failure = error.failure;
  return failure.kind !== 'http' || failure.status >= 500;
}

/** Parses a JSON body; `undefined` when it is not JSON (an HTML error page, an empty body). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asReferences(value: unknown): SchemaReference[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((reference) => ({
    name: String(reference.name),
    subject: String(reference.subject),
    version: Number(reference.version),
  }));
}

/**
 * Combines a subject's own level (as `GET /config/<subject>` answers it) and the global level into the
 * level the registry applies and where it comes from (see `RegistryClient.effectiveCompatibility`).
 */
export function effectiveLevel(
  own: CompatibilityMode | undefined,
  global: CompatibilityMode,
): EffectiveCompatibility {
  if (own !== undefined && own !== global && own !== 'NONE') return { mode: own, source: 'subject' };
  return { mode: global, source: 'global' };
}

/**
 * A client for one registry. Create it with `RegistryClient.connect(options, env)`; every method
 * either returns the registry's answer or throws a `RegistryError` whose message is safe to print.
 */
export class RegistryClient {
  /** The resolved connection (URL without secrets, timeout, retry policy, concurrency). */
  readonly connection: RegistryConnection;
  readonly #api: LibraryApi;
  readonly #schemasById = new Map<number, Promise<SchemaById>>();
  readonly #versions = new Map<string, Promise<RegisteredVersion>>();

  private constructor(connection: RegistryConnection, api: LibraryApi) {
    this.connection = connection;
    this.#api = api;
  }

  /**
   * Resolves the connection from options and environment and loads the registry library. Throws
   * `RegistryError('config')` for unusable settings; makes no request.
   */
  static async connect(
    options: RegistryOptions = {},
    env: Readonly<Record<string, string | undefined>> = process.env,
  ): Promise<RegistryClient> {
    const connection = resolveConnection(options, env);
    const library = await import('@kafkajs/confluent-schema-registry');
    const { SchemaRegistry } = library.default ?? library;
    const auth = connection.auth;
    const headers: Record<string, string> = { 'user-agent': 'kontract' };
    if (auth.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    const enhance: Middleware = () => ({
      async prepareRequest(next) {
        const request = await next();
        return request.enhance({ timeout: connection.timeoutMs, headers });
      },
    });
    const registry = new SchemaRegistry({
      host: connection.url,
      clientId,
      // kontract's own retry loop (below) retries every call, library or fetch, the same way.
      retry: { retries: 0 },
      ...(auth.kind === 'basic' ? { auth: { username: auth.username, password: auth.password } } : {}),
      // The library's middleware typings come from mappersmith, which kontract does not depend on.
      middlewares: [enhance as never],
    });
    // `api` is private in the library's typings but is its documented HTTP client for these resources.
    const api = (registry as unknown as { api: LibraryApi }).api;
    return new RegistryClient(connection, api);
  }

  /** Every subject the registry holds. */
  async listSubjects(): Promise<string[]> {
    const data = await this.#library({ action: 'list the subjects' }, () => this.#api.Subject.all({}));
    if (!Array.isArray(data)) throw this.#badResponse('list the subjects', data);
    return data.map(String);
  }

  /** The version numbers of a subject, oldest first; `[]` when the subject is not registered. */
  async listVersions(subject: string): Promise<number[]> {
    const operation = { action: `read the versions of subject \`${subject}\``, subject };
    const data = await this.#fetch(operation, 'GET', `/subjects/${encodeURIComponent(subject)}/versions`, {
      absentOn404: true,
    });
    if (data === undefined) return [];
    if (!Array.isArray(data) || !data.every((v) => Number.isInteger(v)))
      throw this.#badResponse(operation.action, data);
    return (data as number[]).slice().sort((a, b) => a - b);
  }

  /** One registered version (cached: a registered version never changes). */
  getVersion(subject: string, version: number): Promise<RegisteredVersion> {
    const key = `${subject}\u0000${version}`;
    let pending = this.#versions.get(key);
    if (!pending) {
      pending = this.#readVersion(subject, version);
      pending.catch(() => this.#versions.delete(key));
      this.#versions.set(key, pending);
    }
    return pending;
  }

  /** The latest version of a subject; `undefined` when the subject is not registered. */
  async latestVersion(subject: string): Promise<RegisteredVersion | undefined> {
    try {
      return await this.#readVersion(subject, 'latest');
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'not-found') return undefined;
      throw error;
    }
  }

  async #readVersion(subject: string, version: number | 'latest'): Promise<RegisteredVersion> {
    const action = `read version ${version} of subject \`${subject}\``;
    const data = await this.#library(
      { action, subject, notFound: `subject \`${subject}\` has no version ${version}` },
      () => this.#api.Subject.version({ subject, version }),
    );
    if (
      !isRecord(data) ||
      typeof data.schema !== 'string' ||
      typeof data.id !== 'number' ||
      typeof data.version !== 'number'
    ) {
      throw this.#badResponse(action, data);
    }
    return {
      subject,
      version: data.version,
      id: data.id,
      schema: data.schema,
      schemaType: typeof data.schemaType === 'string' ? data.schemaType : 'AVRO',
      references: asReferences(data.references),
    };
  }

  /** A schema by its global id (cached). Throws `RegistryError('not-found')` for an unknown id. */
  getSchema(id: number): Promise<SchemaById> {
    let pending = this.#schemasById.get(id);
    if (!pending) {
      pending = this.#readSchema(id);
      pending.catch(() => this.#schemasById.delete(id));
      this.#schemasById.set(id, pending);
    }
    return pending;
  }

  async #readSchema(id: number): Promise<SchemaById> {
    const action = `read schema id ${id}`;
    const data = await this.#library({ action, notFound: `schema id ${id} is not registered` }, () =>
      this.#api.Schema.find({ id }),
    );
    if (!isRecord(data) || typeof data.schema !== 'string') throw this.#badResponse(action, data);
    return {
      id,
      schema: data.schema,
      schemaType: typeof data.schemaType === 'string' ? data.schemaType : 'AVRO',
      references: asReferences(data.references),
    };
  }

  /**
   * The level the registry applies to a subject. The subject's own level counts when it has one;
   * otherwise the global level. Apicurio answers `NONE` for a subject without a level of its own (it
   * never falls back), and a subject set to the global level cannot be told from one that is not set
   * at all, so a subject level equal to the global level, or `NONE` under a global level that is not,
   * counts as "no level of its own" (for `NONE`: the stricter reading, and what the registry enforces
   * for a subject that has no level).
   */
  async effectiveCompatibility(subject: string): Promise<EffectiveCompatibility> {
    const [own, global] = await Promise.all([this.subjectCompatibility(subject), this.globalCompatibility()]);
    return effectiveLevel(own, global);
  }

  /** The subject's own level, or `undefined` when it has none (or the subject does not exist). */
  async subjectCompatibility(subject: string): Promise<CompatibilityMode | undefined> {
    const action = `read the compatibility level of subject \`${subject}\``;
    try {
      const data = await this.#library({ action, subject }, () => this.#api.Subject.config({ subject }));
      return this.#level(action, data);
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'not-found') return undefined;
      throw error;
    }
  }

  /** The registry's global level. */
  async globalCompatibility(): Promise<CompatibilityMode> {
    const action = 'read the global compatibility level';
    const data = await this.#fetch({ action }, 'GET', '/config');
    const level = this.#level(action, data);
    if (level === undefined) throw this.#badResponse(action, data);
    return level;
  }

  #level(action: string, data: unknown): CompatibilityMode | undefined {
    if (!isRecord(data)) throw this.#badResponse(action, data);
    // GET answers `compatibilityLevel`; Confluent's PUT answers `compatibility`.
    const level = data.compatibilityLevel ?? data.compatibility;
    if (level === undefined) return undefined;
    const upper = String(level).toUpperCase();
    if (!compatibilityModes.has(upper)) throw this.#badResponse(action, data);
    return upper as CompatibilityMode;
  }

  /** Sets a subject's level, or the global level when `subject` is `null`. */
  async setCompatibility(subject: string | null, mode: CompatibilityMode): Promise<void> {
    if (subject === null) {
      await this.#fetch({ action: 'set the global compatibility level' }, 'PUT', '/config', {
        body: { compatibility: mode },
      });
      return;
    }
    await this.#library({ action: `set the compatibility level of subject \`${subject}\``, subject }, () =>
      this.#api.Subject.updateConfig({ subject, body: { compatibility: mode } }),
    );
  }

  /**
   * Registers a schema under a subject and returns its global id. Registering a schema the subject
   * already has adds no version and returns the existing id (the registry's own rule).
   */
  async register(subject: string, schema: string): Promise<{ id: number }> {
    const action = `register a schema under subject \`${subject}\``;
    const data = await this.#library({ action, subject }, () =>
      this.#api.Subject.register({ subject, body: { schema } }),
    );
    if (!isRecord(data) || typeof data.id !== 'number') throw this.#badResponse(action, data);
    return { id: data.id };
  }

  /** The version and id under which a subject already holds this schema, or `undefined`. */
  async lookup(subject: string, schema: string): Promise<{ id: number; version: number } | undefined> {
    const action = `look up a schema under subject \`${subject}\``;
    try {
      const data = await this.#library({ action, subject }, () =>
        this.#api.Subject.registered({ subject, body: { schema } }),
      );
      if (!isRecord(data) || typeof data.id !== 'number' || typeof data.version !== 'number') {
        throw this.#badResponse(action, data);
      }
      return { id: data.id, version: data.version };
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'not-found') return undefined;
      throw error;
    }
  }

  /**
   * The registry's own verdict: may `schema` be registered under `subject`, given the subject's
   * level, checked against the latest version, one version, or all versions.
   */
  async testCompatibility(
    subject: string,
    schema: string,
    against: CompatibilityTarget = 'latest',
  ): Promise<boolean> {
    const action = `test a schema for compatibility with subject \`${subject}\``;
    const data =
      against === 'all'
        ? await this.#fetch(
            { action, subject },
            'POST',
            `/compatibility/subjects/${encodeURIComponent(subject)}/versions`,
            {
              body: { schema },
            },
          )
        : await this.#library({ action, subject }, () =>
            this.#api.Subject.compatible({ subject, version: against, body: { schema } }),
          );
    if (!isRecord(data) || typeof data.is_compatible !== 'boolean') throw this.#badResponse(action, data);
    return data.is_compatible;
  }

  /** Deletes a subject (soft, then hard when `permanent`). Returns the deleted versions. */
  async deleteSubject(subject: string, permanent = false): Promise<number[]> {
    const path = `/subjects/${encodeURIComponent(subject)}`;
    const operation = { action: `delete subject \`${subject}\``, subject };
    const data = await this.#fetch(operation, 'DELETE', path, { absentOn404: true });
    if (permanent) await this.#fetch(operation, 'DELETE', `${path}?permanent=true`, { absentOn404: true });
    return Array.isArray(data) ? data.map(Number) : [];
  }

  /** Runs one library call under the retry loop and the error mapping; returns the response body. */
  async #library(operation: Operation, call: () => Promise<LibraryResponse>): Promise<unknown> {
    return this.#attempt(operation, async () => {
      try {
        return (await call()).data();
      } catch (error) {
        throw new AttemptFailure(failureFromLibrary(error));
      }
    });
  }

  /** Runs one fetch call under the same loop and mapping; `absentOn404` turns 404 into `undefined`. */
  async #fetch(
    operation: Operation,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { body?: unknown; absentOn404?: boolean } = {},
  ): Promise<unknown> {
    const headers: Record<string, string> = {
      accept: 'application/vnd.schemaregistry.v1+json, application/json',
      'user-agent': 'kontract',
    };
    const auth = this.connection.auth;
    if (auth.kind === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    } else if (auth.kind === 'bearer') {
      headers.authorization = `Bearer ${auth.token}`;
    }
    if (options.body !== undefined) headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
    return this.#attempt(operation, async () => {
      let response: Response;
      try {
        response = await fetch(`${this.connection.url}${path}`, {
          method,
          headers,
          signal: AbortSignal.timeout(this.connection.timeoutMs),
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        });
      } catch (error) {
        throw new AttemptFailure(failureFromFetch(error));
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw new AttemptFailure(failureFromFetch(error));
      }
      const body = parseJson(text);
      if (response.ok) return body;
      if (response.status === 404 && options.absentOn404) return undefined;
      const failure: Failure = {
        kind: 'http',
        status: response.status,
        serverMessage: isRecord(body) && typeof body.message === 'string' ? body.message : text.slice(0, 200),
      };
      if (isRecord(body) && typeof body.error_code === 'number') failure.errorCode = body.error_code;
      throw new AttemptFailure(failure);
    });
  }

  async #attempt<T>(operation: Operation, call: () => Promise<T>): Promise<T> {
    try {
      return await retrying(call, { policy: this.connection.retry, isRetryable });
    } catch (error) {
      if (error instanceof RetriesExhausted && error.lastError instanceof AttemptFailure) {
        throw this.#explain(operation, error.lastError.failure, error.attempts);
      }
      if (error instanceof AttemptFailure) throw this.#explain(operation, error.failure, 1);
      throw error;
    }
  }

  /** Turns a failure into the `RegistryError` a person can act on, without secrets. */
  #explain(operation: Operation, failure: Failure, attempts: number): RegistryError {
    const at = `the schema registry at ${this.connection.shownUrl}`;
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    const clean = (text: string) => redactSecrets(text, this.connection.secrets);
    if (failure.kind === 'timeout') {
      return new RegistryError(
        'timeout',
        `could not ${operation.action}: ${at} did not answer within ${this.connection.timeoutMs} ms${tries}; it may be overloaded or hung (raise KONTRACT_REGISTRY_TIMEOUT_MS if it is just slow)`,
        { attempts },
      );
    }
    if (failure.kind === 'network') {
      return new RegistryError(
        'unreachable',
        `could not ${operation.action}: cannot reach ${at}${tries}: ${clean(failure.detail)}; is it running, and is the URL right?`,
        { attempts },
      );
    }
    const { status } = failure;
    const details = {
      status,
      attempts,
      ...(failure.errorCode !== undefined ? { errorCode: failure.errorCode } : {}),
    };
    const server = failure.serverMessage.trim() === '' ? '' : `: ${clean(failure.serverMessage.trim())}`;
    const auth = this.connection.auth;
    switch (true) {
      case status === 401:
        return new RegistryError(
          'unauthorized',
          auth.kind === 'none'
            ? `could not ${operation.action}: ${at} requires authentication (HTTP 401) and no credentials were given; set KONTRACT_REGISTRY_USERNAME and KONTRACT_REGISTRY_PASSWORD, or KONTRACT_REGISTRY_TOKEN`
            : `could not ${operation.action}: ${at} rejected the ${auth.kind === 'basic' ? 'username and password' : 'token'} (HTTP 401); check KONTRACT_REGISTRY_${auth.kind === 'basic' ? 'USERNAME and KONTRACT_REGISTRY_PASSWORD' : 'TOKEN'}`,
          details,
        );
      case status === 403:
        return new RegistryError(
          'forbidden',
          `could not ${operation.action}: ${at} accepted the credentials but does not allow this (HTTP 403)${server}; the account needs more rights`,
          details,
        );
      case status === 404:
        return new RegistryError(
          'not-found',
          `could not ${operation.action}: ${operation.notFound ?? 'not found'} in ${at} (HTTP 404)${server}`,
          details,
        );
      case status === 409:
        return new RegistryError(
          'conflict',
          `could not ${operation.action}: ${at} refused it as incompatible with the subject's compatibility level (HTTP 409)${server}`,
          details,
        );
      case status === 422 || status === 400:
        return new RegistryError(
          'invalid-schema',
          `could not ${operation.action}: ${at} refused the request as invalid (HTTP ${status})${server}`,
          details,
        );
      case status >= 500:
        return new RegistryError(
          'server-error',
          `could not ${operation.action}: ${at} failed with HTTP ${status}${tries}${server}`,
          details,
        );
      default:
        return new RegistryError(
          'bad-response',
          `could not ${operation.action}: ${at} answered HTTP ${status}${server}`,
          details,
        );
    }
  }

  #badResponse(action: string, data: unknown): RegistryError {
    const shown = redactSecrets(JSON.stringify(data) ?? String(data), this.connection.secrets).slice(0, 200);
    return new RegistryError(
      'bad-response',
      `could not ${action}: ${`the schema registry at ${this.connection.shownUrl}`} answered something that is not the Confluent API's shape: ${shown}`,
    );
  }
}
