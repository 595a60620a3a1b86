import { createReadStream, existsSync, mkdirSync, openSync, closeSync, writeSync, statSync, readFileSync, writeFileSync, truncateSync, ftruncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { fetchWithPolicy, type FetchPolicy } from '@strand/resilience';
import { StrandError, isRetriable, retry } from '@strand/runtime';
import { checkAnnouncedLength, DEFAULT_DOWNLOAD_LIMITS, stallWatch, type DownloadLimits, type StallWatch } from './download-limits.js';

export interface DownloadProgress {
  url: string;
  /** Bytes of the file held in the spool so far. */
  downloaded: number;
  total: number;
  /** HTTP requests made for the body (1 when nothing went wrong). */
  requests: number;
}

export interface ResumableDownloadOptions {
  url: string;
  /** Local spool: the bytes received so far survive a restart, so the download resumes with HTTP Range. */
  spoolPath: string;
  policy: FetchPolicy;
  /** Most bytes (refused on the announced length, before spooling) and the stall timeout; default 8 GiB and 60 s. */
  limits?: DownloadLimits;
  onProgress?: (p: DownloadProgress) => void;
}

interface SpoolMeta { url: string; etag: string | null; lastModified: string | null; total: number }

/**
 * Redirects are not followed: the URL was checked against the fetch allow-list (FetchGuard), and
 * the place a redirect points to was not. A 3xx answer is FETCH_REFUSED.
 */
const noRedirects = { redirect: 'manual' } as const;

async function fetchNoRedirect(url: string, init: RequestInit, policy: FetchPolicy): Promise<Response> {
  try {
    return await fetchWithPolicy(url, { ...init, ...noRedirects }, policy);
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 300 && status < 400) {
      throw new StrandError('FETCH_REFUSED', `${url} answered HTTP ${status} (a redirect); redirects are not followed, so that every host fetched from is checked: name the final URL`, { cause: err });
    }
    throw err;
  }
}

