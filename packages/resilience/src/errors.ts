import { StrandError, dependencyErrorCode } from '@strand/runtime';

/**
 * Errors raised by @strand/resilience: StrandErrors with one of the codes below. Whether each is
 * retriable comes from the code's declaration in @strand/runtime's catalogue.
 */
export const ResilienceErrorCodes = {
  CIRCUIT_OPEN: 'CIRCUIT_OPEN',
  HTTP_STATUS: 'HTTP_STATUS',
  HTTP_UNAVAILABLE: 'HTTP_UNAVAILABLE',
  AUTH_FAILED: 'AUTH_FAILED',
  NETWORK: 'NETWORK',
  TIMEOUT: 'TIMEOUT',
  RATE_LIMIT_WAIT_EXCEEDED: 'RATE_LIMIT_WAIT_EXCEEDED',
  REDIS_UNREACHABLE: 'REDIS_UNREACHABLE',
} as const;

export type ResilienceErrorCode = (typeof ResilienceErrorCodes)[keyof typeof ResilienceErrorCodes];

export class ResilienceError extends StrandError<ResilienceErrorCode> {
  declare readonly code: ResilienceErrorCode;

  constructor(code: ResilienceErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'ResilienceError';
  }
}

/** A request (or a wait) took longer than its deadline. Retriable: the next attempt may be faster. */
export class TimeoutError extends ResilienceError {
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super(ResilienceErrorCodes.TIMEOUT, `${what} timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The connection failed (refused, reset, DNS...) before a complete response arrived. */
export class NetworkError extends ResilienceError {
  readonly url: string;
  constructor(url: string, cause: unknown) {
    super(ResilienceErrorCodes.NETWORK, `request to ${url} failed: ${describeFailure(cause)}`, { cause });
    this.name = 'NetworkError';
    this.url = url;
  }
}

/** undici hides the socket error under `cause`; surface it in the message. */
function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${err.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return err.message;
}

/**
 * What fetch() rejecting means: a NetworkError (retriable) when the socket failed, else (an
 * invalid URL, a refused TLS certificate...) a StrandError of the failure's own code, not retried.
 */
export function requestFailure(url: string, err: unknown): StrandError {
  const code = dependencyErrorCode(err, 'NETWORK');
  if (code === 'NETWORK') return new NetworkError(url, err);
  return new StrandError(code, `request to ${url} failed: ${describeFailure(err)}`, { cause: err });
}

/** `acquire()` would have had to wait longer than its `maxWaitMs`. */
export class RateLimitWaitError extends ResilienceError {
  readonly key: string;
  readonly waitMs: number;
  constructor(key: string, maxWaitMs: number, waitMs: number) {
    super(
      ResilienceErrorCodes.RATE_LIMIT_WAIT_EXCEEDED,
      `rate limiter "${key}": no permit within maxWaitMs=${maxWaitMs} (next permit in ${Math.ceil(waitMs)} ms)`,
    );
    this.name = 'RateLimitWaitError';
    this.key = key;
    this.waitMs = waitMs;
  }
}
