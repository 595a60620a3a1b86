import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { PassThrough, Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { inflateRatioGuard, type InflateLimits } from './inflate-limit.js';
import { peekHead } from './peek-head.js';

/** Where input bytes come from: a local file path, or bytes already flowing (an HTTP body, a download). */
export type InputSource = string | AsyncIterable<Uint8Array | string>;

export interface OpenInputOptions {
  /** Refuse a gzip input that inflates more than this (a gzip bomb): InputLimitError, INPUT_TOO_LARGE. Absent: no ratio limit. */
  limits?: InflateLimits;
  /** The input's name in errors (default: the path, or "input"). */
  name?: string;
}

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
 * stream, and destroying the returned stream closes the file or source. With `opts.limits`, a gzip
 * input that inflates past the ratio fails the stream with InputLimitError (INPUT_TOO_LARGE) naming
 * `opts.name` and STRAND_INPUT_MAX_INFLATE_RATIO, as soon as it does.
 */
export function openInput(source: InputSource, opts: OpenInputOptions = {}): Readable {
  return typeof source === 'string' ? openFile(source, opts) : openStream(source, opts);
}

/** gunzip, between the ratio guard's two counters when there is a limit. */
function gunzipStages(opts: OpenInputOptions, name: string): NodeJS.ReadWriteStream[] {
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  if (!opts.limits) return [gunzip];
  const guard = inflateRatioGuard(opts.limits, opts.name ?? name);
  return [guard.compressed, gunzip, guard.inflated];
}

function openFile(path: string, opts: OpenInputOptions): Readable {
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
  return pipeline([file, ...gunzipStages(opts, path)], () => undefined) as unknown as Readable;
}

/** A stream's head can only be read asynchronously, so the caller gets a stream at once that fills once it is known. */
function openStream(bytes: AsyncIterable<Uint8Array | string>, opts: OpenInputOptions): Readable {
  const out = new PassThrough();
  peekHead(bytes, 2).then(
    ({ head, stream }) => {
      // Errors reach the consumer through `out`, which pipeline destroys with them.
      if (startsWithGzipMagic(head)) pipeline([stream as unknown as NodeJS.ReadableStream, ...gunzipStages(opts, 'input'), out], () => undefined);
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
