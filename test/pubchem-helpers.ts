import type { StrandConfig } from '@strand/runtime';
import { connectPool, migrate } from '@strand/db';
import { pubchemSource, type PugRestClient, type PubchemSourceOptions } from '@strand/sources';
import { loadPubchemFixtures, startPubchemStandin, type PubchemStandin, type PubchemStandinOptions } from '@strand/standins';
import type pg from 'pg';
import { testData, spawnServices, startRolesInProcess } from './helpers.js';

/** The PubChem stand-in on a random port, serving test-data/pubchem plus the solubility set as synthetic CIDs. */
export async function startStandin(opts: Omit<PubchemStandinOptions, 'records'> = {}): Promise<PubchemStandin> {
  const records = await loadPubchemFixtures({ pubchemDir: testData('pubchem'), syntheticSdf: testData('molecules', 'solubility.test.sdf') });
  return startPubchemStandin({ records, ...opts });
}

export interface PubchemPipeline {
  pool: pg.Pool;
  stop(): Promise<void>;
}

/**
 * Runs the parser, enricher and sink SERVICES (their real entry points) as child processes, as in
 * production: the RDKit work of the enricher then cannot stall the event loop of a fetcher running
 * in the test process. Each service also runs its GenBank stage, idle here.
 */
export async function startPubchemServices(config: StrandConfig): Promise<PubchemPipeline> {
  const pool = await connectPool(config);
  await migrate(pool, config.dbSchema);
  const services = spawnServices(config, ['parser', 'enricher', 'sink']);
  return {
    pool,
    stop: async () => {
      await services.stop();
      await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
      await pool.end();
    },
  };
}

/** The same services; kept as a name for the tests that used an in-process copy before. */
export const startPubchemPipeline = startPubchemServices;

/** Test settings: short timeouts and backoff, a breaker that reopens quickly, so faults are waited out in seconds. */
export const fastClient: PubchemSourceOptions['client'] = {
  timeoutMs: 2_000,
  retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 },
};

export interface PubchemFetcher {
  client: PugRestClient;
  stop(): Promise<void>;
}

/** Starts the fetcher role in this process through the service's own wiring, with a PubChem source tuned for tests (limiter and cache keys derived from the prefix). */
export async function startPubchemFetcher(config: StrandConfig, opts: PubchemSourceOptions = {}): Promise<PubchemFetcher> {
  let client: PugRestClient | undefined;
  const source = pubchemSource({ ...opts, client: { ...fastClient, ...opts.client }, onClient: (c) => { client = c; } });
  const running = await startRolesInProcess(config, ['fetcher'], [source]);
  return { client: client!, stop: running.stop };
}

/** CID -> row of what the sink holds. */
export async function storedCompounds(pool: pg.Pool): Promise<Map<number, { formula: string | null; provenance: Record<string, string>; source_formats: string[]; rdkit: unknown }>> {
  const { rows } = await pool.query<{ cid: string; formula: string | null; provenance: Record<string, string>; source_formats: string[]; rdkit: unknown }>(
    'SELECT cid, formula, provenance, source_formats, rdkit FROM compounds WHERE cid IS NOT NULL');
  return new Map(rows.map((r) => [Number(r.cid), r]));
}

/** Redis keys of a config's limiter and cache, removed after a test. */
export async function clearRedisKeys(config: StrandConfig): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisUrl);
  try {
    for (const pattern of [`${config.topicPrefix}:pubchem*`, `strand:ratelimit:{${config.topicPrefix}:pubchem}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
