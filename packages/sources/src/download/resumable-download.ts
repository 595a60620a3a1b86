import { createReadStream, existsSync, mkdirSync, openSync, closeSync, writeSync, statSync, readFileSync, writeFileSync, truncateSync, ftruncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { fetchWithPolicy, backoffDelayMs, sleep, type FetchPolicy } from '@strand/resilience';
import { StrandError } from '@strand/runtime';

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
  onProgress?: (p: DownloadProgress) => void;
}

interface SpoolMeta { url: string; etag: string | null; lastModified: string | null; total: number }

/** Size and validators of the remote file (HEAD). */
async function probe(url: string, policy: FetchPolicy): Promise<SpoolMeta> {
  const res = await fetchWithPolicy(url, { method: 'HEAD' }, policy);
  const total = Number(res.headers.get('content-length'));
  if (!Number.isFinite(total) || total <= 0) throw new StrandError('INPUT_UNREADABLE', `${url}: the server gives no Content-Length, so the download cannot be resumed`);
  return { url, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'), total };
}

/**
 * Yields the bytes of a remote file from the start, exactly once each, while keeping them in a
 * local spool. Bytes already spooled (from before a crash or restart) are read from disk; the rest
 * is fetched with `Range: bytes=N-` and `If-Range`, reconnecting from the last byte received when
 * a connection resets, a body stalls or ends short, or the server answers 429/5xx. If the file
 * changed upstream (validator differs), the spool is discarded and the download starts over.
 */
export async function* resumableDownload(opts: ResumableDownloadOptions): AsyncGenerator<Buffer> {
  const { url, spoolPath, policy } = opts;
  mkdirSync(dirname(spoolPath), { recursive: true });
  const metaPath = `${spoolPath}.json`;
  const remote = await probe(url, policy);
  const previous: SpoolMeta | null = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as SpoolMeta) : null;
  const sameFile = previous !== null && previous.url === url && previous.total === remote.total && previous.etag === remote.etag && previous.lastModified === remote.lastModified;
  if (!sameFile && existsSync(spoolPath)) truncateSync(spoolPath, 0);
  writeFileSync(metaPath, JSON.stringify(remote));

  let downloaded = existsSync(spoolPath) ? Math.min(statSync(spoolPath).size, remote.total) : 0;
  let requests = 0;
  let fruitless = 0;
  if (downloaded > 0) {
    for await (const chunk of createReadStream(spoolPath, { start: 0, end: downloaded - 1 })) yield chunk as Buffer;
  }
  const fd = openSync(spoolPath, existsSync(spoolPath) ? 'r+' : 'w');
  try {
    ftruncateSync(fd, downloaded);
    while (downloaded < remote.total) {
      const validator = remote.etag ?? remote.lastModified;
      const headers: Record<string, string> = { Range: `bytes=${downloaded}-` };
      if (validator) headers['If-Range'] = validator;
      const res = await fetchWithPolicy(url, { headers }, policy);
      requests++;
      if (res.status === 200 && downloaded > 0) {
        // The server ignored the range (or the file changed): take the body from the start again.
        await res.body?.cancel();
        throw new StrandError('INPUT_CHANGED', `${url} changed while downloading (no 206 for the range request); restart the request`);
      }
      if (!res.body) throw new StrandError('DOWNLOAD_FAILED', `${url}: empty response body`);
      const before = downloaded;
      try {
        for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) {
          const chunk = Buffer.from(piece.buffer, piece.byteOffset, Math.min(piece.byteLength, remote.total - downloaded));
          if (chunk.length === 0) break;
          writeSync(fd, chunk, 0, chunk.length, downloaded);
          downloaded += chunk.length;
          opts.onProgress?.({ url, downloaded, total: remote.total, requests });
          yield chunk;
        }
      } catch {
        // Reset, stall (the per-attempt timeout aborts the body) or truncation: reconnect from `downloaded`.
      }
      fruitless = downloaded > before ? 0 : fruitless + 1;
      if (fruitless >= policy.retry.maxAttempts) {
        throw new StrandError('DOWNLOAD_FAILED', `${url}: ${fruitless} reconnects in a row brought no bytes (at ${downloaded} of ${remote.total})`);
      }
      if (downloaded < remote.total) await sleep(backoffDelayMs(policy.retry, fruitless + 1, Math.random), policy.signal);
    }
  } finally {
    closeSync(fd);
  }
}
