import type { Redis } from 'ioredis';
import {
  AdaptiveBatchSizer, CircuitBreaker, HttpStatusError, SharedRateLimiter, fetchWithPolicy, observeBreaker, observeLimiter, retry,
  type AdaptiveBatchSizerOptions, type AttemptReport, type FetchPolicy, type RetryPolicy,
} from '@strand/resilience';
import { decodeUtf8Strict, describeUtf8Problem } from '@strand/input';
import { parseThrottlingControl } from '@strand/pubchem';
import { StrandError, type Logger } from '@strand/runtime';
import type { PubchemPayloadFormat } from '@strand/pipeline';
import { batchUrl, nameToCidsUrl, smilesToCidsUrl } from './pug-rest-urls.js';
import { splitPayload } from './split-payload.js';
import { throttleReaction } from './throttle-reaction.js';
import { recordThrottling } from './throttling-metrics.js';
import { decodeSdfRecords } from './sdf-records-utf8.js';
import { boundedBody } from '../download/download-limits.js';

/** PubChem's published limits: 5 requests/s and 400/min per user; each call may run 30 s. */
export const PUBCHEM_PER_SECOND = 5;
export const PUBCHEM_PER_MINUTE = 400;
export const PUBCHEM_TIMEOUT_MS = 30_000;

export interface PugRestClientOptions {
  baseUrl: string;
  redis: Redis;
  /** Every client with this key shares one budget (all fetcher instances of a deployment). */
  limiterKey: string;
  /** Per attempt, headers and body (default 30 s, PubChem's own limit). */
  timeoutMs?: number;
  retry?: RetryPolicy;
  breaker?: CircuitBreaker;
  /**
   * Window lengths of the 5/s and 400/min limits. Grants are timed on Redis's clock and requests
   * arrive at PubChem a little later, so the windows carry a margin (default 1100 ms and 61 s).
   */
  perSecondWindowMs?: number;
  perMinuteWindowMs?: number;
  /** How long every instance pauses when PubChem reports Black (blocked). */
  blackPauseMs?: number;
  /** Bounds of the adaptive batch size per payload format. */
  batch?: Partial<Record<PubchemPayloadFormat, AdaptiveBatchSizerOptions>>;
  logger?: Logger;
  signal?: AbortSignal;
  /** Most bytes of one answer, which is held in memory (STRAND_PUBCHEM_MAX_JSON_BYTES; default 256 MiB): more is refused as INPUT_TOO_LARGE. */
  maxAnswerBytes?: number;
}

export interface BatchResult {
  url: string;
  /** One self-contained payload per CID found. */
  payloads: Map<number, string>;
  /** Requested CIDs PubChem does not know (404 PUGREST.NotFound, or absent from the answer). */
  notFound: number[];
  /** CIDs whose record in the answer was refused (e.g. an SD record that is not UTF-8), with why. */
  refused: Map<number, StrandError>;
}

/** Counters for tests, logs and the benchmark. */
export interface PugRestClientStats {
  attempts: number;
  throttled: number;
  timeouts: number;
  status: Record<number, number>;
  missingHeader: number;
}

const DEFAULT_BATCH: Record<PubchemPayloadFormat, AdaptiveBatchSizerOptions> = {
  'property-table': { min: 1, max: 200, initial: 20, fastMs: 2_000 },
  json: { min: 1, max: 50, initial: 10, fastMs: 3_000 },
  sdf: { min: 1, max: 100, initial: 10, fastMs: 3_000 },
};

/**
 * PUG REST for the fetcher: batches of CIDs by POST, with the shared Redis rate limit (5/s and
 * 400/min across all instances), retries with backoff and full jitter, a circuit breaker, a
 * per-attempt timeout, an adaptive batch size per format, and X-Throttling-Control honoured on
 * every answer (503s included): Yellow/Red slow this instance, Black pauses all instances.
 */
export class PugRestClient {
  readonly breaker: CircuitBreaker;
  readonly limiter: SharedRateLimiter;
  readonly sizers: Record<PubchemPayloadFormat, AdaptiveBatchSizer>;
  readonly stats: PugRestClientStats = { attempts: 0, throttled: 0, timeouts: 0, status: {}, missingHeader: 0 };
  private readonly policy: FetchPolicy;
  private readonly retryPolicy: RetryPolicy;

