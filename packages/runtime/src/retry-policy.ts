/**
 * How often and how patiently to retry. Delays grow exponentially from `baseDelayMs`, are capped at
 * `maxDelayMs`, and use FULL jitter: the delay before retry n is uniform in [0, min(max, base*2^(n-1))).
 * Full jitter spreads out clients that failed together, so they do not retry in lock-step
 * (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
export interface RetryPolicy {
  /** Total attempts including the first one; 1 means no retry, Infinity retries for as long as the error is retriable. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The backoff ceiling after failed attempt `attempt` (1-based). */
export function backoffCeilingMs(policy: RetryPolicy, attempt: number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.min(Math.max(0, attempt - 1), 52);
  return Math.min(policy.maxDelayMs, exponential);
}

/** The full-jitter delay after failed attempt `attempt`: uniform in [0, ceiling). */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeilingMs(policy, attempt));
}

export function validateRetryPolicy(policy: RetryPolicy): void {
  const ok =
    (Number.isInteger(policy.maxAttempts) || policy.maxAttempts === Infinity) &&
    policy.maxAttempts >= 1 &&
    policy.baseDelayMs >= 0 &&
    Number.isFinite(policy.maxDelayMs) &&
    policy.maxDelayMs >= policy.baseDelayMs;
  if (!ok) throw new RangeError(`invalid retry policy ${JSON.stringify(policy)}: need maxAttempts>=1 (or Infinity) and 0<=baseDelayMs<=maxDelayMs<Infinity`);
}
