import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openGenbankFile } from '@strand/genbank';
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

/** Opens a local file (plain or gzip) or an http(s) URL as a decompressed byte stream. */
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
    return { uri: source, stream: await maybeGunzip(body), totalBytes: Number.isFinite(length) && length > 0 ? length : null };
  }
  const path = resolve(source);
  if (!existsSync(path)) throw new StrandError('INPUT_UNREADABLE', `No such file: ${path}`);
  if (!statSync(path).isFile()) throw new StrandError('INPUT_UNREADABLE', `Not a file: ${path}`);
  return { uri: path, stream: openGenbankFile(path), totalBytes: statSync(path).size };
}

/** Gunzips a byte stream when it starts with the gzip magic number, whatever its name says. */
export async function maybeGunzip(body: Readable): Promise<Readable> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  let done = false;
  while (head.length < 2 && !done) {
    const next = await iterator.next();
    if (next.done) done = true;
    else head = Buffer.concat([head, Buffer.from(next.value)]);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield Buffer.from(next.value);
  }
  const restored = Readable.from(rest(), { objectMode: false });
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    restored.on('error', (err) => gunzip.destroy(err));
    gunzip.on('error', () => undefined);
    return restored.pipe(gunzip);
  }
  return restored;
}
