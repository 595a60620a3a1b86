import { randomBytes } from 'node:crypto';
import { describe, it, expect, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { CidCache } from '../../src/pubchem/cid-cache.js';

const redis = new Redis(process.env.STRAND_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-cache-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('CidCache (real Redis)', () => {
  it('returns only the cached CIDs, per format, and stores with a TTL', async () => {
    const cache = new CidCache(redis, { prefix, ttlSeconds: 60 });
    await cache.setMany('sdf', new Map([[1, 'one'], [3, 'three']]));
    expect(await cache.getMany('sdf', [1, 2, 3])).toEqual(new Map([[1, 'one'], [3, 'three']]));
    expect((await cache.getMany('json', [1, 2, 3])).size).toBe(0);
    const ttl = await redis.ttl(cache.key('sdf', 1));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('reports an unreachable Redis as retriable', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    const cache = new CidCache(dead, { prefix, ttlSeconds: 60 });
    await expect(cache.getMany('sdf', [1])).rejects.toMatchObject({ code: 'REDIS_UNREACHABLE', retriable: true });
    dead.disconnect();
  });
});
