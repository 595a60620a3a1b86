import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { PassThrough, Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { peekHead } from './peek-head.js';

/** Where input bytes come from: a local file path, or bytes already flowing (an HTTP body, a download). */
export type InputSource = string | AsyncIterable<Uint8Array | string>;

/** File read size: large reads keep the event loop from waiting on many small file reads. */
const READ_CHUNK = 1 << 20;
/** Inflated chunk size: fewer, larger chunks for the splitters downstream. */
const GUNZIP_CHUNK = 1 << 18;

/** Does this start like a gzip stream (magic bytes 1f 8b)? File names are not trusted for this. */
export function startsWithGzipMagic(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Opens a local file or a byte stream as a decompressed byte stream: gunzipped when it starts with
 * the gzip magic bytes, whatever its name says, passed through as is otherwise. Streaming: only
 * the first chunk is looked at, never the whole input; every member of a multi-member gzip file
 * is read. Errors (a missing file, a corrupt gzip, a failing source) are emitted on the returned
 * stream, and destroying the returned stream closes the file or source.
 */
export function openInput(source: InputSource): Readable {
  return typeof source === 'string' ? openFile(source) : openStream(source);
}

function openFile(path: string): Readable {
  let gzip: boolean;
  try {
    gzip = startsWithGzipMagic(readFileHead(path, 2));
  } catch (error) {
    const failed = new Readable({ read() {} });
    process.nextTick(() => failed.destroy(error as Error));
    return failed;
  }
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  if (!gzip) return file;
  // Errors reach the consumer through the gunzip stream, which pipeline destroys with them.
  return pipeline(file, createGunzip({ chunkSize: GUNZIP_CHUNK }), () => undefined);
}

/** A stream's head can only be read asynchronously, so the caller gets a stream at once that fills once it is known. */
function openStream(bytes: AsyncIterable<Uint8Array | string>): Readable {
  const out = new PassThrough();
  peekHead(bytes, 2).then(
    ({ head, stream }) => {
      // Errors reach the consumer through `out`, which pipeline destroys with them.
      if (startsWithGzipMagic(head)) pipeline(stream, createGunzip({ chunkSize: GUNZIP_CHUNK }), out, () => undefined);
      else pipeline(stream, out, () => undefined);
    },
    (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return out;
}

function readFileHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(bytes);
    return head.subarray(0, readSync(fd, head, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}
