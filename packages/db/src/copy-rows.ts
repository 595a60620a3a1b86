import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { copyTextValue } from './copy-text.js';

/** About this many bytes of COPY text go to the socket per write (one CopyData message each). */
const COPY_CHUNK_BYTES = 1 << 20;

/**
 * Rows as COPY text, written value by value straight into 1 MB buffers (UTF-8 encoded by
 * Buffer#write, no intermediate line strings to join): one socket write per chunk, not two per row.
 */
function* copyTextChunks(rows: Iterable<readonly unknown[]>): Generator<Buffer> {
  let buf = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
  let pos = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (Buffer.isBuffer(value) && !needsEscape(value)) {
        // Bytes (a sequence's residues, say) go in as they are: no decoding to text and back.
        if (pos + value.length + 1 > buf.length) {
          if (pos > 0) yield buf.subarray(0, pos);
          buf = Buffer.allocUnsafe(Math.max(COPY_CHUNK_BYTES, value.length + 1));
          pos = 0;
        }
        pos += value.copy(buf, pos);
        buf[pos++] = i === row.length - 1 ? 0x0a : 0x09;
        continue;
      }
      const text = copyTextValue(value);
      // UTF-8 takes at most 3 bytes per UTF-16 code unit, plus one for the tab or newline after the value.
      const most = text.length * 3 + 1;
      if (pos + most > buf.length) {
        if (pos > 0) yield buf.subarray(0, pos);
        buf = Buffer.allocUnsafe(Math.max(COPY_CHUNK_BYTES, most));
        pos = 0;
      }
      pos += buf.write(text, pos, 'utf8');
      buf[pos++] = i === row.length - 1 ? 0x0a : 0x09;
    }
    if (pos >= COPY_CHUNK_BYTES) {
      yield buf.subarray(0, pos);
      buf = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
      pos = 0;
    }
  }
  if (pos > 0) yield buf.subarray(0, pos);
}

/** Whether bytes hold a character COPY text escapes (backslash, tab, newline, carriage return). */
function needsEscape(bytes: Buffer): boolean {
  return bytes.includes(0x5c) || bytes.includes(0x09) || bytes.includes(0x0a) || bytes.includes(0x0d);
}

/**
 * Streams rows into `table` with COPY FROM STDIN on `client` (which should be inside a
 * transaction), in chunks of about 1 MB. Backpressure is respected through pipeline(); an error
 * anywhere sends CopyFail, so nothing of a failed batch is visible. Returns the rows copied.
 */
export async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyTextChunks(rows), { objectMode: false }), stream);
  return stream.rowCount ?? 0;
}
