import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBreaker, CircuitOpenError, fetchWithPolicy, HttpStatusError, NetworkError, SharedRateLimiter, TimeoutError } from '@strand/resilience';
import type { AttemptReport } from '@strand/resilience';
import { loadPubchemFixtures, startNcbiStandin, startPubchemStandin, SYNTHETIC_CID_BASE } from '@strand/standins';
import type { PubchemRecord, PubchemStandin } from '@strand/standins';

const PUBCHEM = fileURLToPath(new URL('../../../test-data/pubchem/', import.meta.url));
const SOLUBILITY = fileURLToPath(new URL('../../../test-data/molecules/solubility.test.sdf', import.meta.url));
const GENBANK = fileURLToPath(new URL('../../../test-data/genbank/', import.meta.url));

/** Deterministic random numbers (mulberry32), so the injected faults are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let records: PubchemRecord[];
let redis: Redis;
beforeAll(async () => {
  records = await loadPubchemFixtures({ pubchemDir: PUBCHEM, syntheticSdf: SOLUBILITY });
  redis = new Redis(process.env.STRAND_REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  await redis.quit();
});

const fastRetry = { maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 100 };

describe('fetchWithPolicy against the PubChem stand-in', () => {
  let standin: PubchemStandin;
  afterAll(() => standin.close());

  it('answers every request despite 30% injected 503 ServerBusy', async () => {
    standin = await startPubchemStandin({ records, faults: { status503: 0.3 }, random: seeded(42), limits: { perSecond: 20, perMinute: 2000 } });
    const breaker = new CircuitBreaker({ name: 'pubchem-standin', failureThreshold: 5, openMs: 50 });
    const limiter = new SharedRateLimiter(redis, { key: `test-${randomUUID()}`, windows: [{ limit: 20, perMs: 1100 }] });
    const attempts: AttemptReport[] = [];
    const cids = Array.from({ length: 40 }, (_, i) => SYNTHETIC_CID_BASE + 1 + i);

    const results = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < cids.length) {
          const cid = cids[next++]!;
          const res = await fetchWithPolicy(
            `${standin.url}/rest/pug/compound/cid/${cid}/property/SMILES,Title/JSON`,
            {},
            { timeoutMs: 5000, retry: fastRetry, breaker, limiter, onAttempt: (a) => attempts.push(a) },
          );
          results.push(((await res.json()) as { PropertyTable: { Properties: { CID: number }[] } }).PropertyTable.Properties[0]!.CID);
        }
      }),
    );

    expect(results.sort()).toEqual(cids);
    const stats = standin.stats();
    expect(stats.busyInjected).toBeGreaterThan(0);
    expect(stats.statuses[200]).toBe(40);
    // Every 503 the stand-in sent was seen by the client and retried.
    const seen503 = attempts.filter((a) => a.response?.status === 503).length;
    expect(seen503).toBe((stats.statuses[503] ?? 0));
    expect(attempts.filter((a) => a.response?.status === 200)).toHaveLength(40);
  });
});

describe('fetchWithPolicy error handling', () => {
  it('does not retry a 404 and throws a non-retriable HttpStatusError with the body', async () => {
    const s = await startPubchemStandin({ records });
    try {
      let attempts = 0;
      const err = await fetchWithPolicy(`${s.url}/rest/pug/compound/cid/999999/JSON`, {}, { timeoutMs: 5000, retry: fastRetry, onAttempt: () => attempts++ }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpStatusError);
      expect(err).toMatchObject({ code: 'HTTP_STATUS', status: 404, retriable: false });
      expect((err as HttpStatusError).bodySnippet).toContain('PUGREST.NotFound');
      expect((err as Error).message).toContain('/cid/999999/JSON');
      expect(attempts).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('retries a request the server never answers, after a per-attempt timeout', async () => {
    const s = await startPubchemStandin({ records, faults: { timeout: 2 } });
    try {
      const errors: unknown[] = [];
      const res = await fetchWithPolicy(`${s.url}/rest/pug/compound/cid/2244/property/MolecularWeight/JSON`, {}, {
        timeoutMs: 200,
        retry: fastRetry,
        onAttempt: (a) => a.error && errors.push(a.error),
      });
      expect(res.status).toBe(200);
      expect(s.stats().injected.timeout).toBe(2);
      // At least the two unanswered attempts timed out (a loaded machine may time out more).
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(errors.every((e) => e instanceof TimeoutError)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('honours Retry-After from NCBI 429s and then succeeds', async () => {
    let t = 1_700_000_000_000;
    const ncbi = await startNcbiStandin({ dataDir: GENBANK, now: () => t, rateLimitPerSec: 1 });
    try {
      const url = `${ncbi.url}/entrez/eutils/esearch.fcgi?db=nuccore&term=ALL&retmode=json`;
      await (await fetch(url)).text(); // uses the one request this second
      const delays: number[] = [];
      const res = await fetchWithPolicy(url, {}, {
        timeoutMs: 5000,
        retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
        onRetry: (err, _attempt, delayMs) => {
          delays.push(delayMs);
          expect(err).toMatchObject({ status: 429, retryAfterMs: 1000 });
          t += 1000;
        },
      });
      expect(res.status).toBe(200);
      expect(delays).toEqual([1000]);
    } finally {
      await ncbi.close();
    }
  });

  it('turns a refused connection into a retriable NetworkError naming the URL', async () => {
    const s = await startPubchemStandin({ records });
    const url = `${s.url}/rest/pug/compound/cid/2244/JSON`;
    await s.close();
    const err = await fetchWithPolicy(url, {}, { timeoutMs: 1000, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'NETWORK', retriable: true });
    expect((err as Error).message).toContain(url);
    expect((err as Error).message).toContain('ECONNREFUSED');
  });

  it('fails fast on an open circuit without spending a rate-limit permit', async () => {
    const breaker = new CircuitBreaker({ name: 'down', failureThreshold: 1, openMs: 60_000 });
    await breaker.run(async () => { throw new NetworkError('http://x/', new Error('refused')); }).catch(() => undefined);
    const limiter = new SharedRateLimiter(redis, { key: `test-${randomUUID()}`, windows: [{ limit: 1, perMs: 60_000 }] });
    let attempts = 0;
    const err = await fetchWithPolicy('http://127.0.0.1:9/never', {}, { timeoutMs: 100, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, breaker, limiter, onAttempt: () => attempts++ }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(attempts).toBe(0);
    // The one permit of this minute is still there.
    expect(await limiter.acquire({ maxWaitMs: 0 })).toBeGreaterThan(0);
  });
});
