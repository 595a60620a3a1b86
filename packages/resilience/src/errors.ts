import { StrandError } from '@strand/runtime';

/**
 * Errors raised by @strand/resilience: StrandErrors with one of the codes below, each saying
 * whether retrying can help (`retriable`).
 */
export const ResilienceErrorCodes = {
  CIRCUIT_OPEN: 'CIRCUIT_OPEN',
  HTTP_STATUS: 'HTTP_STATUS',
  NETWORK: 'NETWORK',
  TIMEOUT: 'TIMEOUT',
  RATE_LIMIT_WAIT_EXCEEDED: 'RATE_LIMIT_WAIT_EXCEEDED',
  REDIS_UNREACHABLE: 'REDIS_UNREACHABLE',
} as const;

export type ResilienceErrorCode = (typeof ResilienceErrorCodes)[keyof typeof ResilienceErrorCodes];

export class ResilienceError extends StrandError {
  declare readonly code: ResilienceErrorCode;

  constructor(code: ResilienceErrorCode, message: string, options: { retriable: boolean; cause?: unknown }) {
    super(code, message, options);
    this.name = 'ResilienceError';
  }
}

/** A request (or a wait) took longer than its deadline. Retriable: the next attempt may be faster. */
export class TimeoutError extends ResilienceError {
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super(ResilienceErrorCodes.TIMEOUT, `${what} timed out after ${timeoutMs} ms`, { retriable: true });
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The connection failed (refused, reset, DNS...) before a complete response arrived. */
export class NetworkError extends ResilienceError {
  readonly url: string;
  constructor(url: string, cause: unknown) {
    const reason = cause instanceof Error ? (describeCause(cause) ?? cause.message) : String(cause);
    super(ResilienceErrorCodes.NETWORK, `request to ${url} failed: ${reason}`, { retriable: true, cause });
    this.name = 'NetworkError';
    this.url = url;
  }
}

/** undici hides the socket error under `cause`; surface it in the message. */
function describeCause(err: Error): string | undefined {
  const cause = (err as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${err.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return undefined;
}

/** `acquire()` would have had to wait longer than its `maxWaitMs`. */
export class RateLimitWaitError extends ResilienceError {
  readonly key: string;
  readonly waitMs: number;
  constructor(key: string, maxWaitMs: number, waitMs: number) {
    super(
      ResilienceErrorCodes.RATE_LIMIT_WAIT_EXCEEDED,
      `rate limiter "${key}": no permit within maxWaitMs=${maxWaitMs} (next permit in ${Math.ceil(waitMs)} ms)`,
      { retriable: true },
    );
    this.name = 'RateLimitWaitError';
    this.key = key;
    this.waitMs = waitMs;
  }
}
