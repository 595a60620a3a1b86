import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { note, UsageError, queueFetchRequests, positiveOption, parseSourceArgs, type GenbankFetchRequest, type PipelineContext, type SourceCommand, type SourceCommandOption } from '@strand/pipeline';
import { StrandError, dependencyErrorCode, describeError, loadConfig, withDeadline } from '@strand/runtime';
import { EutilsClient, efetchMaxIds } from './eutils-client.js';
import { FetchGuard } from '../download/fetch-guard.js';
import { FetchCheckpoints } from '../download/fetch-checkpoints.js';

const usage = 'usage: strand fetch genbank (--url URL | --file PATH | --ids ACC,ACC,... | --query TERM) [--wait]';

const options: SourceCommandOption[] = [
  { name: 'url', value: 'URL', description: 'a division file or record file to download (resumable; an allowed host: docs/security.md)' },
  { name: 'file', value: 'PATH', description: 'a local file, plain or gzip, under STRAND_FETCH_FILE_ROOTS' },
  { name: 'ids', value: 'ACC,...', description: 'accessions, fetched with E-utilities efetch in batches of 200' },
  { name: 'query', value: 'TERM', description: 'an Entrez search term (esearch), its hits fetched as with --ids' },
  { name: 'wait', description: 'wait until every record is in PostgreSQL or dead-lettered, showing progress; exit 1 if any was dead-lettered' },
  { name: 'timeout-s', value: 'SECONDS', description: 'give up waiting after this many seconds', default: '3600' },
];

/**
 * `strand fetch genbank ...`: queue fetch work for the fetcher service(s) on the fetch topic: one
 * request per file or URL (resumable), or one per batch of up to 200 accessions (E-utilities efetch).
 * A file or URL is checked against the fetch allow-list (FetchGuard) before anything is queued, so
 * a refused one fails here (FETCH_REFUSED, exit 1) with the rule the fetcher would dead-letter it by.
 */
async function fetchGenbank(args: string[], connect: () => Promise<PipelineContext>): Promise<number> {
  const values = parseSourceArgs(options, args) as { url?: string; file?: string; ids?: string; query?: string; wait?: boolean; 'timeout-s': string };
  const timeoutS = positiveOption('--timeout-s', values['timeout-s'], { max: 30 * 24 * 3600 });
  const chosen = ['url', 'file', 'ids', 'query'].filter((k) => values[k as 'url'] !== undefined);
  if (chosen.length !== 1) throw new UsageError(`${usage}\n(give exactly one of --url, --file, --ids, --query)`);
  const config = loadConfig();
  if (values.url !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(values.url)) throw new UsageError('--url needs an http(s) URL (use --file for a local file)');
  const source = values.url ?? (values.file !== undefined ? resolve(values.file) : undefined);
  if (source !== undefined) await FetchGuard.fromConfig(config).check(source);
  let ids: string[] = [];
  if (values.query !== undefined) {
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    redis.on('error', () => undefined); // connect() below reports the failure, once
    await withDeadline(redis.connect(), config.connectTimeoutMs, 'REDIS_UNREACHABLE', `Redis ${config.redisUrl}`).catch((err: unknown) => {
      redis.disconnect();
      if (err instanceof StrandError) throw err;
      throw new StrandError(dependencyErrorCode(err, 'REDIS_UNREACHABLE'), `Redis ${config.redisUrl}: ${describeError(err).message}`, { cause: err });
    });
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
  if (source !== undefined) requests.push({ requestId: randomUUID(), source, requestedAt, ids: [] });
  for (let i = 0; i < ids.length; i += efetchMaxIds) requests.push({ requestId: randomUUID(), source: '', requestedAt, ids: ids.slice(i, i + efetchMaxIds) });
  // Download progress from the fetcher's checkpoints; a request's last figure is kept once it is done (its row is deleted).
  const seen = new Map<string, { received: number; total: number }>();
  const downloadIds = requests.filter((r) => r.ids.length === 0).map((r) => r.requestId);
  return queueFetchRequests(connect, {
    source: 'genbank', topic: 'fetch', requests, key: (r) => r.requestId, wait: values.wait === true, timeoutMs: timeoutS * 1000,
    what: 'records',
    ...(downloadIds.length > 0 && source !== undefined && /^https?:/i.test(source) ? {
      downloaded: async (ctx: PipelineContext) => {
        for (const [id, d] of await new FetchCheckpoints(ctx.pool).downloads(downloadIds)) seen.set(id, d);
        if (seen.size === 0) return null;
        const all = [...seen.values()];
        return { read: all.reduce((n, d) => n + d.received, 0), total: all.reduce((n, d) => n + d.total, 0) };
      },
    } : {}),
  });
}

/** `strand fetch genbank ...` */
export const genbankFetchCommand: SourceCommand = {
  summary: 'queue GenBank fetch work: resumable division downloads, efetch batches of 200',
  usage,
  options,
  examples: [
    'strand fetch genbank --file /data/gbbct1.seq.gz --wait',
    'strand fetch genbank --url https://ftp.ncbi.nlm.nih.gov/genbank/gbphg1.seq.gz',
    'strand fetch genbank --ids NC_005816,EU851978 --wait --timeout-s 600',
    'strand fetch genbank --query "Yersinia pestis[orgn]"',
  ],
  run: fetchGenbank,
};
