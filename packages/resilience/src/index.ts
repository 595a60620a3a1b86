export { AdaptiveBatchSizer } from './adaptive-batch-sizer.js';
export type { AdaptiveBatchSizerOptions } from './adaptive-batch-sizer.js';
export { CircuitBreaker, CircuitOpenError } from './circuit-breaker.js';
export type { CircuitBreakerOptions, CircuitState, StateChangeListener } from './circuit-breaker.js';
export { NetworkError, RateLimitWaitError, ResilienceError, ResilienceErrorCodes, TimeoutError, requestFailure } from './errors.js';
export type { ResilienceErrorCode } from './errors.js';
export { fetchWithPolicy } from './fetch-with-policy.js';
export type { AttemptReport, FetchPolicy } from './fetch-with-policy.js';
export { HttpStatusError } from './http-status-error.js';
export { LuaScript } from './lua-script.js';
export { parseRetryAfter } from './retry-after.js';
// The one retry, backoff and sleep live in @strand/runtime; re-exported for existing callers.
export { retry, sleep, backoffCeilingMs, backoffDelayMs, validateRetryPolicy, isRetriableStatus, isRetriable as isRetriableError } from '@strand/runtime';
export type { RetryOptions, RetryPolicy } from '@strand/runtime';
export { MIN_SLOWDOWN, SharedRateLimiter } from './shared-rate-limiter.js';
export type { AcquireOptions, RateWindow, SharedRateLimiterOptions } from './shared-rate-limiter.js';
export { timeoutSignal } from './timeout-signal.js';
