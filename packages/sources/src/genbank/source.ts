import { join } from 'node:path';
import type { SourceDefinition } from '@strand/pipeline';
import { FetchCheckpoints } from '../download/fetch-checkpoints.js';
import { FetchGuard } from '../download/fetch-guard.js';
import { EutilsClient } from './eutils-client.js';
import { genbankFetchStage, genbankLimits, spoolDirOf } from './fetch-stage.js';
import { downloadLimitsOf } from '../download/download-limits.js';
import { genbankParseStage } from './parse-stage.js';
import { genbankEnrichStage } from './enrich-stage.js';
import { genbankRowsStage } from './sink-rows.js';
import { genbankWriter } from './sink-writer.js';
import { genbankFetchCommand } from './fetch-command.js';

export interface GenbankSourceOptions {
  /** Where partial downloads are kept between restarts (default `<STRAND_STATE_DIR>/spool`). */
  spoolDir?: string;
}

/**
 * GenBank (NCBI): release division files and E-utilities efetch batches, split into records,
 * parsed (the whole flat-file grammar), enriched with sequence SHA-256 and GC content, written to
 * sequences, features, sequence_references and taxonomy_lineages.
 */
export function genbankSource(opts: GenbankSourceOptions = {}): SourceDefinition {
  return {
    name: 'genbank',
    description: 'GenBank flat files from NCBI (division files, efetch)',
    topics: [
      { name: 'fetch', schemaFile: 'genbank.fetch.avsc' },
      { name: 'raw', schemaFile: 'genbank.raw.avsc' },
      { name: 'parsed', schemaFile: 'genbank.parsed.avsc' },
      { name: 'enriched', schemaFile: 'genbank.enriched.avsc' },
    ],
    stages: [
      {
        role: 'fetcher', input: 'fetch',
        create: async (ctx) => {
          const { config } = ctx;
          const eutils = new EutilsClient({ baseUrl: config.ncbiEutilsUrl, apiKey: config.ncbiApiKey, redis: await ctx.redis(), budgetKey: config.rateLimitKey, maxAnswerBytes: config.fetchMaxDownloadBytes });
          const stage = genbankFetchStage({ eutils, checkpoints: new FetchCheckpoints(ctx.pool), spoolDir: opts.spoolDir ?? spoolDirOf(config.stateDir), guard: FetchGuard.fromConfig(config), limits: genbankLimits(config), download: downloadLimitsOf(config), inflate: { maxInflateRatio: config.inputMaxInflateRatio } });
          return { stage, output: { kind: 'topic', topic: ctx.topic('raw'), key: (v) => v.accession } };
        },
      },
      { role: 'parser', input: 'raw', create: (ctx) => ({ stage: genbankParseStage, output: { kind: 'topic', topic: ctx.topic('parsed'), key: (v) => v.accession } }) },
      { role: 'enricher', input: 'parsed', create: (ctx) => ({ stage: genbankEnrichStage, output: { kind: 'topic', topic: ctx.topic('enriched'), key: (v) => v.accession } }) },
      { role: 'sink', input: 'enriched', create: (ctx) => ({ stage: genbankRowsStage, output: genbankWriter(ctx.pool) }) },
    ],
    tables: ['sequences', 'features', 'sequence_references', 'taxonomy_lineages'],
    legacyGroups: { fetcher: 'fetcher', parser: 'parser', enricher: 'enricher', sink: 'sink' },
    commands: { fetch: genbankFetchCommand },
    standin: {
      // Loaded only when started: services never pay for the stand-in code.
      start: async (testDataDir) => (await import('@strand/standins')).startNcbiStandin({ dataDir: join(testDataDir, 'genbank') }),
      env: (url) => ({ STRAND_NCBI_EUTILS_URL: `${url}/entrez/eutils`, STRAND_NCBI_FTP_URL: `${url}/genbank` }),
    },
  };
}
