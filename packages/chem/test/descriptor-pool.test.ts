import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSdf, type CompoundRecord } from '@strand/pubchem';
import { DescriptorPool, computeDescriptors, loadRdkit } from '../src/index.js';

async function solubility(): Promise<CompoundRecord[]> {
  const out: CompoundRecord[] = [];
  for await (const record of parseSdf([readFileSync(new URL('../../../test-data/molecules/solubility.test.sdf', import.meta.url))])) out.push(record);
  return out;
}

let pool: DescriptorPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('DescriptorPool', () => {
  it('gives, in input order, the same descriptors as the main thread for all 257 molecules', async () => {
    const records = await solubility();
    const rdkit = await loadRdkit();
    pool = new DescriptorPool(2, { chunkSize: 16 });
    const results = await pool.compute(records.map((r) => ({ molblock: r.molblock })));
    expect(results).toHaveLength(257);
    expect(results).toEqual(records.map((r) => computeDescriptors(rdkit, { molblock: r.molblock })));
  });

  it('starts its workers (and their RDKit) only on the first computation', async () => {
    pool = new DescriptorPool(2);
    expect([pool.size, pool.started]).toEqual([2, 0]);
    await pool.compute([{ smiles: 'CCO' }]);
    expect([pool.size, pool.started]).toEqual([2, 2]);
  });

  it('puts an error in the slot of a structure RDKit cannot read, and the rest still come back', async () => {
    pool = new DescriptorPool(2, { chunkSize: 2 });
    const results = await pool.compute([{ smiles: 'CCO' }, { smiles: 'c1cccc1' }, {}, { smiles: 'CC(CN)O' }, { smiles: 'C1CC(' }]);
    expect(results.map((r) => ('error' in r ? r.error.code : r.formula))).toEqual(['C2H6O', 'RDKIT_UNPARSEABLE', 'RDKIT_NO_STRUCTURE', 'C3H9NO', 'RDKIT_UNPARSEABLE']);
  });

  it('serves concurrent calls and answers an empty batch', async () => {
    pool = new DescriptorPool(2);
    const [a, b, empty] = await Promise.all([pool.compute([{ smiles: 'CCO' }]), pool.compute([{ smiles: 'c1ccccc1' }]), pool.compute([])]);
    expect(a.map((r) => ('error' in r ? r.error : r.inchiKey))).toEqual(['LFQSCWFLJHTTHZ-UHFFFAOYSA-N']);
    expect(b.map((r) => ('error' in r ? r.error : r.inchiKey))).toEqual(['UHOVQNZJYSORNB-UHFFFAOYSA-N']);
    expect(empty).toEqual([]);
  });

  it('refuses work after close', async () => {
    const closing = new DescriptorPool(1);
    await closing.close();
    await expect(closing.compute([{ smiles: 'CCO' }])).rejects.toMatchObject({ code: 'CHEM_POOL_CLOSED' });
    expect(() => new DescriptorPool(0)).toThrow(RangeError);
  });
});
