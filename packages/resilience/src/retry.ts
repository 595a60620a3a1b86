import { backoffDelayMs, validateRetryPolicy } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import { sleep as abortableSleep } from './sleep.js';

export interface RetryOptions {
  /** Which errors are worth another attempt. Default: errors whose `retriable` property is true. */
  isRetriable?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Stops waiting and retrying; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Injected in tests to count delays without waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /**
   * A delay the server asked for (Retry-After, a breaker's probe time). Default: the error's numeric
   * `retryAfterMs`. The actual delay is the larger of this and the jittered backoff.
   */
  retryAfterMs?: (err: unknown) => number | null;
}

export function isRetriableError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}

function errorRetryAfterMs(err: unknown): number | null {
  const value = typeof err === 'object' && err !== null ? (err as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * Calls `fn` until it resolves, a non-retriable error occurs, or `policy.maxAttempts` attempts have
 * failed. Gives up by rethrowing the LAST error unchanged, so its code and `retriable` flag reach the
 * caller (a retriable error that outlived its retries is still an outage, not a poison record).
 */
export async function retry<T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
  opts: RetryOptions = {},
): Promise<T> {
  validateRetryPolicy(policy);
  const isRetriable = opts.isRetriable ?? isRetriableError;
  const wait = opts.sleep ?? abortableSleep;
  const retryAfter = opts.retryAfterMs ?? errorRetryAfterMs;
  const signal = opts.signal ?? new AbortController().signal;

  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted();
    try {
      return await fn(attempt, signal);
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      if (attempt >= policy.maxAttempts || !isRetriable(err)) throw err;
      const delayMs = Math.max(backoffDelayMs(policy, attempt, opts.random), retryAfter(err) ?? 0);
      opts.onRetry?.(err, attempt, delayMs);
      await wait(delayMs, signal);
    }
  }
}