/** Size and validators of the remote file (HEAD); a size over the download limit is refused here, before anything is spooled. */
async function probe(url: string, policy: FetchPolicy, limits: DownloadLimits): Promise<SpoolMeta> {
  const res = await fetchNoRedirect(url, { method: 'HEAD' }, policy);
  const total = Number(res.headers.get('content-length'));
  if (!Number.isFinite(total) || total <= 0) throw new StrandError('INPUT_UNREADABLE', `${url}: the server gives no Content-Length, so the download cannot be resumed`);
  checkAnnouncedLength(url, total, limits);
  return { url, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'), total };
}

/** A Range request that has brought its first bytes; the rest of its body is still to be read. */
interface Segment {
  first: Buffer;
  rest: AsyncIterator<Uint8Array>;
  /** Aborts the request when no byte arrives for the stall timeout; touched on every piece. */
  stall: StallWatch;
}

/**
 * Yields the bytes of a remote file from the start, exactly once each, while keeping them in a
 * local spool. Bytes already spooled (from before a crash or restart) are read from disk; the rest
 * is fetched with `Range: bytes=N-` and `If-Range`, reconnecting from the last byte received when
 * a connection resets, a body stalls (no byte for `limits.stallTimeoutMs`) or ends short, or the
 * server answers 429/5xx. If the file changed upstream (validator differs), the spool is discarded
 * and the download starts over. A file announced larger than `limits.maxBytes` is refused
 * (INPUT_TOO_LARGE) before a byte is spooled, and no more bytes than announced are ever kept: what
 * a server sends past its announced length is dropped.
 *
 * Reconnecting is the one retry() of @strand/runtime, around opening a segment (a Range request
 * up to its first bytes): an attempt that brings no bytes is a failed attempt, backed off, and
 * `policy.retry.maxAttempts` of them in a row give up with the last one's error. A segment that
 * brought bytes starts a fresh retry for the next one, so progress resets the count. Bytes are
 * yielded as they arrive; `policy.signal` stops the download at once.
 */
export async function* resumableDownload(opts: ResumableDownloadOptions): AsyncGenerator<Buffer> {
  const { url, spoolPath, policy } = opts;
  const limits = opts.limits ?? DEFAULT_DOWNLOAD_LIMITS;
  const remote = await probe(url, policy, limits);
  mkdirSync(dirname(spoolPath), { recursive: true });
  const metaPath = `${spoolPath}.json`;
  const previous: SpoolMeta | null = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as SpoolMeta) : null;
  const sameFile = previous !== null && previous.url === url && previous.total === remote.total && previous.etag === remote.etag && previous.lastModified === remote.lastModified;
  if (!sameFile && existsSync(spoolPath)) truncateSync(spoolPath, 0);
  writeFileSync(metaPath, JSON.stringify(remote));

  let downloaded = existsSync(spoolPath) ? Math.min(statSync(spoolPath).size, remote.total) : 0;
  let requests = 0;
  if (downloaded > 0) {
    for await (const chunk of createReadStream(spoolPath, { start: 0, end: downloaded - 1 })) yield chunk as Buffer;
  }
  // Each attempt is one request: the status retries (429/5xx, Retry-After) happen in the same retry as the body ones.
  const once: FetchPolicy = { ...policy, retry: { ...policy.retry, maxAttempts: 1 } };
  const fd = openSync(spoolPath, existsSync(spoolPath) ? 'r+' : 'w');
  try {
    ftruncateSync(fd, downloaded);
    while (downloaded < remote.total) {
      const offset = downloaded;
      const segment = await retry(
        (attempt, signal) => {
          requests++;
          return openSegment(url, remote, offset, { ...once, signal }, attempt, limits);
        },
        policy.retry,
        { signal: policy.signal, onRetry: policy.onRetry, isRetriable: worthReconnecting },
      );
      try {
        for (let piece: Uint8Array | null = segment.first; piece !== null && downloaded < remote.total; ) {
          // Bytes past the announced length are not the file's: they are dropped.
          const chunk = Buffer.from(piece.buffer, piece.byteOffset, Math.min(piece.byteLength, remote.total - downloaded));
          if (chunk.length > 0) {
            segment.stall.touch();
            writeSync(fd, chunk, 0, chunk.length, downloaded);
            downloaded += chunk.length;
            opts.onProgress?.({ url, downloaded, total: remote.total, requests });
            yield chunk;
          }
          if (downloaded >= remote.total) break;
          const next = await segment.rest.next();
          piece = next.done ? null : next.value;
        }
      } catch {
        if (policy.signal?.aborted) throw policy.signal.reason;
        // Reset, stall (the stall watch or the per-attempt timeout aborts the body) or truncation: the next segment starts at `downloaded`.
      } finally {
        segment.stall.stop();
        await segment.rest.return?.().catch(() => undefined);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A changed file is not retried here: the download has to start over, which is the caller's retry. */
function worthReconnecting(err: unknown): boolean {
  return !(err instanceof StrandError && err.code === 'INPUT_CHANGED') && isRetriable(err);
}

/**
 * One attempt: a Range request from `offset`, read up to its first bytes. A body that fails or ends
 * before bringing any is a retriable DOWNLOAD_FAILED, so that fruitless reconnects are counted.
 */
async function openSegment(url: string, remote: SpoolMeta, offset: number, attemptPolicy: FetchPolicy, attempt: number, limits: DownloadLimits): Promise<Segment> {
  const validator = remote.etag ?? remote.lastModified;
  const headers: Record<string, string> = { Range: `bytes=${offset}-` };
  if (validator) headers['If-Range'] = validator;
  // The stall watch covers the wait for the headers and for every piece of the body.
  const stall = stallWatch(url, limits, () => offset);
  const policy: FetchPolicy = { ...attemptPolicy, signal: attemptPolicy.signal ? AbortSignal.any([attemptPolicy.signal, stall.signal]) : stall.signal };
  try {
    return { ...(await readFirstBytes(url, remote, offset, policy, attempt, headers)), stall };
  } catch (err) {
    stall.stop();
    // A stall is a failed attempt like a reset: retried, with the stall's own reason.
    if (stall.signal.aborted && !attemptPolicy.signal?.aborted) throw stall.signal.reason;
    throw err;
  }
}

async function readFirstBytes(url: string, remote: SpoolMeta, offset: number, policy: FetchPolicy, attempt: number, headers: Record<string, string>): Promise<Omit<Segment, 'stall'>> {
  const res = await fetchNoRedirect(url, { headers }, policy);
  if (res.status === 200 && offset > 0) {
    // The server ignored the range (or the file changed): take the body from the start again.
    await res.body?.cancel();
    throw new StrandError('INPUT_CHANGED', `${url} changed while downloading (no 206 for the range request); restart the request`);
  }
  const fruitless = (why: string, cause?: unknown): StrandError =>
    new StrandError('DOWNLOAD_FAILED', `${url}: request ${attempt} in a row brought no bytes (at ${offset} of ${remote.total}): ${why}`, cause === undefined ? {} : { cause });
  if (!res.body) throw fruitless('empty response body');
  const rest = (res.body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await rest.next();
      if (next.done) throw fruitless('the body ended');
      if (next.value.byteLength > 0) return { first: Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength), rest };
    }
  } catch (err) {
    await rest.return?.().catch(() => undefined);
    if (policy.signal?.aborted || (err instanceof StrandError && err.code === 'DOWNLOAD_FAILED')) throw err;
    throw fruitless((err as Error).message, err);
  }
}
