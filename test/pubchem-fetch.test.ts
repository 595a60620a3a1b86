import { describe, it, expect, afterEach } from 'vitest';
import type { StrandConfig } from '@strand/runtime';
import { connectPipeline } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import type { PubchemStandin } from '@strand/standins';
import { CircuitBreaker, type CircuitState } from '@strand/resilience';
import { isolatedConfig, runCli, readTopic, topicsOf } from './helpers.js';
import { startStandin, startPubchemPipeline, startPubchemServices, startPubchemFetcher, storedCompounds, clearRedisKeys, type PubchemPipeline } from './pubchem-helpers.js';

const real = [2244, 4, 241, 702];
const synthetic = (n: number, from = 900_000_001) => Array.from({ length: n }, (_, i) => from + i);

// Each case waits out injected faults and PubChem's 5/s; a bound for hangs, not a timing assertion.
describe('PubChem end to end against the stand-in (real Kafka, registry, Postgres, Redis)', { timeout: 300_000 }, () => {
  const open: { stop(): Promise<void> }[] = [];
  let standin: PubchemStandin | undefined;
  let config: StrandConfig | undefined;
  afterEach(async () => {
    for (const o of open.reverse()) await o.stop();
    open.length = 0;
    await standin?.close();
    if (config) await clearRedisKeys(config);
  });

  /** A stand-in and the parser/enricher/sink stages: in this process, or as separate service processes (`services: true`). */
  async function setUp(opts: Parameters<typeof startStandin>[0] = { syntheticCids: true }, services = false): Promise<{ config: StrandConfig; pipeline: PubchemPipeline; standin: PubchemStandin }> {
    standin = await startStandin(opts);
    config = isolatedConfig({ STRAND_PUBCHEM_URL: `${standin.url}/rest/pug` });
    const pipeline = services ? await startPubchemServices(config) : await startPubchemPipeline(config);
    open.push(pipeline);
    return { config, pipeline, standin };
  }

  it('lands every requested CID exactly once despite 30% injected 503s and timeouts', async () => {
    const { config, pipeline, standin } = await setUp({ syntheticCids: true }, true);
    open.push(await startPubchemFetcher(config));
    // 30% of requests answer 503; the first two never answer at all (the client times out after 2 s).
    standin.setFaults({ status503: 0.3, timeout: 2 });
    const cids = [...real, ...synthetic(120)];
    const result = await runCli(['fetch', 'pubchem', '--cids', cids.join(','), '--formats', 'property-table,sdf', '--wait'], config, { killAfterMs: 300_000 });
    // RDKit cannot read some property tables' SMILES (below): those records are dead-lettered, so --wait says so and exits 1.
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/dead-lettered \(\d+ RDKIT_UNPARSEABLE/);
    const stored = await storedCompounds(pipeline.pool);
    expect([...stored.keys()].sort((a, b) => a - b)).toEqual([...cids].sort((a, b) => a - b));
    const { rows } = await pipeline.pool.query<{ n: string; distinct: string }>('SELECT count(*) AS n, count(DISTINCT cid) AS distinct FROM compounds');
    expect(Number(rows[0]!.n)).toBe(cids.length);
    expect(Number(rows[0]!.distinct)).toBe(cids.length);
    // Both formats reached every row, except where RDKit could not read a property table's SMILES
    // (no molblock there): that record is dead-lettered with RDKit's reason, the SDF one landed.
    const unstored = cids.length - [...stored.values()].filter((r) => r.source_formats.includes('property-table')).length;
    const dead = await readTopic<{ key: string; errorCode: string; stage: string }>(config, `${config.topicPrefix}.dlq`, unstored);
    const unparseable = new Set(dead.filter((d) => d.value.errorCode === 'RDKIT_UNPARSEABLE').map((d) => Number(d.value.key)));
    expect(unparseable.size).toBeGreaterThan(0);
    // A request redone after an injected fault may parse a raw record twice: as many dead letters or more, all RDKit's.
    const counted = /(\d+) dead-lettered \((\d+) RDKIT_UNPARSEABLE[;)]/.exec(result.stderr);
    expect(counted, result.stderr).not.toBeNull();
    expect(Number(counted![1])).toBe(Number(counted![2]));
    expect(Number(counted![1])).toBeGreaterThanOrEqual(unparseable.size);
    for (const [cid, row] of stored) expect(row.source_formats).toEqual(unparseable.has(cid) ? ['sdf'] : ['property-table', 'sdf']);
    // The faults really happened.
    const stats = standin.stats();
    expect(stats.busyInjected).toBeGreaterThan(0);
    expect(stats.injected.timeout ?? 0).toBeGreaterThan(0);
    expect(stats.busyRateLimited).toBe(0);
  });

  it('opens the circuit under a dead upstream and closes it once PubChem is back', async () => {
    const { config, pipeline, standin } = await setUp();
    const breaker = new CircuitBreaker({ name: 'pubchem-test', failureThreshold: 3, openMs: 1_500 });
    const fetcher = await startPubchemFetcher(config, { client: { timeoutMs: 1_000, retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500 }, breaker } });
    open.push(fetcher);
    const transitions: CircuitState[] = [];
    fetcher.client.breaker.onStateChange((to) => transitions.push(to));
    standin.setFaults({ status503: { probability: 1 } });
    const queued = runCli(['fetch', 'pubchem', '--cids', real.join(','), '--wait'], config, { killAfterMs: 240_000 });
    await until(() => transitions.includes('open'));
    const whileDead = standin.stats();
    expect(whileDead.statuses[200] ?? 0).toBe(0);
    standin.setFaults({});
    const result = await queued;
    expect(result.code, result.stderr).toBe(0);
    expect(transitions[0]).toBe('open');
    expect(transitions).toContain('half-open');
    expect(transitions[transitions.length - 1]).toBe('closed');
    expect([...(await storedCompounds(pipeline.pool)).keys()].sort((a, b) => a - b)).toEqual([...real].sort((a, b) => a - b));
  });

  it('keeps two fetcher instances together within 5 requests/s and 400/min, with no 503 caused by the limit', async () => {
    const { config, pipeline, standin } = await setUp({ syntheticCids: true }, true);
    // Batches of at most 2 CIDs, so the run takes many requests and both instances compete for the budget.
    // SD records carry molblocks, which RDKit reads for every one of these (some property-table SMILES it cannot).
    const small = { sdf: { min: 1, max: 2, initial: 2, fastMs: 2_000 } };
    const a = await startPubchemFetcher(config, { client: { batch: small } });
    const b = await startPubchemFetcher(config, { client: { batch: small } });
    open.push(a, b);
    const cids = synthetic(160);
    for (let i = 0; i < cids.length; i += 8) {
      const queued = await runCli(['fetch', 'pubchem', '--cids', cids.slice(i, i + 8).join(','), '--formats', 'sdf'], config);
      expect(queued.code, queued.stderr).toBe(0);
    }
    const result = await runCli(['fetch', 'pubchem', '--cids', '2244', '--formats', 'sdf', '--wait'], config, { killAfterMs: 300_000 });
    expect(result.code, result.stderr).toBe(0);
    expect((await storedCompounds(pipeline.pool)).size).toBe(cids.length + 1);
    const stats = standin.stats();
    expect(stats.requests).toBeGreaterThanOrEqual(80);
    expect(a.client.stats.attempts).toBeGreaterThan(0);
    expect(b.client.stats.attempts).toBeGreaterThan(0);
    expect(stats.maxPerSecond).toBeLessThanOrEqual(5);
    expect(stats.maxPerMinute).toBeLessThanOrEqual(400);
    expect(stats.busyRateLimited).toBe(0);
    expect(stats.busyBlocked).toBe(0);
    expect(stats.statuses[503] ?? 0).toBe(0);
  });

  it('serves a second fetch of the same CIDs from the cache (no request) and leaves one row per CID', async () => {
    const { config, pipeline, standin } = await setUp();
    open.push(await startPubchemFetcher(config));
    const cids = [...real, ...synthetic(30)];
    const first = await runCli(['fetch', 'pubchem', '--cids', cids.join(','), '--formats', 'property-table,json', '--wait'], config, { killAfterMs: 240_000 });
    expect(first.code, first.stderr).toBe(0);
    const before = standin.stats().requests;
    expect(before).toBeGreaterThan(0);
    const second = await runCli(['fetch', 'pubchem', '--cids', cids.join(','), '--formats', 'property-table,json', '--wait'], config, { killAfterMs: 240_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(standin.stats().requests).toBe(before);
    const { rows } = await pipeline.pool.query<{ cid: string; n: string }>('SELECT cid, count(*) AS n FROM compounds GROUP BY cid');
    expect(rows.length).toBe(cids.length);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    // Each CID was published twice per format (fetched, then from the cache): 4 raw payloads per CID.
    const raws = await readTopic<{ cids: number[]; fromCache: boolean }>(config, config.topicPrefix + '.pubchem.raw', cids.length * 4);
    expect(raws.filter((r) => r.value.fromCache).length).toBe(cids.length * 2);
  });

  it('resolves names and SMILES, and reports unknown CIDs, names and SMILES in the dead-letter topic instead of retrying them', async () => {
    const { config, pipeline, standin } = await setUp({});
    open.push(await startPubchemFetcher(config));
    // A malformed request (the CLI would refuse it) is dead-lettered whole, and the requests after it carry on.
    const ctx = await connectPipeline('test', { config, sources: builtInSources });
    const topic = topicsOf(config).pubchemRequests;
    await ctx.producer.send({ topic, acks: -1, messages: [{ key: 'bad-request', value: await ctx.codec.encode(topic, { requestId: 'bad-request', requestedAt: Date.now(), cids: [1], cidRange: { from: 9, to: 3 }, names: [], smiles: [], formats: ['property-table'] }) }] });
    await ctx.close();
    const result = await runCli(['fetch', 'pubchem', '--cids', '2244,123456789', '--names', 'no-such-compound-xyz,benzene', '--smiles', 'CC(CN)O', '--smiles', 'C1CC1N', '--wait'], config, { killAfterMs: 240_000 });
    // --wait counts this command's dead letters (the three unknowns), not the malformed request queued before it, and exits 1.
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('3 compounds stored in PostgreSQL');
    expect(result.stderr).toContain('3 dead-lettered (3 PUBCHEM_NOT_FOUND');
    expect([...(await storedCompounds(pipeline.pool)).keys()].sort((a, b) => a - b)).toEqual([4, 241, 2244]);
    const all = await readTopic<{ key: string; errorCode: string; reason: string }>(config, `${config.topicPrefix}.dlq`, 4);
    const bad = all.filter((d) => d.value.key === 'bad-request');
    expect(bad).toHaveLength(1);
    expect(bad[0]!.value).toMatchObject({ errorCode: 'INPUT_INVALID', reason: expect.stringContaining('CID range 9-3') });
    const dead = all.filter((d) => d.value.key !== 'bad-request');
    expect(dead.map((d) => d.value.key).sort()).toEqual(['123456789', 'C1CC1N', 'no-such-compound-xyz']);
    for (const d of dead) {
      expect(d.value.errorCode).toBe('PUBCHEM_NOT_FOUND');
      expect(d.value.reason).toContain('PUGREST.NotFound');
    }
    expect(standin.stats().statuses[404] ?? 0).toBe(1); // the unknown name (an unknown SMILES is CID 0); the unknown CID shared a batch with 2244
  });

  it('refuses only the compound whose SD record is not UTF-8 (INPUT_NOT_UTF8 naming the CID); its batch-mates land', async () => {
    const { config, pipeline, standin } = await setUp({});
    open.push(await startPubchemFetcher(config));
    standin.setFaults({ badUtf8Cid: 4 });
    const result = await runCli(['fetch', 'pubchem', '--cids', '2244,4,702', '--formats', 'sdf', '--wait'], config, { killAfterMs: 240_000 });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('1 dead-lettered (1 INPUT_NOT_UTF8');
    expect(standin.stats().injected.badUtf8Cid).toBe(1);
    expect([...(await storedCompounds(pipeline.pool)).keys()].sort((a, b) => a - b)).toEqual([702, 2244]);
    const [dead] = await readTopic<{ key: string; errorCode: string; reason: string }>(config, `${config.topicPrefix}.dlq`, 1);
    expect(dead!.value).toMatchObject({ key: '4', errorCode: 'INPUT_NOT_UTF8', reason: expect.stringMatching(/SD record of CID 4 is not well-formed UTF-8 at byte offset \d+ \(line \d+, column 1, byte 0xff\)/) });
  });
});

async function until(check: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 1200 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!check()) throw new Error(`gave up waiting for ${what}`);
}
