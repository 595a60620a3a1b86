// Benchmark: Strand's PubChem fetcher path against a naive one-CID-per-request client, on the same
// CIDs, each against its own PubChem stand-in enforcing PubChem's published limits (5 requests/s,
// 400/min; 503 past them; 20 refusals in a minute block the client for 60 s).
//
//   npx tsc -b && node bench/pubchem-fetch.mjs [--cids 2000] [--naive-seconds 60]
//
// Needs Redis at STRAND_REDIS_URL (default redis://127.0.0.1:6379): the limiter and the cache live
// there. Keys are unique per run and deleted afterwards; the cache is empty, so every CID costs a
// request. Strand's path is the fetch job the fetcher service runs (adaptive batches by POST,
// shared limiter, retries, breaker), minus Kafka: payloads are counted instead of published.
// The CIDs are synthetic (the stand-in's syntheticCids option: made-up CIDs answered with copies of
// real structures, marked StrandSynthetic).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Redis } from 'ioredis';
import { loadPubchemFixtures, startPubchemStandin } from '../packages/standins/dist/index.js';
import { CidCache, PugRestClient, PROPERTY_LIST, pubchemFetchJob } from '../packages/sources/dist/index.js';
import { SharedRateLimiter } from '../packages/resilience/dist/index.js';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const cidCount = arg('--cids', 2000);
const naiveSeconds = arg('--naive-seconds', 60);
const formats = ['property-table', 'json', 'sdf'];
const cids = Array.from({ length: cidCount }, (_, i) => 910_000_001 + i);
const records = await loadPubchemFixtures({ pubchemDir: 'test-data/pubchem', syntheticSdf: 'test-data/molecules/solubility.test.sdf' });
const redisUrl = process.env.STRAND_REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `bench-${randomBytes(4).toString('hex')}`;

function summary(stats, seconds) {
  return {
    requests: stats.requests,
    requestsPerSecond: stats.requests / seconds,
    maxPerSecond: stats.maxPerSecond,
    maxPerMinute: stats.maxPerMinute,
    rateLimited503: stats.busyRateLimited,
    blocked503: stats.busyBlocked,
  };
}

// --- Strand: batches by POST, shared Redis limiter (5 per 1100 ms, 400 per 61 s), all three formats.
async function strand() {
  const standin = await startPubchemStandin({ records, syntheticCids: true });
  const redis = new Redis(redisUrl);
  const client = new PugRestClient({ baseUrl: `${standin.url}/rest/pug`, redis, limiterKey: `${run}:pubchem` });
  const cache = new CidCache(redis, { prefix: `${run}:cache`, ttlSeconds: 600 });
  const byFormat = Object.fromEntries(formats.map((f) => [f, 0]));
  const start = performance.now();
  const result = { cids: 0, fromCache: 0, fetched: 0, notFound: 0 };
  for await (const item of pubchemFetchJob({ requestId: run, requestedAt: Date.now(), cids, cidRange: null, names: [], smiles: [], formats }, client, cache, result)) {
    if (item.deadLetter) throw new Error(`unexpected not-found ${item.deadLetter.key}: ${item.deadLetter.error.message}`);
    byFormat[item.value.format]++;
  }
  const seconds = (performance.now() - start) / 1000;
  const stats = standin.stats();
  await standin.close();
  await deleteKeys(redis, [`${run}:*`, `strand:ratelimit:{${run}:pubchem}*`]);
  redis.disconnect();
  return { seconds, payloads: result.fetched, byFormat, compoundsPerSecond: cidCount / seconds, payloadsPerSecond: result.fetched / seconds, finalBatch: Object.fromEntries(formats.map((f) => [f, client.sizers[f].size])), ...summary(stats, seconds) };
}

