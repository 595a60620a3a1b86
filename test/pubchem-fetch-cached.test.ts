import { describe, it, expect, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { CidCache } from '@strand/sources';
import { createKafka, createLogger, connectAdmin } from '@strand/runtime';
import { waitForDrain } from '@strand/pipeline';
import { isolatedConfig, spawnServices, runCli, topicsOf, type ServiceProcesses } from './helpers.js';
import { clearRedisKeys } from './pubchem-helpers.js';

/**
 * A request whose 1,500 payloads are all in the cache makes ~4.7 MB of output at once (over 1 MB
 * per partition). The fetcher used to send them in one produce request, whose record batches the
 * broker refuses ("larger than the max message size"), and retried it forever (seen on the previous
 * main: attempt 17 and counting); now the runner's one batch policy sends requests the broker accepts.
 */
describe('a large PubChem request served from the cache', () => {
  const config = isolatedConfig({ STRAND_PUBCHEM_URL: 'http://127.0.0.1:9/rest/pug' }); // nothing may be fetched
  let services: ServiceProcesses | undefined;
  afterAll(async () => { await services?.stop(); await clearRedisKeys(config); });

  it('publishes every cached payload and commits the request', async () => {
    const cids = Array.from({ length: 1500 }, (_, i) => 800_000_001 + i);
    const redis = new Redis(config.redisUrl);
    try {
      const cache = new CidCache(redis, { prefix: `${config.topicPrefix}:pubchem:cache`, ttlSeconds: 600 });
      const payload = (cid: number) => JSON.stringify({ PropertyTable: { Properties: [{ CID: cid, MolecularFormula: 'C2H6O', Title: 'x'.repeat(3000) }] } });
      await cache.setMany('property-table', new Map(cids.map((cid) => [cid, payload(cid)])));
    } finally {
      redis.disconnect();
    }
    services = spawnServices(config, ['fetcher']);
    const queued = await runCli(['fetch', 'pubchem', '--cid-range', `${cids[0]}-${cids.at(-1)}`], config);
    expect(queued.code, queued.stderr).toBe(0);
    const admin = await connectAdmin(createKafka(config, createLogger('error'), 'test'), config);
    try {
      await waitForDrain(admin, [{ groupId: `${config.topicPrefix}.pubchem.fetcher`, topic: topicsOf(config).pubchemRequests }], { timeoutMs: 120_000 });
      const raw = await admin.fetchTopicOffsets(topicsOf(config).pubchemRaw);
      expect(raw.reduce((n, p) => n + Number(p.high), 0)).toBe(1500);
      const dlq = await admin.fetchTopicOffsets(topicsOf(config).deadLetter);
      expect(dlq.reduce((n, p) => n + Number(p.high), 0)).toBe(0);
    } finally {
      await admin.disconnect();
    }
  });
});
