import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { loadPubchemFixtures, startPubchemStandin, type PubchemStandin, type PubchemRecord } from '@strand/standins';
import { PugRestClient, type PugRestClientOptions } from '../../src/pubchem/pug-rest-client.js';

const testData = (p: string) => fileURLToPath(new URL(`../../../../test-data/${p}`, import.meta.url));
const redis = new Redis(process.env.STRAND_REDIS_URL ?? 'redis://127.0.0.1:6379');
let records: PubchemRecord[];
const standins: PubchemStandin[] = [];
const keys: string[] = [];

beforeAll(async () => {
  records = await loadPubchemFixtures({ pubchemDir: testData('pubchem'), syntheticSdf: testData('molecules/solubility.test.sdf') });
});
afterAll(async () => {
  for (const s of standins) await s.close();
  for (const key of keys) {
    const found = await redis.keys(`strand:ratelimit:{${key}}*`);
    if (found.length > 0) await redis.del(...found);
  }
  redis.disconnect();
});

async function setUp(standinOpts: Partial<Parameters<typeof startPubchemStandin>[0]> = {}, clientOpts: Partial<PugRestClientOptions> = {}) {
  const standin = await startPubchemStandin({ records, syntheticCids: true, ...standinOpts });
  standins.push(standin);
  const limiterKey = `test-pug-${randomBytes(4).toString('hex')}`;
  keys.push(limiterKey);
  const client = new PugRestClient({ baseUrl: `${standin.url}/rest/pug`, redis, limiterKey, timeoutMs: 2_000, retry: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200 }, ...clientOpts });
  return { standin, client, limiterKey };
}

