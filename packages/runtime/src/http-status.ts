import type { ErrorCode, RetriableErrorCode } from './error-codes.js';

/** 408 Request Timeout, 429 Too Many Requests and every 5xx are worth another attempt. */
export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The code for a non-2xx HTTP status: AUTH_FAILED for 401 and 403 (our credentials or permissions
 * were refused; retrying cannot help), `unavailable` for 408, 429 and 5xx, `rejected` for the rest.
 */
export function httpStatusErrorCode<U extends RetriableErrorCode, R extends ErrorCode>(status: number, codes: { unavailable: U; rejected: R }): 'AUTH_FAILED' | U | R {
  if (status === 401 || status === 403) return 'AUTH_FAILED';
  return isRetriableStatus(status) ? codes.unavailable : codes.rejected;
}
