import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StrandError, describeError } from '@strand/runtime';
import { PubchemParseError, parsePubchemJson } from '../src/index.js';

const read = (name: string): string => readFileSync(new URL(`../../../test-data/pubchem/${name}`, import.meta.url), 'utf8');

function thrown(fn: () => unknown): PubchemParseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PubchemParseError);
    return error as PubchemParseError;
  }
  throw new Error('expected a PubchemParseError');
}

describe('parsePubchemJson: full records', () => {
  it('reads a {"PC_Compounds":[...]} record with the 2025+ labels (SMILES Absolute/Connectivity, MW as sval)', () => {
    const [record, ...rest] = parsePubchemJson(read('Structure2D_COMPOUND_CID_4.json'));
    expect(rest).toHaveLength(0);
    expect(record).toMatchObject({ cid: 4, sourceFormat: 'pugrest-json', recordIndex: 0, title: '1-aminopropan-2-ol' });
    expect(record?.properties).toEqual({
      inchi: 'InChI=1S/C3H9NO/c1-3(5)2-4/h3,5H,2,4H2,1H3',
      inchiKey: 'HXKKHQJGJAFBHI-UHFFFAOYSA-N',
      smiles: 'CC(CN)O',
      connectivitySmiles: 'CC(CN)O',
      formula: 'C3H9NO',
      molecularWeight: 75.11,
      exactMass: 75.068413911,
      xlogp: -1,
      tpsa: 46.3,
      hbondDonors: 2,
      hbondAcceptors: 2,
      rotatableBonds: 1,
      charge: 0,
    });
    expect(Object.values(record?.provenance ?? {}).every((p) => p === 'pubchem')).toBe(true);
    expect(Object.keys(record?.provenance ?? {}).sort()).toEqual(Object.keys(record?.properties ?? {}).sort());
  });

  it('reads the bare-array form with the legacy SMILES Canonical/Isomeric labels', () => {
    const [record] = parsePubchemJson(read('benzene_CID241_compound_array.json'));
    expect(record).toMatchObject({ cid: 241, title: 'benzene' });
    expect(record?.properties).toMatchObject({
      smiles: 'C1=CC=CC=C1',
      connectivitySmiles: 'C1=CC=CC=C1',
      molecularWeight: 78.11,
      xlogp: 2.1,
      tpsa: 0,
      formula: 'C6H6',
      inchiKey: 'UHOVQNZJYSORNB-UHFFFAOYSA-N',
    });
  });

  it('reads molecular weight given as a number (fval, older records) the same as a string (sval)', () => {
    const document = JSON.parse(read('Structure2D_COMPOUND_CID_4.json'));
    for (const prop of document.PC_Compounds[0].props) {
      if (prop.urn.label === 'Molecular Weight') prop.value = { fval: 75.11 };
    }
    const [record] = parsePubchemJson(JSON.stringify(document));
    expect(record?.properties.molecularWeight).toBe(75.11);
  });

  it('parses a record without a CID, with cid null', () => {
    const document = JSON.parse(read('Structure2D_COMPOUND_CID_4.json'));
    delete document.PC_Compounds[0].id.id;
    const [record] = parsePubchemJson(JSON.stringify(document));
    expect(record?.cid).toBeNull();
    expect(record?.properties.inchiKey).toBe('HXKKHQJGJAFBHI-UHFFFAOYSA-N');
    expect(record?.molblock?.split('\n')[0]).toBe('1-aminopropan-2-ol');
  });

});

