import { readFileSync } from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { connectPool, migrate } from '@strand/db';
import { genbankEnrichStage, toGenbankRows, genbankWriter } from '@strand/sources';
import type { GenbankEnrichedValue } from '@strand/pipeline';
import type { StageContext } from '@strand/runtime';
import { isolatedConfig, testData } from '../../../../test/helpers.js';
import { parsedValue } from './parsed-value.js';
import type pg from 'pg';

const source = { topic: 't', partition: 0, offset: '0' };

async function enriched(text: string): Promise<GenbankEnrichedValue> {
  const [out] = await genbankEnrichStage.process(await parsedValue(text), {} as StageContext);
  return out!;
}

describe('genbankWriter (real PostgreSQL)', () => {
  const config = isolatedConfig();
  let pool: pg.Pool;
  const write = async (values: GenbankEnrichedValue[]) =>
    genbankWriter(pool).write(values.map((v, i) => ({ value: toGenbankRows(v, { ...source, offset: String(i) }), key: v.accession, source })));
  const row = async (accession: string) => (await pool.query<{ version: string; sequence_length: string; ingested_at: Date }>('SELECT version, sequence_length, ingested_at FROM sequences WHERE accession = $1', [accession])).rows;
  const features = async (accession: string) => (await pool.query<{ n: string }>('SELECT count(*) AS n FROM features WHERE accession = $1', [accession])).rows[0]!.n;

  const v1 = readFileSync(testData('genbank', 'EU851978.gbk'), 'utf8');
  // Version 2: a changed sequence (first 60 bases dropped) and one feature fewer.
  const v2 = v1.replace('VERSION     EU851978.1', 'VERSION     EU851978.2')
    .replace(/^ {8}1 .*\n/m, '')
    .replace(/     gene            1\.\.1698\n(?:                     .*\n)+/, '');

  beforeAll(async () => { pool = await connectPool(config); await migrate(pool, config.dbSchema); });
  afterAll(async () => { await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`); await pool.end(); });

  it('skips an unchanged record, replaces a newer version with its features, and never lets an older version win', async () => {
    const first = await enriched(v1);
    const second = await enriched(v2);
    expect(second.sequenceLength).toBe(first.sequenceLength - 60);
    expect(second.features.length).toBe(first.features.length - 1);

    const loaded = await write([first]);
    expect(loaded).toEqual({ rejected: [], rowsWritten: { sequences: 1, features: first.features.length, sequence_references: first.references.length }, skipped: 0 });
    const [stored] = await row('EU851978');
    expect(stored!.version).toBe('EU851978.1');

    // unchanged: the row is not rewritten, and the write says it skipped it
    expect(await write([first])).toEqual({ rejected: [], rowsWritten: { sequences: 0, features: 0, sequence_references: 0 }, skipped: 1 });
    expect((await row('EU851978'))[0]!.ingested_at).toEqual(stored!.ingested_at);

    await write([second]);
    const [replaced] = await row('EU851978');
    expect(replaced!.version).toBe('EU851978.2');
    expect(Number(replaced!.sequence_length)).toBe(second.sequenceLength);
    expect(Number(await features('EU851978'))).toBe(second.features.length);

    await write([first]); // a replay of the old version does not roll back
    expect((await row('EU851978'))[0]!.version).toBe('EU851978.2');
    expect(Number(await features('EU851978'))).toBe(second.features.length);
  });

  it('keeps the last occurrence when a batch holds the same accession twice', async () => {
    const a = await enriched(v1.replace(/EU851978/g, 'ZZ000001'));
    const b = await enriched(v2.replace(/EU851978/g, 'ZZ000001'));
    await write([a, b]);
    expect((await row('ZZ000001')).map((r) => r.version)).toEqual(['ZZ000001.2']);
  });

  it('rejects only the record Postgres refuses, and writes the rest of the batch', async () => {
    const good = await enriched(v1.replace(/EU851978/g, 'ZZ000002'));
    const bad = await enriched(v1.replace(/EU851978/g, 'ZZ000003'));
    bad.definition = 'bad\u0000byte'; // PostgreSQL text cannot hold NUL
    const { rejected } = await write([good, bad]);
    expect(rejected.map((r) => r.index)).toEqual([1]);
    expect(String((rejected[0]!.error as Error).message)).toContain('ZZ000003');
    expect(await row('ZZ000002')).toHaveLength(1);
    expect(await row('ZZ000003')).toHaveLength(0);
  });
});
