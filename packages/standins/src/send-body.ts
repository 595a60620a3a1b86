import { Readable } from 'node:stream';
import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

/** A response body that can be served whole or in part: a buffer, or a file opened by byte range. */
export interface BodySource {
  length: number;
  /** Bytes [start, end] inclusive. */
  open(start: number, end: number): Readable;
}

export function bufferSource(buf: Buffer): BodySource {
  return { length: buf.length, open: (start, end) => Readable.from([buf.subarray(start, end + 1)]) };
}

export interface SendOptions {
  status: number;
  headers: Record<string, string | number>;
  body: BodySource;
  /** Byte range of `body` to send (default all). */
  start?: number;
  end?: number;
  head?: boolean;
  /** Fault: send only this many bytes and say so in Content-Length (truncated gzip/JSON). */
  truncateTo?: number;
  /** Fault: announce the full length, send half, destroy the socket. */
  reset?: boolean;
  /** Fault: spread the body over this many ms. */
  slowBodyMs?: number;
  /** Fault: send half the body, then nothing more, leaving the connection open (a stalled body). */
  stall?: boolean;
  /** Fault: announce this Content-Length instead, send the real bytes, then close the connection short. */
  announceBytes?: number;
}

const SLOW_PIECES = 10;

/** Writes headers and body, honouring backpressure, and applies the body faults. */
export async function sendBody(res: ServerResponse, opts: SendOptions): Promise<void> {
  const start = opts.start ?? 0;
  const end = opts.end ?? opts.body.length - 1;
  const fullLength = Math.max(0, end - start + 1);
  const sendLength = opts.truncateTo !== undefined ? Math.min(opts.truncateTo, fullLength) : fullLength;
  res.writeHead(opts.status, { ...opts.headers, 'Content-Length': opts.announceBytes ?? sendLength });
  if (opts.head || sendLength === 0) {
    res.end();
    return;
  }
  const stopAfter = opts.reset || opts.stall ? Math.floor(sendLength / 2) : sendLength;
  const pieceSize = opts.slowBodyMs ? Math.max(1, Math.ceil(sendLength / SLOW_PIECES)) : Infinity;
  const pauseMs = opts.slowBodyMs ? opts.slowBodyMs / SLOW_PIECES : 0;
  let sent = 0;
  const stream = stopAfter > 0 ? opts.body.open(start, start + stopAfter - 1) : Readable.from([]);
  try {
    for await (const chunk of stream) {
      let buf = chunk as Buffer;
      while (buf.length > 0 && sent < stopAfter) {
        const piece = buf.subarray(0, Math.min(pieceSize, stopAfter - sent));
        buf = buf.subarray(piece.length);
        sent += piece.length;
        if (res.destroyed) return;
        if (!res.write(piece)) await new Promise<void>((r) => {
          const done = () => { res.off('drain', done); res.off('close', done); r(); };
          res.once('drain', done);
          res.once('close', done);
        });
        if (pauseMs > 0) await delay(pauseMs);
      }
    }
  } finally {
    stream.destroy();
  }
  // A stalled body keeps its connection open without another byte, until the client gives up.
  if (opts.stall) return;
  if (opts.reset || (opts.announceBytes !== undefined && opts.announceBytes !== sendLength)) {
    res.socket?.destroy();
    return;
  }
  res.end();
}