  constructor(private readonly opts: PugRestClientOptions) {
    this.breaker = opts.breaker ?? new CircuitBreaker({ name: 'pubchem', failureThreshold: 5, openMs: 15_000 });
    this.limiter = new SharedRateLimiter(opts.redis, {
      key: opts.limiterKey,
      windows: [
        { limit: PUBCHEM_PER_SECOND, perMs: opts.perSecondWindowMs ?? 1100 },
        { limit: PUBCHEM_PER_MINUTE, perMs: opts.perMinuteWindowMs ?? 61_000 },
      ],
    });
    this.sizers = {
      'property-table': new AdaptiveBatchSizer({ ...DEFAULT_BATCH['property-table'], ...opts.batch?.['property-table'] }),
      json: new AdaptiveBatchSizer({ ...DEFAULT_BATCH.json, ...opts.batch?.json }),
      sdf: new AdaptiveBatchSizer({ ...DEFAULT_BATCH.sdf, ...opts.batch?.sdf }),
    };
    observeBreaker(this.breaker, 'pubchem');
    observeLimiter(this.limiter, 'pubchem');
    this.retryPolicy = opts.retry ?? { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };
    // One attempt per fetchWithPolicy call: the retry loop below also covers reading the body.
    this.policy = {
      timeoutMs: opts.timeoutMs ?? PUBCHEM_TIMEOUT_MS,
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      service: 'pubchem',
      breaker: this.breaker,
      limiter: this.limiter,
      onAttempt: (report) => this.observe(report),
      ...(opts.signal ? { signal: opts.signal } : {}),
    };
  }

  /** Fetches one batch of CIDs in one POST; unknown CIDs are listed, not thrown. */
  async fetchBatch(format: PubchemPayloadFormat, cids: number[], signal?: AbortSignal): Promise<BatchResult> {
    const url = batchUrl(this.opts.baseUrl, format);
    const sizer = this.sizers[format];
    try {
      const { payloads, refused } = await this.withRetries(async () => {
        const started = performance.now();
        const form = new URLSearchParams({ cid: cids.join(',') });
        // An SD answer is checked record by record: a compound with a bad byte is refused alone.
        const answer = format === 'sdf' ? decodeSdfRecords(await this.postBytes(url, form, signal), url) : { text: await this.post(url, form, signal), refused: new Map<number, StrandError>() };
        const split = splitPayload(format, answer.text, url);
        sizer.onSuccess(performance.now() - started);
        return { payloads: split, refused: answer.refused };
      }, `POST ${url} (${cids.length} CIDs)`, signal);
      return { url, payloads, refused, notFound: cids.filter((cid) => !payloads.has(cid) && !refused.has(cid)) };
    } catch (err) {
      if (err instanceof HttpStatusError && err.status === 404) return { url, payloads: new Map(), refused: new Map(), notFound: [...cids] };
      throw err;
    }
  }

  /** CIDs PubChem finds for a name; [] when it knows none (404). */
  async cidsForName(name: string, signal?: AbortSignal): Promise<number[]> {
    const url = nameToCidsUrl(this.opts.baseUrl, name);
    return this.identifierList(url, undefined, signal);
  }

  /** CIDs for a SMILES; PubChem answers an unknown but valid SMILES with CID 0, which means none. */
  async cidsForSmiles(smiles: string, signal?: AbortSignal): Promise<number[]> {
    const url = smilesToCidsUrl(this.opts.baseUrl);
    return (await this.identifierList(url, new URLSearchParams({ smiles }), signal)).filter((cid) => cid > 0);
  }

  private async identifierList(url: string, form: URLSearchParams | undefined, signal?: AbortSignal): Promise<number[]> {
    try {
      return await this.withRetries(async () => {
        const text = form ? await this.post(url, form, signal) : await this.get(url, signal);
        let list: unknown;
        try {
          list = (JSON.parse(text) as { IdentifierList?: { CID?: unknown } }).IdentifierList?.CID;
        } catch (err) {
          throw new StrandError('PUBCHEM_BAD_ANSWER', `${url}: unreadable JSON answer (${(err as Error).message})`, { cause: err });
        }
        if (!Array.isArray(list)) throw new StrandError('PUBCHEM_BAD_ANSWER', `${url}: answer has no IdentifierList.CID`);
        return list.map(Number).filter((cid) => Number.isSafeInteger(cid));
      }, `${form ? 'POST' : 'GET'} ${url}`, signal);
    } catch (err) {
      if (err instanceof HttpStatusError && err.status === 404) return [];
      throw err;
    }
  }

