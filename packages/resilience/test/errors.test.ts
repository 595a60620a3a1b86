import { describe, expect, it } from 'vitest';
import { describeError, StrandError } from '@strand/runtime';
import { NetworkError, RateLimitWaitError, TimeoutError } from '@strand/resilience';

describe('resilience errors', () => {
  it('are StrandErrors with a code and a retriable flag', () => {
    const err = new TimeoutError('GET http://x/', 100);
    expect(err).toBeInstanceOf(StrandError);
    expect(describeError(err)).toEqual({ code: 'TIMEOUT', retriable: true, fatal: false, message: 'GET http://x/ timed out after 100 ms' });
  });

  it('name what failed', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    const net = new NetworkError('http://127.0.0.1:9/x', cause);
    expect(net.message).toBe('request to http://127.0.0.1:9/x failed: fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)');
    expect(net.cause).toBe(cause);
    expect(new RateLimitWaitError('pubchem', 50, 812.4).message).toBe('rate limiter "pubchem": no permit within maxWaitMs=50 (next permit in 813 ms)');
  });
});
