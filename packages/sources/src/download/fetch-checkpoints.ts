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
  /** Bytes of the download received so far and its size (a URL; absent for files and efetch). */
  download?: { received: number; total: number };
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
      `INSERT INTO fetch_checkpoints (request_id, source, published_bytes, records, done, downloaded_bytes, total_bytes, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (request_id) DO UPDATE SET published_bytes = EXCLUDED.published_bytes, records = EXCLUDED.records, done = EXCLUDED.done,
         downloaded_bytes = EXCLUDED.downloaded_bytes, total_bytes = EXCLUDED.total_bytes, updated_at = now()`,
      [cp.requestId, cp.source, cp.publishedBytes, cp.records, cp.done, cp.download?.received ?? null, cp.download?.total ?? null], `saving the checkpoint of ${cp.requestId}`);
  }

  /** Download progress of the given requests that are in progress (those with a checkpoint and a download). */
  async downloads(requestIds: string[]): Promise<Map<string, { received: number; total: number }>> {
    const { rows } = await this.query<{ request_id: string; downloaded_bytes: string; total_bytes: string }>(
      'SELECT request_id, downloaded_bytes, total_bytes FROM fetch_checkpoints WHERE request_id = ANY($1) AND total_bytes IS NOT NULL', [requestIds], 'reading download progress');
    return new Map(rows.map((r) => [r.request_id, { received: Number(r.downloaded_bytes), total: Number(r.total_bytes) }]));
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
