import { retry, type RetryPolicy } from '@strand/runtime';
import { requestFailure } from './errors.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { HttpStatusError } from './http-status-error.js';
import { parseRetryAfter } from './retry-after.js';
import type { SharedRateLimiter } from './shared-rate-limiter.js';
import { timeoutSignal } from './timeout-signal.js';
import { upstreamInstruments } from './upstream-instruments.js';

/** What happened on one attempt: a response (any status) or an error, and how long it took. */
export interface AttemptReport {
  url: string;
  attempt: number;
  latencyMs: number;
  response?: Response;
  error?: unknown;
}

export interface FetchPolicy {
  /** Labels this service's metrics (strand.upstream.*), e.g. "ncbi" or "pubchem"; default the breaker's name, else the URL's host. */
  service?: string;
  /** Per attempt, covering headers AND body: the body stream aborts if it is still being read when the time is up. */
  timeoutMs: number;
  retry: RetryPolicy;
  breaker?: CircuitBreaker;
  /** Acquired before every attempt, retries included. */
  limiter?: SharedRateLimiter;
  /** Called after every attempt; read throttling headers here (e.g. X-Throttling-Control on 503s too). */
  onAttempt?: (report: AttemptReport) => void;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Stops waiting, retrying and any request in flight. `init.signal` is honoured too. */
  signal?: AbortSignal;
  /** Bytes of an error body kept in HttpStatusError.bodySnippet (default 300). */
  errorBodyBytes?: number;
}

/**
 * fetch() with a per-attempt timeout, rate limiting, a circuit breaker and retries with full-jitter
 * backoff (the one retry() of @strand/runtime). Network errors, timeouts, 408, 429 and 5xx are
 * retried (honouring Retry-After); other non-2xx statuses throw a non-retriable HttpStatusError at
 * once (AUTH_FAILED for 401 and 403). Resolves with a 2xx Response whose
 * body the caller must consume.
 */
export async function fetchWithPolicy(url: string, init: RequestInit, policy: FetchPolicy): Promise<Response> {
  return retry(
    async (attempt, signal) => {
      // An open circuit fails fast, without spending a rate-limit permit.
      policy.breaker?.check();
      await policy.limiter?.acquire({ signal });
      const once = (): Promise<Response> => fetchOnce(url, init, policy, attempt, signal);
      return policy.breaker ? policy.breaker.run(once) : once();
    },
    policy.retry,
    { signal: combineSignals(policy.signal, init.signal ?? undefined), onRetry: policy.onRetry },
  );
}

async function fetchOnce(url: string, init: RequestInit, policy: FetchPolicy, attempt: number, parent: AbortSignal): Promise<Response> {
  const signal = timeoutSignal(policy.timeoutMs, parent, `${init.method ?? 'GET'} ${url}`);
  const started = performance.now();
  const { requests, requestDuration } = upstreamInstruments();
  const service = policy.service ?? policy.breaker?.name ?? hostOf(url);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal });
  } catch (err) {
    const error = signal.aborted ? signal.reason : requestFailure(url, err);
    requests.add(1, { service, status: 'error' });
    policy.onAttempt?.({ url, attempt, latencyMs: performance.now() - started, error });
    throw error;
  }
  requests.add(1, { service, status: String(response.status) });
  requestDuration.record((performance.now() - started) / 1000, { service });
  policy.onAttempt?.({ url, attempt, latencyMs: performance.now() - started, response });
  if (response.ok) return response;
  throw new HttpStatusError({
    status: response.status,
    statusText: response.statusText,
    url,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    bodySnippet: await readSnippet(response, policy.errorBodyBytes ?? 300),
  });
}

function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return 'unknown'; }
}

function combineSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (a && b) return AbortSignal.any([a, b]);
  return a ?? b;
}

/** Reads (and so releases) an error body, keeping its first bytes; a body that fails mid-way yields what arrived. */
async function readSnippet(response: Response, maxBytes: number): Promise<string> {
  try {
    const text = await response.text();
    return text.length > maxBytes ? `${text.slice(0, maxBytes)}...` : text;
  } catch {
    return '';
  }
}
