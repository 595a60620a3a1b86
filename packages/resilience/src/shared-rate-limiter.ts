import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StrandError, dependencyErrorCode, sleep } from '@strand/runtime';
import { RateLimitWaitError, ResilienceError } from './errors.js';
import { ACQUIRE_SCRIPT, PAUSE_SCRIPT } from './rate-limit-scripts.js';

export interface RateWindow {
  /** Most grants allowed in any interval of `perMs` milliseconds. */
  limit: number;
  perMs: number;
}

export interface SharedRateLimiterOptions {
  /** Every limiter (in any process) built with the same key shares the same budget. */
  key: string;
  windows: RateWindow[];
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /** Fail with RateLimitWaitError instead of waiting longer than this. */
  maxWaitMs?: number;
}

/** The slowest slowdown honoured exactly; smaller positive factors are treated as this. */
export const MIN_SLOWDOWN = 0.1;

/**
 * A rate limiter shared through Redis by every process using the same key, enforcing several
 * windows at once, e.g. PubChem's [{limit:5, perMs:1000}, {limit:400, perMs:60000}].
 *
 * Algorithm: a sliding-window LOG (one Redis sorted set of grant times per window), checked and
 * updated by one atomic Lua script using Redis's clock. Unlike a token bucket (which lets a full
 * bucket burst on top of the refill and so can put limit+1 or more requests in some 1-second
 * interval), the log guarantees strictly that no interval of `perMs` ms holds more than `limit`
 * grants, across all instances. Cost: O(log n) per grant and up to limit/MIN_SLOWDOWN entries
 * per window, trimmed on every call; keys carry a TTL, so idle limiters leave nothing behind.
 *
 * The guarantee is about GRANT times on Redis's clock. Requests reach the server a little later,
 * with varying network delay, so a client that must stay under a server's count should add a
 * margin to `perMs` (e.g. 1100 for "5 per second").
 */
export class SharedRateLimiter {
  private readonly redis: Redis;
  readonly key: string;
  private readonly windows: RateWindow[];
  private readonly windowKeys: string[];
  private readonly pauseKey: string;
  private readonly instanceId = randomUUID();
  private grantCounter = 0;
  private factor = 1;
  private resumeWaiters = new Set<() => void>();

  constructor(redis: Redis, opts: SharedRateLimiterOptions) {
    if (opts.windows.length === 0) throw new RangeError(`rate limiter "${opts.key}": at least one window is required`);
    for (const w of opts.windows) {
      if (!Number.isInteger(w.limit) || w.limit < 1 || !Number.isInteger(w.perMs) || w.perMs < 1) {
        throw new RangeError(`rate limiter "${opts.key}": window ${JSON.stringify(w)} needs integer limit >= 1 and perMs >= 1`);
      }
    }
    this.redis = redis;
    this.key = opts.key;
    this.windows = opts.windows.map((w) => ({ ...w }));
    // The {hash tag} keeps every key of one limiter in the same Redis Cluster slot, as EVAL requires.
    this.windowKeys = this.windows.map((w) => `strand:ratelimit:{${opts.key}}:per${w.perMs}`);
    this.pauseKey = `strand:ratelimit:{${opts.key}}:pause`;
  }

  /** Requests per second allowed by the tightest window at the current slowdown (0 when stopped). */
  ratePerSecond(): number {
    return Math.min(...this.windows.map((w) => (w.limit * 1000) / w.perMs)) * this.factor;
  }

  /** Current slowdown factor: 1 full rate, 0.5 half, 0 stopped. */
  get slowdown(): number {
    return this.factor;
  }

  /**
   * Scales this instance's share of the rate: each window's interval is stretched to perMs/factor
   * (so its rate is limit*factor per perMs). Other instances keep their own factor; the shared
   * limits hold whatever they are. 0 stops this instance: acquire() waits until a factor > 0 is set.
   */
  setSlowdown(factor: number): void {
    if (!(factor >= 0 && factor <= 1)) throw new RangeError(`rate limiter "${this.key}": slowdown must be in [0, 1], got ${factor}`);
    this.factor = factor === 0 ? 0 : Math.max(MIN_SLOWDOWN, factor);
    if (this.factor > 0) {
      for (const wake of this.resumeWaiters) wake();
      this.resumeWaiters.clear();
    }
  }

  /** Stops ALL instances sharing this key until `epochMs` (compared with Redis's clock). Only ever extends a pause. */
  async pauseUntil(epochMs: number): Promise<void> {
    await this.redisCall(() => PAUSE_SCRIPT.run(this.redis, [this.pauseKey], [Math.ceil(epochMs), 0]));
  }

  /** Same as pauseUntil, measured from Redis's clock, so client clock skew does not matter. Resolves with the pause end (Redis epoch ms). */
  async pauseFor(ms: number): Promise<number> {
    return Number(await this.redisCall(() => PAUSE_SCRIPT.run(this.redis, [this.pauseKey], [0, Math.ceil(ms)])));
  }

  /**
   * Waits until a request may be sent and records it. Resolves with the grant time (Redis clock, epoch ms).
   * Rejects with the signal's reason on abort, or RateLimitWaitError if the wait would exceed maxWaitMs.
   */
  async acquire(opts: AcquireOptions = {}): Promise<number> {
    const deadline = opts.maxWaitMs === undefined ? Infinity : Date.now() + opts.maxWaitMs;
    for (;;) {
      opts.signal?.throwIfAborted();
      if (this.factor === 0) {
        await this.waitForResume(opts, deadline);
        continue;
      }
      const [granted, waitMs, nowMs] = await this.tryAcquire();
      if (granted) return nowMs;
      if (Date.now() + waitMs > deadline) throw new RateLimitWaitError(this.key, opts.maxWaitMs ?? 0, waitMs);
      await sleep(waitMs, opts.signal);
    }
  }

  private async tryAcquire(): Promise<[boolean, number, number]> {
    const args: (string | number)[] = [`${this.instanceId}:${++this.grantCounter}`];
    for (const w of this.windows) {
      args.push(w.limit, Math.ceil(w.perMs / this.factor), Math.ceil(w.perMs / MIN_SLOWDOWN));
    }
    const reply = (await this.redisCall(() => ACQUIRE_SCRIPT.run(this.redis, [this.pauseKey, ...this.windowKeys], args))) as number[];
    return [reply[0] === 1, Number(reply[1]), Number(reply[2])];
  }

  private waitForResume(opts: AcquireOptions, deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (err?: unknown): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.resumeWaiters.delete(onResume);
        if (err === undefined) resolve();
        else reject(err);
      };
      const onResume = (): void => finish();
      const onAbort = (): void => finish(opts.signal?.reason);
      const timer =
        deadline === Infinity
          ? undefined
          : setTimeout(() => finish(new RateLimitWaitError(this.key, opts.maxWaitMs ?? 0, Infinity)), Math.max(0, deadline - Date.now()));
      this.resumeWaiters.add(onResume);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Redis failures: REDIS_UNREACHABLE (retriable) for the connection, AUTH_FAILED for refused credentials, else the reply's own classification. */
  private async redisCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const code = dependencyErrorCode(err, 'REDIS_UNREACHABLE');
      const message = `rate limiter "${this.key}": Redis call failed: ${(err as Error).message}`;
      if (code === 'REDIS_UNREACHABLE' || code === 'AUTH_FAILED') throw new ResilienceError(code, message, { cause: err });
      throw new StrandError(code, message, { cause: err });
    }
  }
}
