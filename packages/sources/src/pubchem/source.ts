import { loadRdkit, DescriptorPool } from '@strand/chem';
import { join } from 'node:path';
import type { SourceDefinition } from '@strand/pipeline';
import { PugRestClient, type PugRestClientOptions } from './pug-rest-client.js';
import { CidCache } from './cid-cache.js';
import { pubchemFetchStage } from './fetch-stage.js';
import { createPubchemParseStage, compoundKey, sdfLimitsOf } from './parse-stage.js';
import { createPubchemEnrichStage } from './enrich-stage.js';
import { compoundRowsStage } from './sink-rows.js';
import { compoundWriter } from './sink-writer.js';
import { pubchemFetchCommand } from './fetch-command.js';

export interface PubchemSourceOptions {
  /** Client settings (timeouts, retry, breaker, windows, batch bounds), for tests and tuning. */
  client?: Partial<Omit<PugRestClientOptions, 'baseUrl' | 'redis' | 'limiterKey'>>;
  /** Sees the fetcher's client once it is built (tests read its breaker and counters). */
  onClient?: (client: PugRestClient) => void;
  cacheTtlSeconds?: number;
}

const enrichedKey = (v: { cid: number | null; properties: { inchiKey?: string | null } }): string | null => (v.cid !== null ? String(v.cid) : v.properties.inchiKey ?? null);

/**
 * PubChem compounds: CID lists and ranges, names and SMILES fetched through PUG REST within
 * PubChem's limits (a budget shared by every fetcher instance, a per-CID cache), parsed from
 * property tables, JSON and SDF, enriched with RDKit descriptors, upserted into compounds.
 */
export function pubchemSource(opts: PubchemSourceOptions = {}): SourceDefinition {
  return {
    name: 'pubchem',
    description: 'PubChem compounds through PUG REST',
    topics: [
      { name: 'requests', schemaFile: 'pubchem.requests.avsc' },
      { name: 'raw', schemaFile: 'pubchem.raw.avsc' },
      { name: 'parsed', schemaFile: 'pubchem.parsed.avsc' },
      { name: 'enriched', schemaFile: 'pubchem.enriched.avsc' },
    ],
    stages: [
      {
        role: 'fetcher', input: 'requests',
        create: async (ctx) => {
          const { config } = ctx;
          const redis = await ctx.redis();
          const stopping = new AbortController();
          const client = new PugRestClient({ baseUrl: config.pubchemUrl, redis, limiterKey: `${config.rateLimitKey}:pubchem`, logger: ctx.logger, signal: stopping.signal, maxAnswerBytes: config.pubchemMaxJsonBytes, ...opts.client });
          opts.onClient?.(client);
          const cache = new CidCache(redis, { prefix: `${config.topicPrefix}:pubchem:cache`, ttlSeconds: opts.cacheTtlSeconds ?? 7 * 24 * 3600 });
          return {
            stage: pubchemFetchStage(client, cache), output: { kind: 'topic', topic: ctx.topic('raw'), key: (v) => String(v.cids[0]) },
            close: async () => { stopping.abort(); },
          };
        },
      },
      { role: 'parser', input: 'raw', create: (ctx) => ({ stage: createPubchemParseStage(sdfLimitsOf(ctx.config)), output: { kind: 'topic', topic: ctx.topic('parsed'), key: compoundKey } }) },
      {
        role: 'enricher', input: 'parsed',
        create: async (ctx) => {
          // RDKit (WebAssembly) runs in the pool's workers, which start on the first compound (an enricher that only
          // sees GenBank never loads it); without workers it loads once here, before the stage starts consuming.
          const { config } = ctx;
          const pool = config.enrichWorkers > 0 ? new DescriptorPool(config.enrichWorkers, { timeoutMs: config.rdkitTimeoutMs, maxMemoryMb: config.rdkitMaxMemoryMb }) : undefined;
          const rdkit = pool ? undefined : await loadRdkit();
          return {
            stage: createPubchemEnrichStage(rdkit, { mode: config.enrichMode, maxAtoms: config.rdkitMaxAtoms, ...(pool ? { pool } : {}) }),
            output: { kind: 'topic', topic: ctx.topic('enriched'), key: enrichedKey },
            close: async () => { await pool?.close(); },
          };
        },
      },
      { role: 'sink', input: 'enriched', create: (ctx) => ({ stage: compoundRowsStage, output: compoundWriter(ctx.pool) }) },
    ],
    tables: ['compounds'],
    legacyGroups: { fetcher: 'pubchem-fetcher', parser: 'pubchem-parser', enricher: 'pubchem-enricher', sink: 'pubchem-sink' },
    commands: { fetch: pubchemFetchCommand },
    standin: {
      // The bundled PubChem records, plus the solubility set under made-up CIDs 900000001-900000257 (marked synthetic).
      start: async (testDataDir) => {
        const { loadPubchemFixtures, startPubchemStandin } = await import('@strand/standins');
        const records = await loadPubchemFixtures({ pubchemDir: join(testDataDir, 'pubchem'), syntheticSdf: join(testDataDir, 'molecules', 'solubility.test.sdf') });
        return startPubchemStandin({ records });
      },
      env: (url) => ({ STRAND_PUBCHEM_URL: `${url}/rest/pug` }),
    },
  };
}
