import { Readable } from 'node:stream';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openInput } from '@strand/input';
import { StrandError } from '@strand/runtime';

export interface OpenedSource {
  /** Absolute path or URL, recorded as each record's origin. */
  uri: string;
  /** Decompressed bytes. */
  stream: Readable;
  /** Compressed size when known, for progress. */
  totalBytes: number | null;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/**
 * Opens a local file or an http(s) URL as a decompressed byte stream (gzip by its magic bytes,
 * through @strand/input's openInput). What cannot be opened at all fails here, as a StrandError
 * naming it, before anything is read.
 */
export async function openSource(source: string, opts: { signal?: AbortSignal } = {}): Promise<OpenedSource> {
  if (isUrl(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: opts.signal ?? null });
    } catch (err) {
      throw new StrandError('DOWNLOAD_FAILED', `Cannot download ${source}: ${(err as Error).message}`, { cause: err });
    }
    if (!res.ok || !res.body) throw new StrandError(res.status >= 500 || res.status === 429 ? 'DOWNLOAD_FAILED' : 'INPUT_UNREADABLE', `Cannot download ${source}: HTTP ${res.status} ${res.statusText}`);
    const length = Number(res.headers.get('content-length'));
    const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    return { uri: source, stream: openInput(body), totalBytes: Number.isFinite(length) && length > 0 ? length : null };
  }
  const path = resolve(source);
  if (!existsSync(path)) throw new StrandError('INPUT_UNREADABLE', `No such file: ${path}`);
  if (!statSync(path).isFile()) throw new StrandError('INPUT_UNREADABLE', `Not a file: ${path}`);
  return { uri: path, stream: openInput(path), totalBytes: statSync(path).size };
}
