import { describeError } from './errors.js';
import { sleep } from './deadline.js';
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
}

/**
 * Retries `fn` on retriable errors, with exponential backoff and full jitter, for as long as
 * `keepGoing` allows: an outage is waited out, never dead-lettered. Non-retriable errors are thrown at once.
 */
export async function retryForever<T>(fn: () => Promise<T>, opts: RetryForeverOptions): Promise<T> {
  const base = opts.baseDelayMs ?? 200;
  const max = opts.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const { retriable, code, message } = describeError(err);
      if (!retriable || !opts.keepGoing()) throw err;
      const delay = Math.round(Math.random() * Math.min(max, base * 2 ** Math.min(attempt, 16)));
      opts.logger.warn(`${opts.what} failed, retrying`, { attempt, code, error: message, delayMs: delay });
      await sleep(delay);
      await opts.between?.();
    }
  }
}