// --- Naive: one GET per CID (property table), sequential; on 503 it waits 1 s and tries again. Time-boxed.
// Without a limiter (what a quick script does), or with the same shared limiter as Strand (batching alone compared).
async function naive(seconds, withLimiter) {
  const standin = await startPubchemStandin({ records, syntheticCids: true });
  const redis = withLimiter ? new Redis(redisUrl) : null;
  const limiter = redis ? new SharedRateLimiter(redis, { key: `${run}:naive`, windows: [{ limit: 5, perMs: 1100 }, { limit: 400, perMs: 61_000 }] }) : null;
  const props = PROPERTY_LIST.join(',');
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let done = 0;
  for (const cid of cids) {
    while (performance.now() < deadline) {
      await limiter?.acquire();
      const res = await fetch(`${standin.url}/rest/pug/compound/cid/${cid}/property/${props}/JSON`);
      await res.text();
      if (res.ok) { done++; break; }
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (performance.now() >= deadline) break;
  }
  const elapsed = (performance.now() - start) / 1000;
  const stats = standin.stats();
  await standin.close();
  if (redis) {
    await deleteKeys(redis, [`strand:ratelimit:{${run}:naive}*`]);
    redis.disconnect();
  }
  return { seconds: elapsed, compounds: done, compoundsPerSecond: done / elapsed, ...summary(stats, elapsed) };
}

async function deleteKeys(redis, patterns) {
  for (const pattern of patterns) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  }
}

function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown';
  const sh = (cmd, a) => { try { return execFileSync(cmd, a, { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } };
  const redisVersion = sh('redis-server', ['--version']).match(/v=(\S+)/)?.[1] ?? 'unknown';
  const pkg = (p) => JSON.parse(readFileSync(p, 'utf8')).version;
  return {
    date: new Date().toISOString(),
    nproc: sh('nproc', []),
    cpu,
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    redis: redisVersion,
    ioredis: pkg('node_modules/ioredis/package.json'),
    kernel: sh('uname', ['-r']),
  };
}

const m = machine();
console.log(`machine: ${JSON.stringify(m)}`);
console.log(`CIDs: ${cidCount} synthetic; Strand fetches ${formats.join(' + ')}; naive fetches property tables, time-boxed at ${naiveSeconds} s`);
const s = await strand();
console.log(`strand: ${JSON.stringify(s)}`);
const n = await naive(naiveSeconds, false);
console.log(`naive: ${JSON.stringify(n)}`);
const p = await naive(Math.min(20, naiveSeconds), true);
console.log(`naive with limiter: ${JSON.stringify(p)}`);
const pct = (x) => `${((x / 5) * 100).toFixed(0)}%`;
console.log(`
| client | CIDs done | payloads | wall s | compounds/s | requests | requests/s (of 5 allowed) | max in any 1 s / 60 s | 503 over the limit | 503 while blocked |
|---|---|---|---|---|---|---|---|---|---|
| Strand fetcher path (POST batches + shared limiter) | ${cidCount} x 3 formats | ${s.payloads} | ${s.seconds.toFixed(1)} | ${s.compoundsPerSecond.toFixed(0)} (${s.payloadsPerSecond.toFixed(0)} payloads/s) | ${s.requests} | ${s.requestsPerSecond.toFixed(2)} (${pct(s.requestsPerSecond)}) | ${s.maxPerSecond} / ${s.maxPerMinute} | ${s.rateLimited503} | ${s.blocked503} |
| naive, one CID per GET, no limiter (time-boxed) | ${n.compounds} of ${cidCount} | ${n.compounds} | ${n.seconds.toFixed(1)} | ${n.compoundsPerSecond.toFixed(2)} | ${n.requests} | ${n.requestsPerSecond.toFixed(2)} (${pct(n.requestsPerSecond)}) | ${n.maxPerSecond} / ${n.maxPerMinute} | ${n.rateLimited503} | ${n.blocked503} |
| naive, one CID per GET, same shared limiter (time-boxed) | ${p.compounds} of ${cidCount} | ${p.compounds} | ${p.seconds.toFixed(1)} | ${p.compoundsPerSecond.toFixed(2)} | ${p.requests} | ${p.requestsPerSecond.toFixed(2)} (${pct(p.requestsPerSecond)}) | ${p.maxPerSecond} / ${p.maxPerMinute} | ${p.rateLimited503} | ${p.blocked503} |
`);
