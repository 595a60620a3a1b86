import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/**
 * Open a local GenBank file as a decompressed byte stream. Gzip is recognized by its magic bytes
 * (1f 8b), not by the file extension; concatenated gzip members are all read. Errors (missing
 * file, corrupt gzip) are emitted on the returned stream.
 */
export function openGenbankFile(path: string): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 16 });
  void (async () => {
    const handle = await open(path, 'r');
    let gzip = false;
    try {
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      gzip = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    } finally {
      await handle.close();
    }
    const file = createReadStream(path, { highWaterMark: 1 << 16 });
    if (gzip) await pipeline(file, createGunzip({ chunkSize: 1 << 16 }), out);
    else await pipeline(file, out);
  })().catch((error: unknown) => {
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}