describe('parsePubchemJson: property tables', () => {
  it('reads a PropertyTable with weights as strings and all four SMILES keys', () => {
    const [record] = parsePubchemJson(read('aspirin_properties.json'), { source: 'aspirin_properties.json' });
    expect(record).toMatchObject({ cid: 2244, sourceFormat: 'property-table', title: '2-acetyloxybenzoic acid', molblock: null });
    expect(record?.properties).toEqual({
      inchi: 'InChI=1S/C9H8O4/c1-6(10)13-8-5-3-2-4-7(8)9(11)12/h2-5H,1H3,(H,11,12)',
      inchiKey: 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N',
      smiles: 'CC(=O)OC1=CC=CC=C1C(=O)O',
      connectivitySmiles: 'CC(=O)OC1=CC=CC=C1C(=O)O',
      formula: 'C9H8O4',
      molecularWeight: 180.16,
      exactMass: 180.04225873,
      xlogp: 1.2,
      tpsa: 63.6,
      hbondDonors: 1,
      hbondAcceptors: 4,
      rotatableBonds: 3,
      charge: 0,
    });
  });

  it('reads weights given as numbers and legacy-only SMILES keys', () => {
    const document = JSON.parse(read('aspirin_properties.json'));
    const row = document.PropertyTable.Properties[0];
    row.MolecularWeight = 180.16;
    row.ExactMass = 180.04225873;
    delete row.SMILES;
    delete row.ConnectivitySMILES;
    row.IsomericSMILES = 'CC(=O)OC1=CC=CC=C1C(=O)[OH]';
    const [record] = parsePubchemJson(JSON.stringify(document));
    expect(record?.properties).toMatchObject({ molecularWeight: 180.16, exactMass: 180.04225873, smiles: 'CC(=O)OC1=CC=CC=C1C(=O)[OH]', connectivitySmiles: 'CC(=O)OC1=CC=CC=C1C(=O)O' });
  });

  it('keeps rows without a CID and leaves absent properties absent', () => {
    const records = parsePubchemJson(JSON.stringify({ PropertyTable: { Properties: [{ MolecularFormula: 'C2H6O' }, { CID: 702, XLogP: -0.1 }] } }));
    expect(records.map((r) => [r.cid, r.recordIndex])).toEqual([[null, 0], [702, 1]]);
    expect(records[0]?.properties).toEqual({ formula: 'C2H6O' });
    expect(records[1]?.properties).toEqual({ xlogp: -0.1 });
    expect(records[1]?.provenance).toEqual({ xlogp: 'pubchem' });
  });

  it('rejects a number that is not a number, naming the field and CID', () => {
    const error = thrown(() => parsePubchemJson(JSON.stringify({ PropertyTable: { Properties: [{ CID: 5, MolecularWeight: 'n/a' }] } })));
    expect(error.code).toBe('PUBCHEM_BAD_VALUE');
    expect(error.where).toMatchObject({ field: 'MolecularWeight', cid: 5, recordIndex: 0 });
  });
});

describe('parsePubchemJson: errors', () => {
  it('reports truncated JSON as PUBCHEM_BAD_JSON with the position, line and column', () => {
    const text = read('aspirin_properties.json');
    const truncated = text.slice(0, 200);
    const error = thrown(() => parsePubchemJson(truncated, { source: 'aspirin.json' }));
    expect(error.code).toBe('PUBCHEM_BAD_JSON');
    expect(error.retriable).toBe(false);
    expect(error.where.source).toBe('aspirin.json');
    expect(error.where.position).toBe(truncated.length);
    expect(error.where.line).toBe(truncated.split('\n').length);
    expect(error.message).toContain('aspirin.json');
    expect(error).toBeInstanceOf(StrandError);
    expect(describeError(error)).toMatchObject({ code: 'PUBCHEM_BAD_JSON', retriable: false });
    expect(error.details).toMatchObject({ source: 'aspirin.json', position: truncated.length });
  });

  it('reports a syntax error in the middle at its position', () => {
    const text = '{"PropertyTable": {"Properties": [{"CID": 1,, "XLogP": 2}]}}';
    const error = thrown(() => parsePubchemJson(text));
    expect(error.code).toBe('PUBCHEM_BAD_JSON');
    expect(error.where.position).toBe(text.indexOf(',,') + 1);
    expect(error.where.column).toBe(text.indexOf(',,') + 2);
  });

  it('rejects JSON of another shape as PUBCHEM_BAD_SHAPE', () => {
    expect(thrown(() => parsePubchemJson('{"IdentifierList": {"CID": [1]}}')).code).toBe('PUBCHEM_BAD_SHAPE');
    expect(thrown(() => parsePubchemJson('[1, 2]')).code).toBe('PUBCHEM_BAD_SHAPE');
    expect(thrown(() => parsePubchemJson('{"PropertyTable": {"Properties": 3}}')).code).toBe('PUBCHEM_BAD_SHAPE');
  });

  it('turns a PUG REST Fault into PUBCHEM_FAULT, or the retriable PUBCHEM_SERVER_BUSY when the server is busy', () => {
    const busy = thrown(() => parsePubchemJson('{"Fault": {"Code": "PUGREST.ServerBusy", "Message": "Too many requests or server too busy"}}'));
    expect(busy).toMatchObject({ code: 'PUBCHEM_SERVER_BUSY', retriable: true });
    expect(thrown(() => parsePubchemJson('{"Fault": {"Code": "PUGREST.Timeout", "Message": "Request timed out"}}'))).toMatchObject({ code: 'PUBCHEM_SERVER_BUSY', retriable: true });
    const missing = thrown(() => parsePubchemJson('{"Fault": {"Code": "PUGREST.NotFound", "Message": "No CID found", "Details": ["No CID found that matches the given name"]}}'));
    expect(missing).toMatchObject({ code: 'PUBCHEM_FAULT', retriable: false });
    expect(missing.message).toContain('No CID found that matches the given name');
  });
});
