import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Read size: large reads keep the event loop from waiting on many small file reads. */
const READ_CHUNK = 1 << 20;

/**
 * Open a local GenBank file as a decompressed byte stream. Gzip is recognized by its magic bytes
 * (1f 8b), not by the file extension; concatenated gzip members are all read. Errors (missing
 * file, corrupt gzip) are emitted on the returned stream.
 */
export function openGenbankFile(path: string): Readable {
  let gzip: boolean;
  try {
    gzip = startsWithGzipMagic(path);
  } catch (error) {
    const failed = new Readable({ read() {} });
    process.nextTick(() => failed.destroy(error as Error));
    return failed;
  }
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  if (!gzip) return file;
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  return pipeline(file, gunzip, () => {
    // Errors reach the consumer through the gunzip stream, which pipeline destroys with them.
  });
}

function startsWithGzipMagic(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const bytesRead = readSync(fd, magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}
