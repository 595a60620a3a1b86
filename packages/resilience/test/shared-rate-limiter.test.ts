import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitWaitError, SharedRateLimiter } from '@strand/resilience';
import type { RateWindow } from '@strand/resilience';

const REDIS_URL = process.env.STRAND_REDIS_URL ?? 'redis://127.0.0.1:6379';
let a: Redis;
let b: Redis;

beforeAll(() => {
  a = new Redis(REDIS_URL);
  b = new Redis(REDIS_URL);
});
afterAll(async () => {
  await a.quit();
  await b.quit();
});

function uniqueKey(): string {
  return `test-${randomUUID()}`;
}

/** The most grants found in any interval [t, t + perMs) starting at a grant. */
function maxInAnyWindow(grants: number[], perMs: number): number {
  const sorted = [...grants].sort((x, y) => x - y);
  let max = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + perMs) end++;
    max = Math.max(max, end - start);
  }
  return max;
}

async function acquireMany(limiter: SharedRateLimiter, count: number, concurrency: number): Promise<number[]> {
  const grants: number[] = [];
  let left = count;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left > 0) {
        left--;
        grants.push(await limiter.acquire());
      }
    }),
  );
  return grants;
}

describe('SharedRateLimiter', () => {
  it('never lets two instances on separate connections exceed any window together', async () => {
    const key = uniqueKey();
    const windows: RateWindow[] = [
      { limit: 5, perMs: 1000 },
      { limit: 12, perMs: 3000 },
    ];
    const one = new SharedRateLimiter(a, { key, windows });
    const two = new SharedRateLimiter(b, { key, windows });
    const [g1, g2] = await Promise.all([acquireMany(one, 10, 4), acquireMany(two, 10, 4)]);
    const grants = [...g1, ...g2];
    expect(grants).toHaveLength(20);
    for (const w of windows) {
      // The windows were saturated (so the check below is not vacuous) and never exceeded.
      expect(maxInAnyWindow(grants, w.perMs)).toBe(w.limit);
    }
    // Both instances got permits: the budget is shared, not split.
    expect(g1.length).toBeGreaterThan(0);
    expect(g2.length).toBeGreaterThan(0);
  });

  it('keeps a TTL on every key it writes', async () => {
    const key = uniqueKey();
    const limiter = new SharedRateLimiter(a, { key, windows: [{ limit: 3, perMs: 1000 }, { limit: 10, perMs: 60_000 }] });
    await limiter.acquire();
    const keys = await a.keys(`strand:ratelimit:{${key}}:*`);
    expect(keys.sort()).toEqual([`strand:ratelimit:{${key}}:per1000`, `strand:ratelimit:{${key}}:per60000`]);
    for (const k of keys) expect(await a.pttl(k)).toBeGreaterThan(0);
  });

  it('falls back from EVALSHA to EVAL after SCRIPT FLUSH', async () => {
    const limiter = new SharedRateLimiter(a, { key: uniqueKey(), windows: [{ limit: 3, perMs: 1000 }] });
    await limiter.acquire();
    await a.script('FLUSH');
    expect(await limiter.acquire()).toBeGreaterThan(0);
  });

  it('with slowdown 0.5 stretches each window to twice its length', async () => {
    const key = uniqueKey();
    const limiter = new SharedRateLimiter(a, { key, windows: [{ limit: 3, perMs: 300 }] });
    limiter.setSlowdown(0.5);
    const grants = await acquireMany(limiter, 9, 3);
    expect(maxInAnyWindow(grants, 600)).toBe(3);
  });

  it('with slowdown 0 waits until resumed, and gives up at maxWaitMs', async () => {
    const limiter = new SharedRateLimiter(a, { key: uniqueKey(), windows: [{ limit: 5, perMs: 1000 }] });
    limiter.setSlowdown(0);
    await expect(limiter.acquire({ maxWaitMs: 20 })).rejects.toBeInstanceOf(RateLimitWaitError);
    let granted = false;
    const pending = limiter.acquire().then(() => (granted = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(granted).toBe(false);
    limiter.setSlowdown(1);
    await pending;
    expect(granted).toBe(true);
  });

  it('aborts a waiting acquire with the signal reason', async () => {
    const limiter = new SharedRateLimiter(a, { key: uniqueKey(), windows: [{ limit: 1, perMs: 60_000 }] });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire({ signal: controller.signal });
    const reason = new Error('shutdown');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('a pause set by one instance stops every instance until it ends', async () => {
    const key = uniqueKey();
    const windows = [{ limit: 100, perMs: 1000 }];
    const pauser = new SharedRateLimiter(a, { key, windows });
    const other = new SharedRateLimiter(b, { key, windows });
    const pauseEnd = await pauser.pauseFor(300);
    await expect(other.acquire({ maxWaitMs: 10 })).rejects.toBeInstanceOf(RateLimitWaitError);
    const grantedAt = await other.acquire();
    expect(grantedAt).toBeGreaterThanOrEqual(pauseEnd);
    // A shorter pause never shortens a longer one; pauseUntil takes an absolute time.
    const end = await pauser.pauseFor(60_000);
    await pauser.pauseUntil(Date.now() + 10);
    expect(await pauser.pauseFor(1)).toBe(end);
    expect(await b.pttl(`strand:ratelimit:{${key}}:pause`)).toBeGreaterThan(1000);
  });

  it('rejects invalid windows', () => {
    expect(() => new SharedRateLimiter(a, { key: 'k', windows: [] })).toThrow(RangeError);
    expect(() => new SharedRateLimiter(a, { key: 'k', windows: [{ limit: 0, perMs: 1000 }] })).toThrow(RangeError);
  });
});
