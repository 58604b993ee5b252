/**
 * Bounded retries with exponential backoff and full jitter, for registry calls that fail in a way a
 * second attempt can fix (5xx, a refused or reset connection, a timeout). The delay before retry n
 * (1-based) is a uniformly random time in `[0, min(maxDelayMs, initialDelayMs * multiplier^(n-1))]`:
 * "full jitter", so that many clients failing together do not retry in lockstep.
 */

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** Attempts in all, the first one included; 1 means no retry. */
  attempts: number;
  /** Upper bound of the first delay, in milliseconds. */
  initialDelayMs: number;
  /** Upper bound of any delay, in milliseconds. */
  maxDelayMs: number;
  /** Growth of the bound from one retry to the next. */
  multiplier: number;
}

/** Three attempts, delays bounded by 200 ms, 400 ms: a registry restart or a blip, not an outage. */
export const defaultRetryPolicy: RetryPolicy = {
  attempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 2_000,
  multiplier: 2,
};

/** The delay before retry `retry` (1-based), given a random number in `[0, 1)`. Pure. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: number): number {
  const bound = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.multiplier ** Math.max(0, retry - 1),
  );
  return Math.floor(random * bound);
}

/** What `retrying` needs besides the call: which failures to retry, and (for tests) time and chance. */
export interface RetryOptions {
  policy: RetryPolicy;
  /** True when another attempt may succeed. */
  isRetryable(error: unknown): boolean;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The error of the last attempt, with the number of attempts made. */
export class RetriesExhausted extends Error {
  readonly attempts: number;
  readonly lastError: unknown;
  constructor(lastError: unknown, attempts: number) {
    super(lastError instanceof Error ? lastError.message : String(lastError));
    this.name = 'RetriesExhausted';
    this.attempts = attempts;
    this.lastError = lastError;
  }
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, fails with an error that is not retryable (rethrown as it is), or
 * has used `policy.attempts` attempts (then `RetriesExhausted` carries the last error).
 */
export async function retrying<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const attempts = Math.max(1, Math.floor(options.policy.attempts));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!options.isRetryable(error)) throw error;
      if (attempt >= attempts) throw new RetriesExhausted(error, attempt);
      await sleep(backoffDelay(attempt, options.policy, random()));
    }
  }
}
