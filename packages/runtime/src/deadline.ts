import { StrandError } from './errors.js';
import type { RetriableErrorCode } from './error-codes.js';

/**
 * Runs `work` and fails with a StrandError of `code` naming `what` if it has not settled within `ms`.
 * The code must be a retriable one (e.g. KAFKA_UNREACHABLE): no answer yet is an outage, not poison.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, code: RetriableErrorCode, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StrandError(code, `${what}: no answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

