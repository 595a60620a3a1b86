import { describeError } from './errors.js';
import { retry } from './retry.js';
import type { Logger } from './logger.js';

export interface RetryForeverOptions {
  what: string;
  logger: Logger;
  /** Stop retrying (and rethrow) once this says false, e.g. the consumer is stopping or lost the partition. */
  keepGoing: () => boolean;
  /** Called between attempts, e.g. a consumer heartbeat. */
  between?: () => Promise<void>;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Told of every retry with the error's code (e.g. to count it in a metric). */
  retries?: (code: string) => void;
}

/**
 * Retries `fn` on retriable errors for as long as `keepGoing` allows: an outage is waited out,
 * never dead-lettered. Non-retriable (and fatal) errors are thrown at once. Each retry is logged
 * at warn with the error's code. retry() with maxAttempts Infinity.
 */
export async function retryForever<T>(fn: () => Promise<T>, opts: RetryForeverOptions): Promise<T> {
  return retry(() => fn(), { maxAttempts: Infinity, baseDelayMs: opts.baseDelayMs ?? 200, maxDelayMs: opts.maxDelayMs ?? 10_000 }, {
    keepGoing: opts.keepGoing,
    between: opts.between,
    onRetry: (err, attempt, delayMs) => {
      const { code, message } = describeError(err);
      opts.retries?.(code);
      opts.logger.warn(`${opts.what} failed, retrying`, { attempt, code, error: message, delayMs });
    },
  });
}
