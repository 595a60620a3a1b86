import { createHash } from 'node:crypto';
import type pg from 'pg';
import { StrandError, type PayloadStore } from '@strand/runtime';
import { pgFailure } from './pool.js';

/**
 * Oversized payloads in the `payloads` table, content-addressed, so storing twice keeps one copy
 * (and refreshes its age: `created_at` is the time of the newest message that can refer to it).
 */
export function pgPayloadStore(pool: pg.Pool): PayloadStore {
  const fail = (what: string, err: unknown) => pgFailure(what, err);
  return {
    async put(bytes) {
      const ref = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      try {
        await pool.query('INSERT INTO payloads (ref, bytes, size) VALUES ($1, $2, $3) ON CONFLICT (ref) DO UPDATE SET created_at = now()', [ref, bytes, bytes.length]);
      } catch (err) {
        throw fail(`storing payload ${ref} (${bytes.length} bytes)`, err);
      }
      return ref;
    },
    async get(ref) {
      let rows: { bytes: Buffer }[];
      try {
        ({ rows } = await pool.query<{ bytes: Buffer }>('SELECT bytes FROM payloads WHERE ref = $1', [ref]));
      } catch (err) {
        throw fail(`reading payload ${ref}`, err);
      }
      if (!rows[0]) throw new StrandError('PAYLOAD_MISSING', `Stored payload ${ref} not found in table payloads`);
      return rows[0].bytes;
    },
  };
}

/**
 * Deletes payloads no message can still refer to: older than the topics' retention plus a day
 * (Kafka deletes whole segments, so a message may outlive retention by up to a segment's age).
 * Returns how many were deleted.
 */
export async function expirePayloads(pool: pg.Pool, retentionHours: number): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM payloads WHERE created_at < now() - make_interval(hours => $1)', [retentionHours + 24]);
  return rowCount ?? 0;
}