describe('PugRestClient against the PubChem stand-in (real Redis)', () => {
  it('refuses an answer over maxAnswerBytes (STRAND_PUBCHEM_MAX_JSON_BYTES) as INPUT_TOO_LARGE, without retrying it', async () => {
    const { standin, client } = await setUp({ syntheticCids: false }, { maxAnswerBytes: 2_000 });
    const err = await client.fetchBatch('sdf', [2244, 4, 702]).catch((e: unknown) => e as { code?: string; message: string });
    expect(err).toMatchObject({ code: 'INPUT_TOO_LARGE', message: expect.stringMatching(/STRAND_PUBCHEM_MAX_JSON_BYTES/) });
    expect(standin.stats().requests).toBe(1);
    // A small answer under the same limit passes.
    expect([...(await client.fetchBatch('property-table', [2244])).payloads.keys()]).toEqual([2244]);
  });

  it('refuses only the SD record that is not UTF-8 (INPUT_NOT_UTF8 naming its CID and where), and keeps its batch-mates', async () => {
    const { standin, client } = await setUp({ syntheticCids: false });
    standin.setFaults({ badUtf8Cid: 4 });
    const got = await client.fetchBatch('sdf', [2244, 4, 702]);
    expect(standin.stats().injected.badUtf8Cid).toBe(1);
    expect([...got.payloads.keys()].sort((a, b) => a - b)).toEqual([702, 2244]);
    expect(got.notFound).toEqual([]);
    expect([...got.refused.keys()]).toEqual([4]);
    const error = got.refused.get(4)!;
    expect(error.code).toBe('INPUT_NOT_UTF8');
    expect(error.message).toMatch(/SD record of CID 4 is not well-formed UTF-8 at byte offset \d+ \(line \d+, column 1, byte 0xff\)/);
    // The kept records are exactly what PubChem sent for them.
    expect(got.payloads.get(2244)).toContain('<PUBCHEM_COMPOUND_CID>\n2244\n');
    expect(got.payloads.get(2244)).not.toContain('\uFFFD');
  });

  it('fetches a batch by one POST and lists CIDs PubChem does not know, without retrying them', async () => {
    const { standin, client } = await setUp({ syntheticCids: false });
    const got = await client.fetchBatch('property-table', [2244, 4, 999_999_999]);
    expect([...got.payloads.keys()]).toEqual([2244, 4]);
    expect(got.notFound).toEqual([999_999_999]);
    const none = await client.fetchBatch('sdf', [999_999_998]);
    expect(none.notFound).toEqual([999_999_998]);
    expect(standin.stats().requests).toBe(2);
    expect(standin.stats().statuses[404]).toBe(1);
  });

  it('grows the batch size on fast answers and shrinks it on 503s and timeouts, within bounds', async () => {
    const { standin, client } = await setUp({}, { batch: { 'property-table': { min: 2, max: 40, initial: 10, fastMs: 5_000 } } });
    const sizer = client.sizers['property-table'];
    await client.fetchBatch('property-table', [1, 2, 3]);
    expect(sizer.size).toBe(15);
    for (let i = 0; i < 4; i++) await client.fetchBatch('property-table', [1]);
    expect(sizer.size).toBe(40);
    standin.setFaults({ status503: 2, timeout: 1 });
    const got = await client.fetchBatch('property-table', [7, 8]);
    expect(got.payloads.size).toBe(2);
    expect(client.stats.throttled).toBe(3);
    expect(sizer.size).toBeLessThan(40);
    expect(sizer.size).toBeGreaterThanOrEqual(2);
  });

  it('copes with a missing X-Throttling-Control header (changes nothing) and a truncated body (retried)', async () => {
    const { standin, client } = await setUp();
    standin.setFaults({ missingHeader: 1, truncateJson: 1 });
    const got = await client.fetchBatch('json', [2244]);
    expect([...got.payloads.keys()]).toEqual([2244]);
    expect(client.stats.missingHeader).toBe(1);
    expect(client.limiter.slowdown).toBe(1);
    expect(standin.stats().requests).toBe(2);
  });

  it('pauses every instance sharing the budget when PubChem reports Black', async () => {
    const { standin, client, limiterKey } = await setUp({ limits: { perSecond: 5, perMinute: 400, blockAfterViolations: 1, blockMs: 1_500 } }, { blackPauseMs: 1_500 });
    // Someone else on our address goes over the limit: 6 requests at once; the 6th is refused and we are blocked.
    await Promise.all(Array.from({ length: 6 }, () => fetch(`${standin.url}/rest/pug/compound/cid/2244/property/MolecularFormula/JSON`).then((r) => r.text())));
    expect(standin.stats().busyBlocked + standin.stats().busyRateLimited).toBeGreaterThan(0);
    let settled = false;
    const fetching = client.fetchBatch('property-table', [4]).finally(() => { settled = true; });
    // The pause is written to Redis, where every instance's limiter reads it; it expires when it ends.
    let paused = false;
    while (!settled && !paused) {
      paused = (await redis.exists(`strand:ratelimit:{${limiterKey}}:pause`)) === 1;
      if (!paused) await new Promise((r) => setTimeout(r, 10));
    }
    expect(paused).toBe(true);
    const got = await fetching;
    expect([...got.payloads.keys()]).toEqual([4]);
    expect(standin.stats().busyBlocked).toBeGreaterThan(0);
  });

  it('resolves names and SMILES to CIDs; unknown ones give none', async () => {
    const { client } = await setUp({ syntheticCids: false });
    expect(await client.cidsForName('aspirin')).toEqual([2244]);
    expect(await client.cidsForName('no-such-name-xyz')).toEqual([]);
    expect(await client.cidsForSmiles('CC(=O)OC1=CC=CC=C1C(=O)O')).toEqual([2244]);
    expect(await client.cidsForSmiles('C1CC1N')).toEqual([]);
  });
});

describe('PugRestClient and an answer that is not UTF-8', () => {
  it('refuses it as INPUT_NOT_UTF8 naming the URL, line and byte offset, without retrying (res.text() would have put U+FFFD in it)', async () => {
    const { createServer } = await import('node:http');
    let requests = 0;
    const body = Buffer.concat([Buffer.from('{"PropertyTable":{"Properties":[\n{"CID":1,"Title":"a'), Buffer.from([0xfe]), Buffer.from('b"}]}}')]);
    const server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const limiterKey = `test-pug-${randomBytes(4).toString('hex')}`;
      keys.push(limiterKey);
      const client = new PugRestClient({ baseUrl: `http://127.0.0.1:${port}/rest/pug`, redis, limiterKey, timeoutMs: 2_000, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
      const error = await client.fetchBatch('property-table', [1]).catch((e: unknown) => e as Error & { code: string; retriable: boolean });
      expect(error).toMatchObject({ code: 'INPUT_NOT_UTF8', retriable: false });
      expect(error.message).toContain(`/rest/pug/compound/cid/property/`);
      expect(error.message).toContain(`the answer is not well-formed UTF-8 at byte offset ${body.indexOf(0xfe)} (line 2, column 20, byte 0xfe)`);
      expect(requests).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
