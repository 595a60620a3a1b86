import { createLogger, type StrandConfig } from '@strand/runtime';
import { connectPipeline, startStageService, type StageService } from '@strand/pipeline';
import { connectPool, migrate } from '@strand/db';
import { loadRdkit } from '@strand/chem';
import { pubchemParseStage, compoundKey } from '@strand/parser';
import { createPubchemEnrichStage } from '@strand/enricher';
import { compoundRowsStage, compoundWriter } from '@strand/sink';
import { runPubchemFetchWorker, type PubchemFetchWorker, type PubchemFetchWorkerOptions } from '@strand/fetcher';
import { loadPubchemFixtures, startPubchemStandin, type PubchemStandin, type PubchemStandinOptions } from '@strand/standins';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { repoRoot } from '@strand/stack';
import type pg from 'pg';
import { testData } from './helpers.js';

/** The PubChem stand-in on a random port, serving test-data/pubchem plus the solubility set as synthetic CIDs. */
export async function startStandin(opts: Omit<PubchemStandinOptions, 'records'> = {}): Promise<PubchemStandin> {
  const records = await loadPubchemFixtures({ pubchemDir: testData('pubchem'), syntheticSdf: testData('molecules', 'solubility.test.sdf') });
  return startPubchemStandin({ records, ...opts });
}

export interface PubchemPipeline {
  pool: pg.Pool;
  stop(): Promise<void>;
}

/** Runs the PubChem parser, enricher and sink stages in this process with the config's topics and schema. */
export async function startPubchemPipeline(config: StrandConfig): Promise<PubchemPipeline> {
  const logger = createLogger('warn', { test: config.topicPrefix });
  const pool = await connectPool(config);
  await migrate(pool, config.dbSchema);
  const rdkit = await loadRdkit();
  const services: StageService[] = [];
  services.push(await startStageService({ serviceName: 'parser', config, logger, stage: pubchemParseStage, input: (t) => t.pubchemRaw, output: (ctx) => ({ kind: 'topic', topic: ctx.topics.pubchemParsed, key: compoundKey }) }));
  services.push(await startStageService({ serviceName: 'enricher', config, logger, stage: createPubchemEnrichStage(rdkit, { mode: config.enrichMode }), input: (t) => t.pubchemParsed, output: (ctx) => ({ kind: 'topic', topic: ctx.topics.pubchemEnriched, key: compoundKey }) }));
  services.push(await startStageService({ serviceName: 'sink', config, logger, stage: compoundRowsStage, input: (t) => t.pubchemEnriched, output: (ctx) => compoundWriter(ctx.pool) }));
  return {
    pool,
    stop: async () => {
      for (const s of services) await s.stop();
      await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
      await pool.end();
    },
  };
}

/**
 * Runs the parser, enricher and sink SERVICES (their built mains) as child processes, as in
 * production: the RDKit work of the enricher then cannot stall the event loop of a fetcher running
 * in the test process (a stalled loop sends a granted request late, and late arrivals bunch up at
 * the server). Each service also runs its GenBank stage, idle here.
 */
export async function startPubchemServices(config: StrandConfig): Promise<PubchemPipeline> {
  const pool = await connectPool(config);
  await migrate(pool, config.dbSchema);
  const env = {
    ...process.env, STRAND_TOPIC_PREFIX: config.topicPrefix, STRAND_DB_SCHEMA: config.dbSchema, STRAND_LOG_LEVEL: 'warn',
    STRAND_PUBCHEM_URL: config.pubchemUrl, STRAND_ENRICH_MODE: config.enrichMode,
  };
  const children: { name: string; child: ChildProcess; stderr: string[] }[] = [];
  for (const name of ['parser', 'enricher', 'sink']) {
    const child = spawn(process.execPath, [join(repoRoot, 'services', name, 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    child.stderr?.on('data', (d: Buffer) => { stderr.push(d.toString()); if (stderr.length > 50) stderr.shift(); });
    children.push({ name, child, stderr });
  }
  return {
    pool,
    stop: async () => {
      for (const { name, child, stderr } of children) {
        if (child.exitCode !== null) {
          process.stderr.write(`${name} service had exited with ${child.exitCode}:\n${stderr.join('')}\n`);
          continue;
        }
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000); // a bound for a hung stop, not a timing assertion
        await exited;
        clearTimeout(timer);
      }
      await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
      await pool.end();
    },
  };
}

/** Test settings: short timeouts and backoff, a breaker that reopens quickly, so faults are waited out in seconds. */
export const fastClient: PubchemFetchWorkerOptions['client'] = {
  timeoutMs: 2_000,
  retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 },
};

/** Starts a PubChem fetch worker in this process (group `<prefix>.pubchem-fetcher`; limiter and cache keys derived from the prefix). */
export async function startPubchemFetcher(config: StrandConfig, opts: PubchemFetchWorkerOptions = {}): Promise<PubchemFetchWorker> {
  const ctx = await connectPipeline('fetcher', { config, logger: createLogger('warn', { test: config.topicPrefix }) });
  const worker = await runPubchemFetchWorker(ctx, { client: fastClient, ...opts });
  return { client: worker.client, stop: async () => { await worker.stop(); await ctx.close(); } };
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
