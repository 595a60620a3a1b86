import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { loadConfig } from '@strand/runtime';
import { connectPool, migrate, pgPayloadStore, expirePayloads } from '@strand/db';

describe('pgPayloadStore and payload expiry (claim check)', () => {
  it('stores by content, refreshes the age on a second put, and deletes only payloads older than retention + 24 h', async () => {
    const schema = `payloads_${randomBytes(4).toString('hex')}`;
    const config = loadConfig({ ...process.env, STRAND_DB_SCHEMA: schema });
    const pool = await connectPool(config);
    try {
      await migrate(pool, schema);
      const store = pgPayloadStore(pool);
      const old = await store.put(Buffer.from('old payload'));
      const kept = await store.put(Buffer.from('recent payload'));
      const again = await store.put(Buffer.from('old payload, referenced again'));
      // Age them: `old` and `again` beyond 7 days + 24 h, `kept` within.
      await pool.query("UPDATE payloads SET created_at = now() - interval '9 days' WHERE ref IN ($1, $2)", [old, again]);
      await pool.query("UPDATE payloads SET created_at = now() - interval '7 days' WHERE ref = $1", [kept]);
      // A new message refers to `again`'s bytes: storing them refreshes their age.
      expect(await store.put(Buffer.from('old payload, referenced again'))).toBe(again);

      expect(await expirePayloads(pool, 168)).toBe(1);
      await expect(store.get(old)).rejects.toMatchObject({ code: 'PAYLOAD_MISSING' });
      expect((await store.get(kept)).toString()).toBe('recent payload');
      expect((await store.get(again)).toString()).toBe('old payload, referenced again');
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    }
  });
});
