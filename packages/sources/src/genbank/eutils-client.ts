import { Readable } from 'node:stream';
import { boundedBody, DEFAULT_DOWNLOAD_LIMITS } from '../download/download-limits.js';
import type { Redis } from 'ioredis';
import { CircuitBreaker, SharedRateLimiter, fetchWithPolicy, observeBreaker, observeLimiter, type FetchPolicy, type RetryPolicy } from '@strand/resilience';
import { StrandError } from '@strand/runtime';

/** NCBI's published limits: 3 requests/s without an API key, 10 with one. */
export const eutilsRatePerSecond = (apiKey: string) => (apiKey ? 10 : 3);
/** Ids per efetch request (NCBI's rule of thumb for GET). */
export const efetchMaxIds = 200;

export interface EutilsClientOptions {
  baseUrl: string;
  apiKey: string;
  redis: Redis;
  /** Redis key prefix of the shared budget (STRAND_RATE_LIMIT_KEY). */
  budgetKey: string;
  retry?: RetryPolicy;
  timeoutMs?: number;
  breaker?: CircuitBreaker;
  db?: string;
  /** Most bytes of one efetch answer (STRAND_FETCH_MAX_DOWNLOAD_BYTES; default 8 GiB): more is refused as INPUT_TOO_LARGE. */
  maxAnswerBytes?: number;
}

/**
 * esearch and efetch with NCBI's rate limit shared by every fetcher instance (a sliding window in
 * Redis), retries with exponential backoff and jitter on 429/5xx/timeouts/resets, and a circuit
 * breaker that opens after repeated failures and lets one probe through before closing.
 */
export class EutilsClient {
  readonly breaker: CircuitBreaker;
  private readonly policy: FetchPolicy;
  private readonly db: string;

  constructor(private readonly opts: EutilsClientOptions) {
    this.db = opts.db ?? 'nuccore';
    this.breaker = opts.breaker ?? new CircuitBreaker({ name: 'ncbi-eutils', failureThreshold: 5, openMs: 10_000 });
    const limiter = new SharedRateLimiter(opts.redis, { key: `${opts.budgetKey}:ncbi:eutils:${opts.apiKey ? 'key' : 'nokey'}`, // 1100 ms, not 1000: grants are timed on Redis's clock, arrivals on NCBI's; the margin absorbs network jitter.
      windows: [{ limit: eutilsRatePerSecond(opts.apiKey), perMs: 1100 }] });
    observeBreaker(this.breaker, 'ncbi');
    observeLimiter(limiter, 'ncbi');
    this.policy = { service: 'ncbi', timeoutMs: opts.timeoutMs ?? 60_000, retry: opts.retry ?? { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 20_000 }, breaker: this.breaker, limiter };
  }

  /** The URL carries the API key (api_key=...): every message, log line and dead letter naming it is redacted (@strand/runtime redact). */
  private url(tool: string, params: Record<string, string>): string {
    const q = new URLSearchParams({ db: this.db, ...params, tool: 'strand' });
    if (this.opts.apiKey) q.set('api_key', this.opts.apiKey);
    return `${this.opts.baseUrl}/${tool}?${q}`;
  }

  /** All accession.version ids matching `term`, page by page. */
  async search(term: string, pageSize = 5000): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; ; start += pageSize) {
      const res = await fetchWithPolicy(this.url('esearch.fcgi', { term, retmode: 'json', idtype: 'acc', retmax: String(pageSize), retstart: String(start) }), {}, this.policy);
      const body = (await res.json()) as { esearchresult?: { count?: string; idlist?: string[]; ERROR?: string } };
      const result = body.esearchresult;
      if (!result || result.ERROR) throw new StrandError('UPSTREAM_ERROR', `esearch "${term}": ${result?.ERROR ?? 'no esearchresult in the answer'}`);
      ids.push(...(result.idlist ?? []));
      if (start + pageSize >= Number(result.count ?? 0) || (result.idlist ?? []).length === 0) return ids;
    }
  }

  /** GenBank flat-file text for up to 200 ids, as a stream. */
  async fetchGenbank(ids: string[], signal?: AbortSignal): Promise<Readable> {
    if (ids.length === 0 || ids.length > efetchMaxIds) throw new StrandError('INPUT_INVALID', `efetch takes 1 to ${efetchMaxIds} ids per request, got ${ids.length}`);
    const res = await fetchWithPolicy(this.url('efetch.fcgi', { id: ids.join(','), rettype: 'gb', retmode: 'text' }), {}, signal ? { ...this.policy, signal } : this.policy);
    // Named without the URL, which carries the API key; bounded like every download (announced and received).
    return Readable.from(await boundedBody(res, `efetch of ${ids.length} ids (${ids[0]}...)`, { maxBytes: this.opts.maxAnswerBytes ?? DEFAULT_DOWNLOAD_LIMITS.maxBytes }));
  }
}
