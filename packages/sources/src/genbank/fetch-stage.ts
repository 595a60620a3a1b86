import { createHash } from 'node:crypto';
import { join, isAbsolute } from 'node:path';
import { openInput, type InflateLimits } from '@strand/input';
import type { SplitLimits } from '@strand/genbank';
import { urlWithoutPassword, type StrandConfig, type StreamDeadLetter, type StreamingStage, type StreamOutput, type StreamingContext } from '@strand/runtime';
import type { GenbankFetchRequest, GenbankRawValue } from '@strand/pipeline';
import { openSource, type OpenedSource } from '../download/open-source.js';
import { downloadObserver } from '../download/download-metrics.js';
import { resumableDownload } from '../download/resumable-download.js';
import { DEFAULT_DOWNLOAD_LIMITS, type DownloadLimits } from '../download/download-limits.js';
import { FetchCheckpoints } from '../download/fetch-checkpoints.js';
import type { AllowedSource, FetchGuard } from '../download/fetch-guard.js';
import { genbankRecords, type GenbankProgress } from './genbank-records.js';
import type { EutilsClient } from './eutils-client.js';

export interface GenbankFetchStageOptions {
  eutils: EutilsClient;
  checkpoints: FetchCheckpoints;
  /** Where partial downloads are kept between restarts. */
  spoolDir: string;
  /** What a request may name: files under the fetch roots, URLs on allowed hosts with public addresses. */
  guard: FetchGuard;
  /** Most bytes per record and per line (STRAND_GENBANK_MAX_RECORD_BYTES, _LINE_BYTES): a record over them is dead-lettered. */
  limits?: SplitLimits;
  /** Most bytes per download and the stall timeout (STRAND_FETCH_MAX_DOWNLOAD_BYTES, _STALL_TIMEOUT_MS); default 8 GiB and 60 s. */
  download?: DownloadLimits;
  /** Most inflate ratio of a gzip file or download (STRAND_INPUT_MAX_INFLATE_RATIO); absent: none. */
  inflate?: InflateLimits;
}

/** The splitter limits of the configuration. */
export function genbankLimits(config: Pick<StrandConfig, 'genbankMaxRecordBytes' | 'genbankMaxLineBytes'>): SplitLimits {
  return { maxRecordBytes: config.genbankMaxRecordBytes, maxLineBytes: config.genbankMaxLineBytes };
}

/** The spool folder under the state folder (STRAND_STATE_DIR, relative to the working directory). */
export function spoolDirOf(stateDir: string): string {
  return isAbsolute(stateDir) ? join(stateDir, 'spool') : join(process.cwd(), stateDir, 'spool');
}

/**
 * The GenBank fetch stage: one fetch request in, every record it names out to the raw topic.
 * - a file or URL (a release division file): downloaded with HTTP Range resume through a local
 *   spool, gunzipped and split as bytes arrive; after each durable flush the runner saves a
 *   checkpoint, so a request picked up again (crash, rebalance) skips what was published;
 * - an id batch: one E-utilities efetch (rate-limited across instances, retried, circuit-broken).
 * A file or URL the fetch allow-list refuses (FetchGuard) is dead-lettered as FETCH_REFUSED before
 * anything is read from it.
 */
export function genbankFetchStage(opts: GenbankFetchStageOptions): StreamingStage<GenbankFetchRequest, GenbankRawValue, GenbankProgress> {
  const { checkpoints } = opts;
  /** Download progress per request in progress, saved with its checkpoints (for `strand fetch --wait`). */
  const downloads = new Map<string, { received: number; total: number }>();
  return {
    kind: 'streaming',
    name: 'genbank.fetcher',
    async *stream(request, ctx): AsyncGenerator<StreamOutput<GenbankRawValue, GenbankProgress> | StreamDeadLetter> {
      ctx.logger.info('fetch request', { requestId: request.requestId, source: request.source, ids: request.ids.length });
      if (request.ids.length > 0) {
        const stream = await opts.eutils.fetchGenbank(request.ids, ctx.signal);
        yield* genbankRecords({ uri: `efetch:${request.ids[0]}+${request.ids.length - 1}`, stream, totalBytes: null }, limitsOf(opts));
        return;
      }
      const allowed = await opts.guard.check(request.source);
      const previous = await checkpoints.get(request.requestId);
      if (previous?.done) return;
      if (previous) ctx.logger.info('resuming fetch', { requestId: request.requestId, source: request.source, publishedBytes: previous.publishedBytes, records: previous.records });
      const source = await open(allowed, opts, ctx, (received, total) => downloads.set(request.requestId, { received, total }));
      yield* genbankRecords(source, { resumeAt: previous?.publishedBytes ?? 0, recordsBefore: previous?.records ?? 0, ...limitsOf(opts) });
    },
    checkpoint: (request, progress) => {
      const download = downloads.get(request.requestId);
      return checkpoints.save({ requestId: request.requestId, source: request.source, publishedBytes: progress.bytes, records: progress.records, done: false, ...(download ? { download } : {}) });
    },
    done: (request) => {
      downloads.delete(request.requestId);
      return request.ids.length > 0 ? Promise.resolve() : checkpoints.forget(request.requestId);
    },
  };
}

const limitsOf = (opts: GenbankFetchStageOptions): { limits?: SplitLimits } => (opts.limits === undefined ? {} : { limits: opts.limits });

/**
 * Opens what the guard allowed: the real path of a file, or a URL (recorded as each record's origin
 * without its password), within the download and inflate limits.
 */
async function open(source: AllowedSource, opts: GenbankFetchStageOptions, ctx: StreamingContext, onDownload: (received: number, total: number) => void): Promise<OpenedSource> {
  const inflate = opts.inflate ? { limits: opts.inflate } : {};
  if (source.kind === 'file') return openSource(source.path, opts.inflate ? { inflate: opts.inflate } : {});
  const spoolPath = join(opts.spoolDir, createHash('sha256').update(source.url).digest('hex').slice(0, 32));
  const limits = opts.download ?? DEFAULT_DOWNLOAD_LIMITS;
  const uri = urlWithoutPassword(source.url);
  const observer = downloadObserver('genbank', uri, spoolPath);
  const chunks = observer.follow(resumableDownload({
    url: source.url, spoolPath, limits, onProgress: (p) => { observer.onProgress(p); onDownload(p.downloaded, p.total); },
    policy: { timeoutMs: 120_000, retry: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 20_000 }, signal: ctx.signal },
  }));
  return { uri, stream: openInput(chunks, { name: uri, ...inflate }), totalBytes: null };
}
