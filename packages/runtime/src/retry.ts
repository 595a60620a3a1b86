import { isRetriable } from './errors.js';
import { backoffDelayMs, validateRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { sleep as abortableSleep } from './sleep.js';

export interface RetryOptions {
  /** Stops waiting and retrying: the promise rejects with the signal's reason. Also handed to `fn`. */
  signal?: AbortSignal;
  /** Asked after a retriable failure and again after the wait; false rethrows that failure (e.g. stopping, partition lost). */
  keepGoing?: () => boolean;
  /** Awaited after each wait, before the next attempt (e.g. a consumer heartbeat). */
  between?: () => Promise<void>;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /**
   * A delay the other side asked for (Retry-After, a breaker's probe time). Default: the error's
   * numeric `retryAfterMs`. The actual delay is the larger of this and the jittered backoff.
   */
  retryAfterMs?: (err: unknown) => number | null;
  /** Which errors are worth another attempt. Default: isRetriable (the code's declaration, see classifyError). */
  isRetriable?: (err: unknown) => boolean;
  /** Injected in tests to record delays instead of waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

function errorRetryAfterMs(err: unknown): number | null {
  const value = typeof err === 'object' && err !== null ? (err as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

const never = new AbortController().signal;

/**
 * The one retry loop. Calls `fn` until it resolves; after a retriable failure waits a full-jitter
 * backoff (at least the error's Retry-After) and tries again, up to `policy.maxAttempts` attempts
 * (Infinity: for as long as `keepGoing` allows). Gives up by rethrowing the LAST error unchanged,
 * so its code reaches the caller (a retriable error that outlived its retries is still an outage,
 * not a poison record); a non-retriable error is rethrown at once; an abort rejects with the
 * signal's reason.
 */
export async function retry<T>(fn: (attempt: number, signal: AbortSignal) => Promise<T>, policy: RetryPolicy, options: RetryOptions = {}): Promise<T> {
  validateRetryPolicy(policy);
  const retriable = options.isRetriable ?? isRetriable;
  const wait = options.sleep ?? abortableSleep;
  const retryAfter = options.retryAfterMs ?? errorRetryAfterMs;
  const keepGoing = options.keepGoing ?? (() => true);
  const signal = options.signal ?? never;

  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted();
    try {
      return await fn(attempt, signal);
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      if (attempt >= policy.maxAttempts || !retriable(err) || !keepGoing()) throw err;
      const delayMs = Math.max(backoffDelayMs(policy, attempt, options.random), retryAfter(err) ?? 0);
      options.onRetry?.(err, attempt, delayMs);
      await wait(delayMs, signal);
      if (!keepGoing()) throw err;
      await options.between?.();
    }
  }
}
