import { Readable } from 'node:stream';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openInput, type InflateLimits } from '@strand/input';
import { StrandError } from '@strand/runtime';
import { boundedBody, type DownloadLimits } from './download-limits.js';

export interface OpenedSource {
  /** Absolute path or URL, recorded as each record's origin. */
  uri: string;
  /** Decompressed bytes. */
  stream: Readable;
  /** Compressed size when known, for progress. */
  totalBytes: number | null;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

export interface OpenSourceOptions {
  signal?: AbortSignal;
  /** A URL's body: refused over this many bytes, announced or received (STRAND_FETCH_MAX_DOWNLOAD_BYTES). Absent: no limit. */
  download?: Pick<DownloadLimits, 'maxBytes'>;
  /** A gzip input inflating past this ratio is refused (STRAND_INPUT_MAX_INFLATE_RATIO). Absent: no limit. */
  inflate?: InflateLimits;
}

/**
 * Opens a local file or an http(s) URL as a decompressed byte stream (gzip by its magic bytes,
 * through @strand/input's openInput). What cannot be opened at all fails here, as a StrandError
 * naming it, before anything is read; a URL announcing more than the download limit too. Limits
 * broken while reading (the bytes received, the inflate ratio) fail the stream with INPUT_TOO_LARGE.
 */
export async function openSource(source: string, opts: OpenSourceOptions = {}): Promise<OpenedSource> {
  const inputOptions = (name: string) => ({ name, ...(opts.inflate ? { limits: opts.inflate } : {}) });
  if (isUrl(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: opts.signal ?? null });
    } catch (err) {
      throw new StrandError('DOWNLOAD_FAILED', `Cannot download ${source}: ${(err as Error).message}`, { cause: err });
    }
    if (!res.ok || !res.body) throw new StrandError(res.status >= 500 || res.status === 429 ? 'DOWNLOAD_FAILED' : 'INPUT_UNREADABLE', `Cannot download ${source}: HTTP ${res.status} ${res.statusText}`);
    const length = Number(res.headers.get('content-length'));
    const body = opts.download ? await boundedBody(res, source, opts.download) : Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    return { uri: source, stream: openInput(body, inputOptions(source)), totalBytes: Number.isFinite(length) && length > 0 ? length : null };
  }
  const path = resolve(source);
  if (!existsSync(path)) throw new StrandError('INPUT_UNREADABLE', `No such file: ${path}`);
  if (!statSync(path).isFile()) throw new StrandError('INPUT_UNREADABLE', `Not a file: ${path}`);
  return { uri: path, stream: openInput(path, inputOptions(path)), totalBytes: statSync(path).size };
}