  /** The client's own signal (stopping) combined with a call's (the partition was lost). */
  private signalFor(signal: AbortSignal | undefined): AbortSignal | undefined {
    if (!signal) return this.opts.signal;
    return this.opts.signal ? AbortSignal.any([this.opts.signal, signal]) : signal;
  }

  private withRetries<T>(fn: () => Promise<T>, what: string, signal?: AbortSignal): Promise<T> {
    const combined = this.signalFor(signal);
    return retry(fn, this.retryPolicy, {
      ...(combined ? { signal: combined } : {}),
      onRetry: (err, attempt, delayMs) => {
        this.opts.logger?.warn('PubChem request failed, retrying', { what, attempt, delayMs, error: (err as Error).message });
      },
    });
  }

  private post(url: string, form: URLSearchParams, signal?: AbortSignal): Promise<string> {
    return this.request(url, { method: 'POST', body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, signal);
  }

  private postBytes(url: string, form: URLSearchParams, signal?: AbortSignal): Promise<Uint8Array> {
    return this.requestBytes(url, { method: 'POST', body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, signal);
  }

  private get(url: string, signal?: AbortSignal): Promise<string> {
    return this.request(url, { method: 'GET' }, signal);
  }

  /** One attempt, its body decoded strictly as UTF-8. */
  private async request(url: string, init: RequestInit, signal?: AbortSignal): Promise<string> {
    const body = await this.requestBytes(url, init, signal);
    // Never decoded with U+FFFD in place of bad bytes (what res.text() does): the answer is refused, naming where.
    const decoded = decodeUtf8Strict(body);
    if ('problem' in decoded) throw new StrandError('INPUT_NOT_UTF8', `${init.method} ${url}: the answer is ${describeUtf8Problem(decoded.problem)}; it is refused rather than stored with U+FFFD in place of the bad bytes`);
    return decoded.text;
  }

  /** One attempt: limiter, breaker, timeout (fetchWithPolicy), then the body's bytes, whose failure is retriable too. */
  private async requestBytes(url: string, init: RequestInit, signal?: AbortSignal): Promise<Uint8Array> {
    const combined = this.signalFor(signal);
    const res = await fetchWithPolicy(url, init, combined ? { ...this.policy, signal: combined } : this.policy);
    // Held in memory whole, so bounded by STRAND_PUBCHEM_MAX_JSON_BYTES (announced and received).
    const body = await boundedBody(res, `${init.method} ${url}`, { maxBytes: this.opts.maxAnswerBytes ?? 268_435_456, setting: 'STRAND_PUBCHEM_MAX_JSON_BYTES' });
    try {
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      return Buffer.concat(chunks);
    } catch (err) {
      if (err instanceof StrandError && err.code === 'INPUT_TOO_LARGE') throw err;
      throw new StrandError('PUBCHEM_BODY_FAILED', `${init.method} ${url}: answer body failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Reads every answer (503s included) for throttling signals, and feeds the batch sizer's shrink side. */
  private observe(report: AttemptReport): void {
    this.stats.attempts++;
    const status = report.response?.status;
    if (status !== undefined) this.stats.status[status] = (this.stats.status[status] ?? 0) + 1;
    const timedOut = report.error !== undefined && (report.error as { code?: unknown }).code === 'TIMEOUT';
    if (timedOut) this.stats.timeouts++;
    if (status === 503 || status === 429 || timedOut) {
      this.stats.throttled++;
      for (const sizer of Object.values(this.sizers)) sizer.onThrottle();
    }
    if (!report.response) return;
    const header = report.response.headers.get('x-throttling-control');
    if (header === null) this.stats.missingHeader++;
    const throttling = parseThrottlingControl(header);
    recordThrottling(throttling);
    const reaction = throttleReaction(throttling);
    if (reaction.slowdown !== null && reaction.slowdown !== this.limiter.slowdown) {
      this.opts.logger?.info('PubChem throttling: slowdown changed', { header, slowdown: reaction.slowdown });
      this.limiter.setSlowdown(reaction.slowdown);
    }
    if (reaction.pause) {
      const ms = this.opts.blackPauseMs ?? 30_000;
      this.opts.logger?.warn('PubChem reports Black (blocked): pausing every fetcher instance', { header, pauseMs: ms });
      void this.limiter.pauseFor(ms).catch((err: unknown) => this.opts.logger?.error('could not store the pause in Redis', { error: (err as Error).message }));
    }
  }
}
