import type { Counter, Histogram } from '@opentelemetry/api';
import { meter } from '@strand/runtime';
import type { CircuitBreaker, CircuitState } from './circuit-breaker.js';
import type { SharedRateLimiter } from './shared-rate-limiter.js';

/** Circuit states as gauge values, in order of trouble. */
export const CIRCUIT_STATE_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Metrics about upstream services (NCBI, PubChem): requests, answers, budgets, circuits, caches. */
export interface UpstreamInstruments {
  /** Attempts, by service and HTTP status (`error` when no answer came: refused, reset, timed out). */
  requests: Counter;
  requestDuration: Histogram;
  /** Per-item cache lookups, by service and result (hit, miss). */
  cacheLookups: Counter;
  breakers: Set<{ breaker: CircuitBreaker; service: string }>;
  limiters: Set<{ limiter: SharedRateLimiter; service: string }>;
}

let instruments: UpstreamInstruments | undefined;

/** Created once per process on first use (after the SDK has started). */
export function upstreamInstruments(): UpstreamInstruments {
  if (instruments) return instruments;
  const m = meter();
  const breakers = new Set<{ breaker: CircuitBreaker; service: string }>();
  const limiters = new Set<{ limiter: SharedRateLimiter; service: string }>();
  m.createObservableGauge('strand.upstream.circuit.state', { description: 'Circuit breaker state per upstream service: 0 closed, 1 half-open (probing), 2 open (failing fast)' })
    .addCallback((result) => { for (const { breaker, service } of breakers) result.observe(CIRCUIT_STATE_VALUE[breaker.state], { service, circuit: breaker.name }); });
  m.createObservableGauge('strand.upstream.budget', { unit: '{request}/s', description: 'Requests per second this process may send to the service under the shared budget (its tightest window, times the current slowdown)' })
    .addCallback((result) => { for (const { limiter, service } of limiters) result.observe(limiter.ratePerSecond(), { service }); });
  instruments = {
    requests: m.createCounter('strand.upstream.requests', { description: 'Requests sent to an upstream service, by HTTP status of the answer (error: none came)' }),
    requestDuration: m.createHistogram('strand.upstream.request.duration', { unit: 's', description: 'Time of one upstream request until its headers, in seconds', advice: { explicitBucketBoundaries: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] } }),
    cacheLookups: m.createCounter('strand.upstream.cache.lookups', { description: 'Per-item cache lookups before asking the upstream service (e.g. PubChem CIDs), by result: hit or miss' }),
    breakers,
    limiters,
  };
  return instruments;
}

/** Reports a circuit breaker's state as strand.upstream.circuit.state{service}. */
export function observeBreaker(breaker: CircuitBreaker, service: string): void {
  upstreamInstruments().breakers.add({ breaker, service });
}

/** Reports a shared rate limiter's allowed rate as strand.upstream.budget{service}. */
export function observeLimiter(limiter: SharedRateLimiter, service: string): void {
  upstreamInstruments().limiters.add({ limiter, service });
}
