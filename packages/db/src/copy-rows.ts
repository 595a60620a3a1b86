import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { copyTextRow } from './copy-text.js';

/** About this many bytes of COPY text go to the socket per write (one CopyData message each). */
const COPY_CHUNK_CHARS = 1 << 20;

/** Rows as COPY text, joined into chunks of about COPY_CHUNK_CHARS: one socket write per chunk, not two per row. */
function* copyTextChunks(rows: Iterable<readonly unknown[]>): Generator<Buffer> {
  let lines: string[] = [];
  let size = 0;
  for (const row of rows) {
    const line = copyTextRow(row);
    lines.push(line);
    size += line.length;
    if (size >= COPY_CHUNK_CHARS) {
      yield Buffer.from(lines.join(''), 'utf8');
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) yield Buffer.from(lines.join(''), 'utf8');
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
