import type pg from 'pg';
import { pgFailure } from '@strand/db';

/** How far one fetch request has got. */
export interface FetchCheckpoint {
  requestId: string;
  /** The file or URL being fetched. */
  source: string;
  /** Offset in the decompressed stream just past the last record published and acknowledged. */
  publishedBytes: number;
  records: number;
  done: boolean;
}

/**
 * Fetch progress kept in Postgres (table `fetch_checkpoints`), saved by a streaming fetch stage
 * after each durable flush and read by whichever instance picks the request up after a crash or
 * a rebalance. Reusable by any source that downloads files.
 */
export class FetchCheckpoints {
  constructor(private readonly pool: pg.Pool) {}

  async get(requestId: string): Promise<FetchCheckpoint | null> {
    const { rows } = await this.query<{ source: string; published_bytes: string; records: string; done: boolean }>(
      'SELECT source, published_bytes, records, done FROM fetch_checkpoints WHERE request_id = $1', [requestId], `reading the checkpoint of ${requestId}`);
    const r = rows[0];
    return r ? { requestId, source: r.source, publishedBytes: Number(r.published_bytes), records: Number(r.records), done: r.done } : null;
  }

  async save(cp: FetchCheckpoint): Promise<void> {
    await this.query(
      `INSERT INTO fetch_checkpoints (request_id, source, published_bytes, records, done, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (request_id) DO UPDATE SET published_bytes = EXCLUDED.published_bytes, records = EXCLUDED.records, done = EXCLUDED.done, updated_at = now()`,
      [cp.requestId, cp.source, cp.publishedBytes, cp.records, cp.done], `saving the checkpoint of ${cp.requestId}`);
  }

  async forget(requestId: string): Promise<void> {
    await this.query('DELETE FROM fetch_checkpoints WHERE request_id = $1', [requestId], `deleting the checkpoint of ${requestId}`);
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[], what: string): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      throw pgFailure(what, err);
    }
  }
}
