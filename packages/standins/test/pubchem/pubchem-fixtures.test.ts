import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPubchemFixtures, SYNTHETIC_CID_BASE, syntheticRecordFor } from '@strand/standins';

const PUBCHEM = fileURLToPath(new URL('../../../../test-data/pubchem/', import.meta.url));
const SOLUBILITY = fileURLToPath(new URL('../../../../test-data/molecules/solubility.test.sdf', import.meta.url));

describe('loadPubchemFixtures', () => {
  it('loads the four real records with their PubChem properties', async () => {
    const records = await loadPubchemFixtures({ pubchemDir: PUBCHEM });
    expect(records.map((r) => r.cid)).toEqual([2244, 4, 241, 702]);
    expect(records.every((r) => !r.synthetic)).toBe(true);
    const byCid = new Map(records.map((r) => [r.cid, r]));

    const aspirin = JSON.parse(readFileSync(`${PUBCHEM}aspirin_properties.json`, 'utf8')).PropertyTable.Properties[0];
    expect({ CID: 2244, ...byCid.get(2244)!.properties }).toEqual(aspirin);
    expect(byCid.get(4)!.properties).toMatchObject({ MolecularFormula: 'C3H9NO', MolecularWeight: '75.11', XLogP: -1, TPSA: 46.3, HBondDonorCount: 2, HBondAcceptorCount: 2, RotatableBondCount: 1, HeavyAtomCount: 5 });
    expect(byCid.get(241)!.properties).toMatchObject({ MolecularFormula: 'C6H6', MolecularWeight: '78.11', XLogP: 2.1, CanonicalSMILES: 'C1=CC=CC=C1' });
    expect(byCid.get(702)!.properties).toEqual({ MolecularFormula: 'C2H6O', HeavyAtomCount: 3 });
    expect(byCid.get(2244)!.names).toContain('aspirin');
    // Benzene has no SDF fixture: it is re-encoded from the JSON record (6 C + 6 H).
    expect(byCid.get(241)!.sdf.split('\n')[3]).toMatch(/^ 12 12/);
  });

  it('gives the solubility molecules synthetic CIDs and marks them', async () => {
    const records = await loadPubchemFixtures({ pubchemDir: PUBCHEM, syntheticSdf: SOLUBILITY });
    const synthetic = records.filter((r) => r.synthetic);
    expect(synthetic).toHaveLength(257);
    expect(synthetic[0]!.cid).toBe(SYNTHETIC_CID_BASE + 1);
    expect(synthetic[256]!.cid).toBe(SYNTHETIC_CID_BASE + 257);
    expect(synthetic[0]!.properties).toMatchObject({ Title: '3-methylpentane', SMILES: 'CCC(C)CC', HeavyAtomCount: 6, StrandSynthetic: true });
    for (const r of synthetic) {
      expect(r.properties.StrandSynthetic).toBe(true);
      expect(r.sdf).toContain('> <STRAND_SYNTHETIC>');
      expect(r.sdf).toContain(`> <PUBCHEM_COMPOUND_CID>\n${r.cid}\n`);
      expect(r.sdf).not.toContain('\r');
      expect(r.compound.props?.some((p) => p.urn.label === 'Strand')).toBe(true);
    }
  });

  it('makes a marked copy of a real structure for any CID', async () => {
    const records = await loadPubchemFixtures({ pubchemDir: PUBCHEM });
    const copy = syntheticRecordFor(123_456_789, records);
    expect(copy.cid).toBe(123_456_789);
    expect(copy.synthetic).toBe(true);
    expect(copy.properties.StrandSynthetic).toBe(true);
    expect(copy.compound.id.id.cid).toBe(123_456_789);
    expect(copy.sdf).toContain('> <PUBCHEM_COMPOUND_CID>\n123456789\n');
    expect(copy.sdf).toContain('> <STRAND_SYNTHETIC>');
  });
});
