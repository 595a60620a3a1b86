import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSdf } from '@strand/pubchem';
import { checkAtomCount } from '../src/enrich-compound.js';
import { countAtoms } from '../src/atom-count.js';

const testData = (path: string) => new URL(`../../../test-data/${path}`, import.meta.url);

/** The molfile: 341 bytes of V3000 declaring 100,000,000 atoms (it took 3.2 GB in RDKit). */
export function hundredMillionAtoms(): string {
  const lines = ['', '  Strand          2D', '', '  0  0  0     0  0            999 V3000', 'M  V30 BEGIN CTAB', 'M  V30 COUNTS 100000000 0 0 0 0', 'M  V30 BEGIN ATOM'];
  for (let i = 1; i <= 5; i++) lines.push(`M  V30 ${i} C ${i}.0 0.0 0.0 0`);
  lines.push('M  V30 END ATOM', 'M  V30 END CTAB', 'M  END', '');
  return lines.join('\n');
}

describe('countAtoms', () => {
  it('reads a V3000 COUNTS line, a V2000 counts line and counts a SMILES', () => {
    expect(countAtoms({ molblock: hundredMillionAtoms() })).toEqual({ atoms: 100_000_000, from: 'V3000 COUNTS line' });
    const aspirin = readFileSync(testData('pubchem/Structure2D_CID_2244.sdf'), 'utf8');
    expect(countAtoms({ molblock: aspirin })).toEqual({ atoms: 21, from: 'V2000 counts line' });
    expect(countAtoms({ smiles: 'CC(=O)Oc1ccccc1C(=O)O' })).toEqual({ atoms: 13, from: 'SMILES' });
    expect(countAtoms({ smiles: '[Na+].[Cl-]' })?.atoms).toBe(2);
    expect(countAtoms({ smiles: 'ClCBr' })?.atoms).toBe(3);
    expect(countAtoms({ smiles: 'C'.repeat(20_000) })?.atoms).toBe(20_000);
    expect(countAtoms({ molblock: 'too\nshort' })).toBeNull();
  });
});

describe('checkAtomCount (STRAND_RDKIT_MAX_ATOMS)', () => {
  it('refuses the 100,000,000-atom molfile and a 20,000-atom chain, naming the count, the limit and the setting', () => {
    expect(() => checkAtomCount({ molblock: hundredMillionAtoms() }, 2000)).toThrow(
      expect.objectContaining({ code: 'INPUT_TOO_LARGE', retriable: false, message: 'the structure declares 100000000 atoms (V3000 COUNTS line), more than 2000; it was not handed to RDKit (raise STRAND_RDKIT_MAX_ATOMS to accept it)' }),
    );
    expect(() => checkAtomCount({ smiles: 'C'.repeat(20_000) }, 2000)).toThrow(/declares 20000 atoms \(SMILES\), more than 2000/);
    expect(() => checkAtomCount({ smiles: 'C'.repeat(20_000) }, undefined)).not.toThrow();
  });

  it('passes every molecule of the test data under the default limit (2000)', async () => {
    let largest = 0;
    for (const file of ['molecules/solubility.test.sdf', 'molecules/cdk2.sdf', 'pubchem/Structure2D_CID_2244.sdf', 'pubchem/Structure2D_COMPOUND_CID_4.sdf', 'pubchem/ethanol_CID702_3d.sdf']) {
      for await (const record of parseSdf([readFileSync(testData(file))])) {
        largest = Math.max(largest, countAtoms({ molblock: record.molblock })?.atoms ?? 0);
        checkAtomCount({ molblock: record.molblock }, 2000);
      }
    }
    expect(largest).toBeGreaterThan(20);
    expect(largest).toBeLessThanOrEqual(2000);
  });
});
