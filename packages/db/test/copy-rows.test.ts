import { describe, expect, it, afterAll } from 'vitest';
import { loadConfig } from '@strand/runtime';
import { connectPool, copyRows, asJson } from '../src/index.js';

const config = loadConfig();

describe('copyRows (real PostgreSQL)', () => {
  const poolPromise = connectPool(config);
  afterAll(async () => { await (await poolPromise).end(); });

  it('stores every value byte for byte: escapes, NULLs, multi-byte text, arrays, JSON, and values over the 1 MB chunk size', async () => {
    const pool = await poolPromise;
    const awkward = 'tab\there, newline\nthere, cr\r, backslash \\ and \\N, quote " and \', bell \u0007, é ü 中文 🧬 (a surrogate pair)';
    const big = 'ACGT'.repeat(800_000) + '\t' + 'é'.repeat(300_000); // 3.2 MB ASCII plus 600 KB of two-byte UTF-8
    const rows: unknown[][] = [
      [1, awkward, ['a\tb', 'c"d', 'e\\f', null, ''], asJson(['x', 'y']), { nested: { text: awkward } }, 1.5],
      [2, null, [], asJson([]), {}, null],
      [3, '', ['only'], asJson(null), { n: 1 }, -0.25],
      [4, big, [big.slice(0, 10)], asJson([big.slice(0, 1000)]), { big }, 2],
      ...Array.from({ length: 5000 }, (_, i) => [5 + i, `row ${i}\t${'x'.repeat(i % 700)}`, [String(i)], asJson([i]), { i }, i / 3]),
    ];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TEMP TABLE copy_check (id int, t text, a text[], j jsonb, o jsonb, d double precision) ON COMMIT DROP');
      const copied = await copyRows(client, 'copy_check', ['id', 't', 'a', 'j', 'o', 'd'], rows);
      expect(copied).toBe(rows.length);
      const { rows: back } = await client.query<{ id: number; t: string | null; a: (string | null)[]; j: unknown; o: unknown; d: number | null }>('SELECT * FROM copy_check ORDER BY id');
      expect(back).toHaveLength(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const [id, t, a, j, o, d] = rows[i]!;
        const json = (j as { toJSON(): unknown }).toJSON();
        expect(back[i]).toEqual({ id, t, a, j: json, o, d });
      }
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});
