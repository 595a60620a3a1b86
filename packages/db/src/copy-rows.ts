import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { copyTextRow } from './copy-text.js';

/**
 * Streams rows into `table` with COPY FROM STDIN on `client` (which should be inside a
 * transaction). Backpressure is respected through pipeline(); an error anywhere sends CopyFail,
 * so nothing of a failed batch is visible.
 */
export async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  function* lines() {
    for (const row of rows) yield copyTextRow(row);
  }
  await pipeline(Readable.from(lines(), { objectMode: false }), stream);
}
