import { Redis, ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { classifyError, describeError } from '@strand/runtime';
import { SharedRateLimiter } from '@strand/resilience';

const url = new URL(process.env.STRAND_REDIS_URL ?? 'redis://127.0.0.1:6379');

describe('Redis failures', () => {
  it('a real WRONGPASS reply (bad ACL user) is AUTH_FAILED, fatal', async () => {
    const redis = new Redis({ host: url.hostname, port: Number(url.port || 6379), username: 'strand_no_such_user', password: 'x', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    const refused = new Promise<unknown>((resolve) => redis.once('error', resolve));
    await redis.connect().catch(() => undefined);
    const err = await refused;
    redis.disconnect();
    expect((err as Error).name).toBe('ReplyError');
    expect(classifyError(err)).toEqual({ code: 'AUTH_FAILED', retriable: false, fatal: true });
  });

  it('reply codes decide: NOAUTH is AUTH_FAILED, LOADING is REDIS_UNREACHABLE, a script error is UNEXPECTED', () => {
    expect(classifyError(new ReplyError('NOAUTH Authentication required.')).code).toBe('AUTH_FAILED');
    expect(classifyError(new ReplyError('LOADING Redis is loading the dataset in memory'))).toMatchObject({ code: 'REDIS_UNREACHABLE', retriable: true });
    expect(classifyError(new ReplyError('ERR user_script:1: Script attempted to access nonexistent global variable')).code).toBe('UNEXPECTED');
  });

  it('the rate limiter turns an unreachable Redis into a retriable REDIS_UNREACHABLE', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    const limiter = new SharedRateLimiter(redis, { key: 'strand-test-unreachable', windows: [{ limit: 1, perMs: 1000 }] });
    const err = await limiter.acquire().catch((e: unknown) => e);
    redis.disconnect();
    expect(describeError(err)).toMatchObject({ code: 'REDIS_UNREACHABLE', retriable: true });
    expect((err as Error).message).toContain('rate limiter "strand-test-unreachable": Redis call failed');
  });
});
