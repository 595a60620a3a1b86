import { describe, it, expect, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '@strand/runtime';
import { SharedRateLimiter } from '../src/shared-rate-limiter.js';
import { readRateLimitStates } from '../src/rate-limit-state.js';

describe('readRateLimitStates (real Redis)', () => {
  const redis = new Redis(loadConfig().redisUrl);
  const budget = `test-${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const keys = await redis.keys(`strand:ratelimit:{${budget}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('reads the grants in each window and the shared pause of every limiter under the budget key, and nothing of others', async () => {
    const pubchem = new SharedRateLimiter(redis, { key: `${budget}:pubchem`, windows: [{ limit: 5, perMs: 1100 }, { limit: 400, perMs: 61_000 }] });
    const ncbi = new SharedRateLimiter(redis, { key: `${budget}:ncbi:eutils:nokey`, windows: [{ limit: 3, perMs: 1100 }] });
    const other = new SharedRateLimiter(redis, { key: `other-${budget}:pubchem`, windows: [{ limit: 5, perMs: 1100 }] });
    for (let i = 0; i < 3; i++) await pubchem.acquire();
    await ncbi.acquire();
    await other.acquire();
    const until = await pubchem.pauseFor(60_000);

    const states = await readRateLimitStates(redis, budget);
    expect(states.map((s) => s.key)).toEqual([`${budget}:ncbi:eutils:nokey`, `${budget}:pubchem`]);
    const [n, p] = states;
    expect(n).toEqual({ key: `${budget}:ncbi:eutils:nokey`, windows: [{ perMs: 1100, grants: expect.any(Number) }], pausedUntil: null });
    expect(p!.windows.map((w) => w.perMs)).toEqual([1100, 61_000]);
    expect(p!.windows[1]!.grants).toBe(3); // all three within the last 61 s
    expect(p!.pausedUntil).toBe(until);
    expect(await readRateLimitStates(redis, `none-${budget}`)).toEqual([]);
    await redis.del(`strand:ratelimit:{other-${budget}:pubchem}:per1100`);
  });
});
