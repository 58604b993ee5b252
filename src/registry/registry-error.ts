/**
 * The one error the schema-registry adapter throws: a code the CLI maps to exit 2, and a message
 * that says what went wrong and what to do, with every secret removed. Credentials never reach a
 * message: URLs are shown without their userinfo, and known secret values are masked wherever a
 * server or a library echoes them back.
 */

/** Why a registry call failed. Each code has its own message; the CLI exits 2 for all of them. */
export type RegistryErrorCode =
  /** No credentials, or credentials the registry rejects (HTTP 401). */
  | 'unauthorized'
  /** Authenticated, but not allowed to do this (HTTP 403). */
  | 'forbidden'
  /** Unknown subject, version or schema id (HTTP 404). */
  | 'not-found'
  /** The registry refused a registration as incompatible with the subject's mode (HTTP 409). */
  | 'conflict'
  /** The registry refused the schema or the request body (HTTP 422, or 400 from the server). */
  | 'invalid-schema'
  /** Nothing answers at the address: connection refused, unknown host, reset (after the retries). */
  | 'unreachable'
  /** The registry accepted the connection but did not answer in time (after the retries). */
  | 'timeout'
  /** The registry kept answering 5xx (after the retries). */
  | 'server-error'
  /** The registry answered something that is not the Confluent API's shape. */
  | 'bad-response'
  /** The registry settings are unusable (no URL, a URL that does not parse, a bad option). */
  | 'config';

/** A failed registry call, already explained. `message` is safe to print. */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  /** HTTP status, when the registry answered. */
  readonly status: number | undefined;
  /** The Confluent `error_code` of the answer (40401, 42201...), when there was one. */
  readonly errorCode: number | undefined;
  /** Attempts made, retries included. */
  readonly attempts: number;

  constructor(
    code: RegistryErrorCode,
    message: string,
    details: { status?: number; errorCode?: number; attempts?: number } = {},
  ) {
    super(message);
    this.name = 'RegistryError';
    this.code = code;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.attempts = details.attempts ?? 1;
  }
}

/**
 * A URL as it may be shown: without username and password, query and fragment (a token can hide in a
 * query string). Text that does not parse as a URL is shown as `<registry URL>`, never as written.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<registry URL>';
  }
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/$/, '');
}

/**
 * Replaces every occurrence of each secret (and of its URL-encoded form) in a text by a mask (`***`,
 * or other characters when a secret uses `*`), and drops
 * any URL userinfo left. Short secrets are masked too: a wrong password of one letter is still a
 * password. Callers add derived forms (the base64 of a basic-auth pair) to `secrets` themselves.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  // The mask must share no character with any secret: `X*` masked with `***` next to an `X` would
  // spell `X*` again. `***` unless a secret uses `*`; then a mask of other characters; else nothing.
  const used = [...forms].join('');
  const mask =
    ['***', '•••', '[redacted]', '###'].find((candidate) => ![...candidate].some((c) => used.includes(c))) ??
    '';
  // Longest first, so that a secret containing another one is masked whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    result = result.split(form).join(mask);
  }
  // Any URL userinfo left in the text (`https://user:pass@host`) goes too.
  return result.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');
}
