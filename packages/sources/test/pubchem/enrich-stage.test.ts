import { describe, it, expect, beforeAll } from 'vitest';
import { loadRdkit, DescriptorPool, type RDKitModule } from '@strand/chem';
import { createLogger, type StageContext } from '@strand/runtime';
import type { PubchemParsedValue } from '@strand/pipeline';
import { createPubchemEnrichStage } from '../../src/pubchem/enrich-stage.js';

const ctx: StageContext = { topic: 't', partition: 0, offset: '0', key: null, logger: createLogger('error') };
let rdkit: RDKitModule;
beforeAll(async () => { rdkit = await loadRdkit(); });

/** As the enricher receives it from Avro: absent properties are null. */
function parsed(properties: Partial<PubchemParsedValue['properties']>, cid: number | null = 702): PubchemParsedValue {
  const all = { inchi: null, inchiKey: null, smiles: null, connectivitySmiles: null, formula: null, molecularWeight: null, exactMass: null, xlogp: null, tpsa: null, hbondDonors: null, hbondAcceptors: null, rotatableBonds: null, charge: null, ...properties };
  const provenance = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null).map(([k]) => [k, 'pubchem']));
  return { cid, sourceFormat: 'property-table', recordIndex: 0, title: null, molblock: null, properties: all, provenance, origin: { uri: 'u', requestId: 'r', format: 'property-table', fromCache: false, line: 0 } };
}

describe('createPubchemEnrichStage', () => {
  it('fills missing fields from RDKit (provenance rdkit), keeps PubChem values, drops Avro nulls', async () => {
    const stage = createPubchemEnrichStage(rdkit, { mode: 'fallback' });
    const [out] = await stage.process(parsed({ smiles: 'CCO', xlogp: -0.1 }), ctx);
    expect(out!.properties).toMatchObject({ smiles: 'CCO', xlogp: -0.1, formula: 'C2H6O', inchiKey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N' });
    expect(out!.properties).not.toHaveProperty('charge');
    expect(out!.provenance).toMatchObject({ smiles: 'pubchem', xlogp: 'pubchem', formula: 'rdkit' });
    expect(out!.rdkit?.rings).toBe(0);
    expect(out!).toMatchObject({ enrichMode: 'fallback', origin: { requestId: 'r' } });
  });

  it('in always mode computes RDKit even when PubChem gave everything, and lists disagreements as JSON text', async () => {
    const full = { smiles: 'CCO', inchi: 'InChI=1S/C2H6O/c1-2-3/h3H,2H2,1H3', inchiKey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N', formula: 'C2H6O', molecularWeight: 46.07, exactMass: 46.041864811, tpsa: 20.2, hbondDonors: 1, hbondAcceptors: 1, rotatableBonds: 5 };
    const [fallback] = await createPubchemEnrichStage(rdkit, { mode: 'fallback' }).process(parsed(full), ctx);
    expect(fallback!.rdkit).toBeNull();
    const [always] = await createPubchemEnrichStage(rdkit, { mode: 'always' }).process(parsed(full), ctx);
    expect(always!.rdkit?.formula).toBe('C2H6O');
    expect(always!.disagreements).toEqual([{ field: 'rotatableBonds', pubchem: '5', rdkit: '0' }]);
    expect(always!.properties.rotatableBonds).toBe(5);
  });

  it('throws a non-retriable RDKIT_UNPARSEABLE naming the CID for a structure RDKit cannot read', async () => {
    const stage = createPubchemEnrichStage(rdkit, { mode: 'fallback' });
    await expect(Promise.resolve().then(() => stage.process(parsed({ smiles: 'c1cccn1(H)' }, 900000120), ctx)))
      .rejects.toMatchObject({ code: 'RDKIT_UNPARSEABLE', retriable: false, message: expect.stringContaining('CID 900000120') });
  });

  it('with a worker pool gives the same outputs and errors, several records in flight', async () => {
    const pool = new DescriptorPool(2);
    try {
      const pooled = createPubchemEnrichStage(rdkit, { mode: 'always', pool });
      const inline = createPubchemEnrichStage(rdkit, { mode: 'always' });
      expect(pooled.concurrency).toBe(4);
      const inputs = ['CCO', 'c1ccccc1', 'CC(=O)Oc1ccccc1C(=O)O', 'CN1C=NC2=C1C(=O)N(C(=O)N2C)C'].map((smiles, i) => parsed({ smiles }, 1000 + i));
      const [a, b] = await Promise.all([Promise.all(inputs.map((x) => pooled.process(x, ctx))), Promise.all(inputs.map((x) => inline.process(x, ctx)))]);
      expect(a).toEqual(b);
      await expect(pooled.process(parsed({ smiles: 'c1cccn1(H)' }, 900000121), ctx))
        .rejects.toMatchObject({ code: 'RDKIT_UNPARSEABLE', retriable: false, message: expect.stringContaining('CID 900000121') });
    } finally {
      await pool.close();
    }
  });
});
