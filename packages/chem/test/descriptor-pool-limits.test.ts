import { afterEach, describe, expect, it } from 'vitest';
import { DescriptorPool } from '../src/index.js';

let pool: DescriptorPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const formulaOrCode = (r: Awaited<ReturnType<DescriptorPool['compute']>>[number]) => ('error' in r ? r.error.code : r.formula);
const messageOf = (r: Awaited<ReturnType<DescriptorPool['compute']>>[number] | undefined) => (r && 'error' in r ? r.error.message : undefined);

/** 201 benzene rings in a row (1,206 atoms, within the atom limit): RDKit spends minutes on it. */
export const slowMolecule = `c1ccc(cc1)${'-c1ccc(cc1)'.repeat(200)}`;

describe('DescriptorPool limits (STRAND_RDKIT_TIMEOUT_MS)', () => {
  it('terminates and replaces a worker that outlives the time limit on one molecule, and serves the molecules around it and after it', async () => {
    pool = new DescriptorPool(1, { chunkSize: 8, timeoutMs: 1000 });
    const results = await pool.compute([{ smiles: 'CCO' }, { smiles: slowMolecule }, { smiles: 'c1ccccc1' }]);
    expect(results.map(formulaOrCode)).toEqual(['C2H6O', 'RDKIT_LIMIT_EXCEEDED', 'C6H6']);
    expect(messageOf(results[1])).toBe('RDKit spent more than 1000 ms on this molecule; its worker was terminated and replaced (raise STRAND_RDKIT_TIMEOUT_MS to allow more)');
    // The replacement keeps serving.
    expect((await pool.compute([{ smiles: 'CC(=O)O' }])).map(formulaOrCode)).toEqual(['C2H4O2']);
    expect(pool.started).toBe(1);
  });

  it('spreads the other work of a replaced worker over the pool, concurrent calls included', async () => {
    pool = new DescriptorPool(2, { chunkSize: 2, timeoutMs: 1000 });
    const [a, b] = await Promise.all([
      pool.compute([{ smiles: slowMolecule }, { smiles: 'CCO' }, { smiles: 'CCN' }]),
      pool.compute([{ smiles: 'CCCl' }, { smiles: 'C1CC(' }]),
    ]);
    expect(a.map(formulaOrCode)).toEqual(['RDKIT_LIMIT_EXCEEDED', 'C2H6O', 'C2H7N']);
    expect(b.map(formulaOrCode)).toEqual(['C2H5Cl', 'RDKIT_UNPARSEABLE']);
  });

  it('replaces a worker whose RDKit trapped (a 20,000-atom chain overflows its stack), so the molecules after it are not failed by a broken instance', async () => {
    pool = new DescriptorPool(1, { chunkSize: 8 });
    const results = await pool.compute([{ smiles: 'C'.repeat(20_000) }, { smiles: 'CCO' }, { smiles: 'c1ccccc1' }]);
    expect(results.map(formulaOrCode)).toEqual(['RDKIT_UNPARSEABLE', 'C2H6O', 'C6H6']);
    expect(messageOf(results[0])).toMatch(/^RDKit crashed on this structure \(WebAssembly trap: .+\); its worker was replaced$/);
    expect((await pool.compute([{ smiles: 'CCN' }])).map(formulaOrCode)).toEqual(['C2H7N']);
  });
});
