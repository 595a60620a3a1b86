import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeError } from '@strand/runtime';
import { HttpStatusError, fetchWithPolicy, requestFailure } from '@strand/resilience';

describe('HttpStatusError', () => {
  it('codes a status by what retrying can do', () => {
    const code = (status: number) => new HttpStatusError({ status, url: 'http://x/' });
    for (const status of [408, 429, 500, 503]) expect(code(status)).toMatchObject({ code: 'HTTP_UNAVAILABLE', retriable: true });
    for (const status of [401, 403]) expect(code(status)).toMatchObject({ code: 'AUTH_FAILED', retriable: false, fatal: true });
    for (const status of [400, 404, 410]) expect(code(status)).toMatchObject({ code: 'HTTP_STATUS', retriable: false, fatal: false });
  });

  it('a real 401 from a server is thrown at once as AUTH_FAILED, without retrying', async () => {
    let requests = 0;
    const server = createServer((_req, res) => { requests++; res.writeHead(401).end('no key'); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
      const err = await fetchWithPolicy(url, {}, { timeoutMs: 2000, retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2 } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpStatusError);
      expect(describeError(err)).toMatchObject({ code: 'AUTH_FAILED', fatal: true, message: `HTTP 401 Unauthorized from ${url}: no key` });
      expect(requests).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe('requestFailure', () => {
  it('is a retriable NetworkError for socket failures and keeps the code of anything else', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    expect(requestFailure('http://127.0.0.1:9/', refused)).toMatchObject({ name: 'NetworkError', code: 'NETWORK', retriable: true });
    const badCert = new TypeError('fetch failed', { cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }) });
    expect(requestFailure('https://x/', badCert)).toMatchObject({ code: 'UNEXPECTED', retriable: false, message: 'request to https://x/ failed: fetch failed (CERT_HAS_EXPIRED: certificate has expired)' });
  });
});
