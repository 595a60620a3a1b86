import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { note, UsageError, queueFetchRequests, positiveOption, type GenbankFetchRequest, type PipelineContext, type SourceCommand } from '@strand/pipeline';
import { loadConfig, withDeadline } from '@strand/runtime';
import { EutilsClient, efetchMaxIds } from './eutils-client.js';

const usage = 'usage: strand fetch genbank (--url URL | --file PATH | --ids ACC,ACC,... | --query TERM) [--wait]';

/**
 * `strand fetch genbank ...`: queue fetch work for the fetcher service(s) on the fetch topic: one
 * request per file or URL (resumable), or one per batch of up to 200 accessions (E-utilities efetch).
 */
async function fetchGenbank(args: string[], connect: () => Promise<PipelineContext>): Promise<number> {
  const { values } = parseArgs({
    args, allowPositionals: true,
    options: { url: { type: 'string' }, file: { type: 'string' }, ids: { type: 'string' }, query: { type: 'string' }, wait: { type: 'boolean', default: false }, 'timeout-s': { type: 'string', default: '3600' } },
  });
  const timeoutS = positiveOption('--timeout-s', values['timeout-s'], { max: 30 * 24 * 3600 });
  const chosen = ['url', 'file', 'ids', 'query'].filter((k) => values[k as 'url'] !== undefined);
  if (chosen.length !== 1) throw new UsageError(`${usage}\n(give exactly one of --url, --file, --ids, --query)`);
  const config = loadConfig();
  let ids: string[] = [];
  if (values.query !== undefined) {
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    await withDeadline(redis.connect(), config.connectTimeoutMs, 'REDIS_UNREACHABLE', `Redis ${config.redisUrl}`);
    try {
      ids = await new EutilsClient({ baseUrl: config.ncbiEutilsUrl, apiKey: config.ncbiApiKey, redis, budgetKey: config.rateLimitKey }).search(values.query);
    } finally {
      redis.disconnect();
    }
    note(`esearch "${values.query}": ${ids.length} ids`);
  } else if (values.ids !== undefined) {
    ids = values.ids.split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length === 0) throw new UsageError('--ids needs at least one accession');
  }
  const requests: GenbankFetchRequest[] = [];
  const requestedAt = Date.now();
  if (values.url !== undefined || values.file !== undefined) {
    requests.push({ requestId: randomUUID(), source: values.url ?? resolve(values.file!), requestedAt, ids: [] });
  }
  for (let i = 0; i < ids.length; i += efetchMaxIds) requests.push({ requestId: randomUUID(), source: '', requestedAt, ids: ids.slice(i, i + efetchMaxIds) });
  return queueFetchRequests(connect, {
    source: 'genbank', topic: 'fetch', requests, key: (r) => r.requestId, wait: values.wait, timeoutMs: timeoutS * 1000,
    landed: 'all fetched records are in PostgreSQL (or the dead-letter topic)',
  });
}

/** `strand fetch genbank ...` */
export const genbankFetchCommand: SourceCommand = {
  summary: 'queue GenBank fetch work: resumable division downloads, efetch batches of 200',
  usage,
  run: fetchGenbank,
};
