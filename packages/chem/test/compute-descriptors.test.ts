import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePubchemJson, parseSdf, type CompoundRecord } from '@strand/pubchem';
import { ChemError, computeDescriptors, loadRdkit, type RDKitModule } from '../src/index.js';

const read = (path: string): string => readFileSync(new URL(`../../../test-data/${path}`, import.meta.url), 'utf8');

async function sdfRecords(path: string): Promise<CompoundRecord[]> {
  const out: CompoundRecord[] = [];
  for await (const record of parseSdf([read(path)])) out.push(record);
  return out;
}

function thrown(fn: () => unknown): ChemError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ChemError);
    return error as ChemError;
  }
  throw new Error('expected a ChemError');
}

/** The real RDKit module, with every Mol it hands out remembered so a test can check they were freed. */
function watchMols(rdkit: RDKitModule): { rdkit: RDKitModule; mols: { isDeleted(): boolean }[] } {
  const mols: { isDeleted(): boolean }[] = [];
  const watched = Object.create(rdkit) as RDKitModule;
  watched.get_mol = ((input: string, details?: string) => {
    const mol = details === undefined ? rdkit.get_mol(input) : rdkit.get_mol(input, details);
    if (mol !== null) mols.push(mol);
    return mol;
  }) as RDKitModule['get_mol'];
  return { rdkit: watched, mols };
}

describe('computeDescriptors', () => {
  it('computes aspirin from the PubChem SDF molblock', async () => {
    const rdkit = await loadRdkit();
    const [aspirin] = await sdfRecords('pubchem/Structure2D_CID_2244.sdf');
    const d = computeDescriptors(rdkit, { molblock: aspirin?.molblock });
    expect(d).toMatchObject({
      formula: 'C9H8O4',
      hbondDonors: 1,
      hbondAcceptors: 3,
      rotatableBonds: 2,
      rings: 1,
      inchi: 'InChI=1S/C9H8O4/c1-6(10)13-8-5-3-2-4-7(8)9(11)12/h2-5H,1H3,(H,11,12)',
      inchiKey: 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N',
      canonicalSmiles: 'CC(=O)Oc1ccccc1C(=O)O',
    });
    expect(d.molecularWeight).toBeCloseTo(180.159, 3);
    expect(d.exactMass).toBeCloseTo(180.042259, 5);
    expect(d.tpsa).toBeCloseTo(63.6, 2);
    expect(d.crippenLogP).toBeCloseTo(1.3101, 4);
  });

  it('gives the same InChIKey as PubChem for the molblock built from a PC_Compounds record', async () => {
    const rdkit = await loadRdkit();
    for (const file of ['Structure2D_COMPOUND_CID_4.json', 'benzene_CID241_compound_array.json']) {
      const [record] = parsePubchemJson(read(`pubchem/${file}`));
      expect(record?.molblock, file).not.toBeNull();
      const d = computeDescriptors(rdkit, { molblock: record?.molblock });
      expect(d.inchiKey, file).toBe(record?.properties.inchiKey);
      expect(d.formula, file).toBe(record?.properties.formula);
    }
  });

  it('reads SMILES when there is no molblock, and prefers the molblock when both are given', async () => {
    const rdkit = await loadRdkit();
    expect(computeDescriptors(rdkit, { smiles: 'CC(CN)O' }).inchiKey).toBe('HXKKHQJGJAFBHI-UHFFFAOYSA-N');
    const [cid4] = await sdfRecords('pubchem/Structure2D_COMPOUND_CID_4.sdf');
    expect(computeDescriptors(rdkit, { molblock: cid4?.molblock, smiles: 'c1ccccc1' }).formula).toBe('C3H9NO');
  });

  it('computes descriptors for all 257 solubility molecules', async () => {
    const rdkit = await loadRdkit();
    const records = await sdfRecords('molecules/solubility.test.sdf');
    expect(records).toHaveLength(257);
    const failures: string[] = [];
    for (const record of records) {
      try {
        const d = computeDescriptors(rdkit, { molblock: record.molblock });
        expect(d.inchiKey).toMatch(/^[A-Z]{14}-[A-Z]{10}-[A-Z]$/);
        expect(d.molecularWeight).toBeGreaterThan(0);
      } catch (error) {
        failures.push(`${record.recordIndex} ${record.title}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('computes descriptors for all 47 cdk2 molecules (3D, explicit hydrogens, charges)', async () => {
    const rdkit = await loadRdkit();
    const records = await sdfRecords('molecules/cdk2.sdf');
    expect(records).toHaveLength(47);
    const descriptors = records.map((r) => computeDescriptors(rdkit, { molblock: r.molblock }));
    // Explicit hydrogens are removed, as Python's MolFromMolBlock does, except one that fixes double-bond stereo (record 26).
    expect(descriptors.filter((d) => /\[H\](?![/\\])/.test(d.canonicalSmiles))).toEqual([]);
    expect(descriptors[26]?.canonicalSmiles.startsWith('[H]/N=C(\\N)')).toBe(true);
    expect(descriptors[0]?.formula).toBe('C10H13N5O2');
  });

  it('throws RDKIT_UNPARSEABLE, not retriable, with RDKit\'s reason', async () => {
    const rdkit = await loadRdkit();
    const kekulize = thrown(() => computeDescriptors(rdkit, { smiles: 'c1cccc1' }));
    expect(kekulize).toMatchObject({ code: 'RDKIT_UNPARSEABLE', retriable: false });
    expect(kekulize.message).toContain("Can't kekulize");
    const syntax = thrown(() => computeDescriptors(rdkit, { smiles: 'C1CC(' }));
    expect(syntax.message).toContain('C1CC(');
    // A pentavalent carbon in a molblock.
    const [aspirin] = await sdfRecords('pubchem/Structure2D_CID_2244.sdf');
    const lines = aspirin!.molblock!.split('\n');
    lines[3] = lines[3]!.replace(' 21 21', ' 21 22');
    lines.splice(4 + 21 + 21, 0, '  5 13  1  0  0  0  0');
    const valence = thrown(() => computeDescriptors(rdkit, { molblock: lines.join('\n') }));
    expect(valence.code).toBe('RDKIT_UNPARSEABLE');
    expect(valence.message).toMatch(/valence/i);
    expect(thrown(() => computeDescriptors(rdkit, {})).code).toBe('RDKIT_NO_STRUCTURE');
    // RDKit still works after the failures.
    expect(computeDescriptors(rdkit, { smiles: 'CCO' }).formula).toBe('C2H6O');
  });

  it('frees every RDKit Mol it creates, on success and on failure', async () => {
    const { rdkit, mols } = watchMols(await loadRdkit());
    const records = await sdfRecords('molecules/cdk2.sdf');
    for (const record of records.slice(0, 10)) computeDescriptors(rdkit, { molblock: record.molblock });
    thrown(() => computeDescriptors(rdkit, { smiles: 'C1CC(' }));
    expect(mols).toHaveLength(10);
    expect(mols.every((mol) => mol.isDeleted())).toBe(true);
  });
});
