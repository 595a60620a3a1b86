import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StrandError } from '@strand/runtime';
import { parsePubchemJson, parseSdf, type CompoundRecord } from '@strand/pubchem';
import { ChemError, applyDescriptors, computeDescriptors, enrichCompound, loadRdkit, needsRdkit } from '../src/index.js';

const read = (path: string): string => readFileSync(new URL(`../../../test-data/${path}`, import.meta.url), 'utf8');

async function firstSdfRecord(path: string): Promise<CompoundRecord> {
  for await (const record of parseSdf([read(path)])) return record;
  throw new Error(`no record in ${path}`);
}

describe('enrichCompound', () => {
  it('fallback: does not run RDKit when PubChem gave every fillable property', async () => {
    const rdkit = await loadRdkit();
    const [aspirin] = parsePubchemJson(read('pubchem/aspirin_properties.json'));
    expect(needsRdkit(aspirin!, 'fallback')).toBe(false);
    const enriched = enrichCompound(aspirin!, rdkit, { mode: 'fallback' });
    expect(enriched.rdkit).toBeNull();
    expect(enriched.disagreements).toEqual([]);
    expect(enriched.properties).toEqual(aspirin!.properties);
  });

  it('always: runs RDKit on the SMILES of a property table and lists real disagreements with Cactvs', async () => {
    const rdkit = await loadRdkit();
    const [aspirin] = parsePubchemJson(read('pubchem/aspirin_properties.json'));
    const enriched = enrichCompound(aspirin!, rdkit, { mode: 'always' });
    expect(enriched.rdkit?.inchiKey).toBe('BSYNRYMUTXBXSQ-UHFFFAOYSA-N');
    // Cactvs counts the ester oxygen as an acceptor and the ester C-O bond as rotatable; RDKit does not.
    expect(enriched.disagreements).toEqual([
      { field: 'hbondAcceptors', pubchem: 4, rdkit: 3 },
      { field: 'rotatableBonds', pubchem: 3, rdkit: 2 },
    ]);
    // PubChem's values are kept, and so is their provenance.
    expect(enriched.properties).toEqual(aspirin!.properties);
    expect(Object.values(enriched.provenance).every((p) => p === 'pubchem')).toBe(true);
  });

  it('fallback: a 3D SDF without property tags gets every fillable property from RDKit, marked rdkit', async () => {
    const rdkit = await loadRdkit();
    const ethanol = await firstSdfRecord('pubchem/ethanol_CID702_3d.sdf');
    expect(needsRdkit(ethanol, 'fallback')).toBe(true);
    const enriched = enrichCompound(ethanol, rdkit, { mode: 'fallback' });
    expect(enriched.properties).toMatchObject({ formula: 'C2H6O', inchiKey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N', smiles: 'CCO', hbondDonors: 1, hbondAcceptors: 1, rotatableBonds: 0 });
    expect(enriched.properties.molecularWeight).toBeCloseTo(46.069, 3);
    expect(enriched.provenance).toEqual({
      formula: 'rdkit', molecularWeight: 'rdkit', exactMass: 'rdkit', tpsa: 'rdkit', hbondDonors: 'rdkit', hbondAcceptors: 'rdkit',
      rotatableBonds: 'rdkit', inchi: 'rdkit', inchiKey: 'rdkit', smiles: 'rdkit',
    });
    // XLogP3 is PubChem's own method: RDKit's Crippen logP never stands in for it.
    expect(enriched.properties.xlogp).toBeUndefined();
    expect(enriched.rdkit?.crippenLogP).toBeCloseTo(-0.0014, 4);
    expect(enriched.disagreements).toEqual([]);
  });

  it('fallback: fills only the missing fields and compares the rest', async () => {
    const rdkit = await loadRdkit();
    const record = await firstSdfRecord('pubchem/Structure2D_COMPOUND_CID_4.sdf');
    const { tpsa: _tpsa, ...withoutTpsa } = record.properties;
    const { tpsa: _p, ...provenance } = record.provenance;
    const partial: CompoundRecord = { ...record, properties: withoutTpsa, provenance };
    const enriched = enrichCompound(partial, rdkit, { mode: 'fallback' });
    expect(enriched.properties.tpsa).toBeCloseTo(46.25, 2);
    expect(enriched.provenance.tpsa).toBe('rdkit');
    expect(enriched.provenance.molecularWeight).toBe('pubchem');
    expect(enriched.properties.molecularWeight).toBe(75.11);
    expect(enriched.disagreements).toEqual([]);
  });

  it('flags numbers past the tolerance and integers or keys that differ at all, but never logP', async () => {
    const rdkit = await loadRdkit();
    const record = await firstSdfRecord('pubchem/Structure2D_COMPOUND_CID_4.sdf');
    const descriptors = computeDescriptors(rdkit, { molblock: record.molblock });
    const within: CompoundRecord = { ...record, properties: { ...record.properties, molecularWeight: 75.15, tpsa: 46.7, xlogp: 5 } };
    expect(applyDescriptors(within, descriptors).disagreements).toEqual([]);
    const beyond: CompoundRecord = {
      ...record,
      properties: { ...record.properties, molecularWeight: 75.2, exactMass: 75.07, tpsa: 47, hbondDonors: 3, inchiKey: 'HXKKHQJGJAFBHI-UHFFFAOYSA-O', formula: 'C3H8NO', xlogp: 9 },
    };
    expect(applyDescriptors(beyond, descriptors).disagreements.map((d) => d.field).sort()).toEqual(
      ['exactMass', 'formula', 'hbondDonors', 'inchiKey', 'molecularWeight', 'tpsa'].sort(),
    );
    expect(applyDescriptors(beyond, descriptors, { tolerance: { molecularWeight: 0.2, tpsa: 1 } }).disagreements.map((d) => d.field).sort()).toEqual(
      ['exactMass', 'formula', 'hbondDonors', 'inchiKey'].sort(),
    );
    const mw = applyDescriptors(beyond, descriptors).disagreements.find((d) => d.field === 'molecularWeight');
    expect(mw).toEqual({ field: 'molecularWeight', pubchem: 75.2, rdkit: descriptors.molecularWeight });
  });

  it('fills a non-PubChem SDF record from RDKit with no disagreements to report', async () => {
    const rdkit = await loadRdkit();
    const record = await firstSdfRecord('molecules/solubility.test.sdf');
    const enriched = enrichCompound(record, rdkit, { mode: 'fallback' });
    expect(enriched.cid).toBeNull();
    expect(enriched.properties).toMatchObject({ formula: 'C6H14', smiles: 'CCC(C)CC', inchiKey: 'PFEOZHBOMNWTJB-UHFFFAOYSA-N' });
    expect(enriched.disagreements).toEqual([]);
  });

  it('leaves a record without any structure alone in both modes', async () => {
    const rdkit = await loadRdkit();
    const [row] = parsePubchemJson(JSON.stringify({ PropertyTable: { Properties: [{ CID: 702, XLogP: -0.1 }] } }));
    for (const mode of ['fallback', 'always'] as const) {
      const enriched = enrichCompound(row!, rdkit, { mode });
      expect(enriched.rdkit).toBeNull();
      expect(enriched.properties).toEqual({ xlogp: -0.1 });
    }
  });

  it('throws ChemError RDKIT_UNPARSEABLE naming the CID, or keeps the record with rdkitError when asked', async () => {
    const rdkit = await loadRdkit();
    const [row] = parsePubchemJson(JSON.stringify({ PropertyTable: { Properties: [{ CID: 99, SMILES: 'c1cccc1', MolecularFormula: 'C5H5' }] } }));
    let error: unknown;
    try {
      enrichCompound(row!, rdkit, { mode: 'always' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChemError);
    expect(error).toBeInstanceOf(StrandError);
    expect(error).toMatchObject({ code: 'RDKIT_UNPARSEABLE', retriable: false, details: { cid: 99 } });
    expect((error as Error).message).toMatch(/^CID 99: /);
    const kept = enrichCompound(row!, rdkit, { mode: 'always', unparseable: 'keep' });
    expect(kept.rdkit).toBeNull();
    expect(kept.rdkitError?.code).toBe('RDKIT_UNPARSEABLE');
    expect(kept.properties).toEqual({ smiles: 'c1cccc1', formula: 'C5H5' });
  });

  it('is JSON-serializable', async () => {
    const rdkit = await loadRdkit();
    const ethanol = await firstSdfRecord('pubchem/ethanol_CID702_3d.sdf');
    const enriched = enrichCompound(ethanol, rdkit, { mode: 'always' });
    expect(JSON.parse(JSON.stringify(enriched))).toEqual(enriched);
  });
});
