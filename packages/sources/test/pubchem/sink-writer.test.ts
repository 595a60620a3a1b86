import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type pg from 'pg';
import { loadConfig } from '@strand/runtime';
import { connectPool, migrate } from '@strand/db';
import type { PubchemEnrichedValue } from '@strand/pipeline';
import { toCompoundRow, type CompoundRow } from '../../src/pubchem/sink-rows.js';
import { compoundWriter } from '../../src/pubchem/sink-writer.js';

const schema = `test_compounds_${randomBytes(4).toString('hex')}`;
let pool: pg.Pool;
beforeAll(async () => {
  pool = await connectPool(loadConfig({ ...process.env, STRAND_DB_SCHEMA: schema }));
  await migrate(pool, schema);
});
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
});

let offset = 0;
function item(over: Partial<PubchemEnrichedValue>) {
  const value: PubchemEnrichedValue = {
    cid: 2244, sourceFormat: 'property-table', recordIndex: 0, title: null, molblock: null,
    properties: {}, provenance: {}, origin: { uri: 'u', requestId: 'r', format: 'property-table', fromCache: false, line: 0 },
    rdkit: null, disagreements: [], enrichMode: 'fallback', ...over,
  };
  const source = { topic: 't', partition: 0, offset: String(offset++) };
  return { value: toCompoundRow(value, source) as CompoundRow, key: null, source };
}

describe('compoundWriter (real PostgreSQL)', () => {
  it('writes the same compounds twice as one row each (idempotent upsert)', async () => {
    const writer = compoundWriter(pool);
    const batch = () => [1, 2, 3].map((cid) => item({ cid, properties: { formula: `C${cid}` }, provenance: { formula: 'pubchem' } }));
    expect((await writer.write(batch())).rejected).toEqual([]);
    const first = (await pool.query(`SELECT cid, formula, provenance FROM ${schema}.compounds ORDER BY cid`)).rows;
    expect((await writer.write(batch())).rejected).toEqual([]);
    const second = (await pool.query(`SELECT cid, formula, provenance FROM ${schema}.compounds ORDER BY cid`)).rows;
    expect(second).toEqual(first);
    expect(second.map((r) => Number(r.cid))).toEqual([1, 2, 3]);
  });

  it('merges a later payload of the same CID field by field, provenance with it, even within one batch', async () => {
    const writer = compoundWriter(pool);
    const table = item({ cid: 10, properties: { formula: 'C9H8O4', tpsa: 63.6 }, provenance: { formula: 'pubchem', tpsa: 'pubchem' } });
    const sdf = item({
      cid: 10, sourceFormat: 'sdf', molblock: 'M  END', properties: { formula: 'C9H8O4', inchiKey: 'K-1-N' }, provenance: { formula: 'pubchem', inchiKey: 'rdkit' },
      origin: { uri: 'u2', requestId: 'r', format: 'sdf', fromCache: false, line: 1 },
      rdkit: { formula: 'C9H8O4', molecularWeight: 180.159, exactMass: 180.042, crippenLogP: 1.31, tpsa: 63.6, hbondDonors: 1, hbondAcceptors: 3, rotatableBonds: 2, rings: 1, inchi: null, inchiKey: 'K-1-N', canonicalSmiles: 'CC(=O)Oc1ccccc1C(=O)O' },
    });
    expect((await writer.write([table, sdf])).rejected).toEqual([]);
    const { rows } = await pool.query(`SELECT * FROM ${schema}.compounds WHERE cid = 10`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ compound_key: 'cid:10', formula: 'C9H8O4', tpsa: 63.6, inchi_key: 'K-1-N', molblock: 'M  END', source_formats: ['property-table', 'sdf'], source_uri: 'u2' });
    expect(rows[0].provenance).toEqual({ formula: 'pubchem', tpsa: 'pubchem', inchiKey: 'rdkit' });
    expect(rows[0].rdkit.rings).toBe(1);
  });

  it('never lets an RDKit value replace a stored PubChem value, in either order', async () => {
    const writer = compoundWriter(pool);
    const fromPubchem = () => item({ cid: 11, properties: { molecularWeight: 78.11, formula: 'C6H6' }, provenance: { molecularWeight: 'pubchem', formula: 'pubchem' } });
    const fromRdkit = () => item({ cid: 11, sourceFormat: 'sdf', properties: { molecularWeight: 78.114, formula: 'C6H6', tpsa: 0 }, provenance: { molecularWeight: 'rdkit', formula: 'rdkit', tpsa: 'rdkit' } });
    await writer.write([fromPubchem()]);
    await writer.write([fromRdkit()]);
    const check = async () => {
      const { rows } = await pool.query(`SELECT molecular_weight, tpsa, provenance FROM ${schema}.compounds WHERE cid = 11`);
      expect(rows[0]).toMatchObject({ molecular_weight: 78.11, tpsa: 0 });
      expect(rows[0].provenance).toEqual({ molecularWeight: 'pubchem', formula: 'pubchem', tpsa: 'rdkit' });
    };
    await check();
    await writer.write([fromPubchem()]); // and a PubChem value does replace an RDKit one
    await check();
  });

  it('stores a compound without CID under its InChIKey', async () => {
    const writer = compoundWriter(pool);
    await writer.write([item({ cid: null, properties: { inchiKey: 'NOCID-KEY-N' }, provenance: { inchiKey: 'rdkit' } })]);
    const { rows } = await pool.query(`SELECT compound_key, cid FROM ${schema}.compounds WHERE inchi_key = 'NOCID-KEY-N'`);
    expect(rows).toEqual([{ compound_key: 'inchikey:NOCID-KEY-N', cid: null }]);
  });

  it('rejects only the row PostgreSQL refuses; the rest of the batch lands', async () => {
    const writer = compoundWriter(pool);
    const bad = item({ cid: 21 });
    bad.value.values[bad.value.values.length - 1] = 'not-a-number'; // kafka_offset bigint
    const result = await writer.write([item({ cid: 20 }), bad, item({ cid: 22 })]);
    expect(result.rejected.map((r) => r.index)).toEqual([1]);
    expect(result.rejected[0]!.error).toMatchObject({ code: 'PG_WRITE_FAILED', message: expect.stringContaining('cid:21') });
    const { rows } = await pool.query(`SELECT cid FROM ${schema}.compounds WHERE cid IN (20, 21, 22) ORDER BY cid`);
    expect(rows.map((r) => Number(r.cid))).toEqual([20, 22]);
  });
});
