import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parsePubchemJson, parseSdf } from '@strand/pubchem';
import { splitPayload } from '../../src/pubchem/split-payload.js';

const testData = (name: string) => readFileSync(new URL(`../../../../test-data/pubchem/${name}`, import.meta.url), 'utf8');

describe('splitPayload', () => {
  it('splits a property table into one-row tables keyed by CID, each still a valid property table', () => {
    const table = JSON.stringify({ PropertyTable: { Properties: [{ CID: 1, MolecularFormula: 'C9H17NO4' }, { CID: 2244, MolecularFormula: 'C9H8O4' }] } });
    const parts = splitPayload('property-table', table, 'u');
    expect([...parts.keys()]).toEqual([1, 2244]);
    expect(parsePubchemJson(parts.get(2244)!)[0]).toMatchObject({ cid: 2244, properties: { formula: 'C9H8O4' } });
  });

  it('splits PC_Compounds into one-compound documents', () => {
    const parts = splitPayload('json', testData('Structure2D_COMPOUND_CID_4.json'), 'u');
    expect([...parts.keys()]).toEqual([4]);
    expect(parsePubchemJson(parts.get(4)!)[0]?.cid).toBe(4);
  });

  it('splits an SD file at $$$$ by PUBCHEM_COMPOUND_CID, each part a complete SD record', async () => {
    const sdf = testData('Structure2D_CID_2244.sdf') + testData('Structure2D_COMPOUND_CID_4.sdf').replace(/\n/g, '\r\n');
    const parts = splitPayload('sdf', sdf, 'u');
    expect([...parts.keys()]).toEqual([2244, 4]);
    for (const [cid, text] of parts) {
      expect(text.endsWith('$$$$\n')).toBe(true);
      const records = [];
      for await (const r of parseSdf([text])) records.push(r);
      expect(records.map((r) => r.cid)).toEqual([cid]);
    }
  });

  it('calls a truncated answer retriable (the next attempt usually gets the whole body)', () => {
    const text = testData('aspirin_properties.json');
    expect(() => splitPayload('property-table', text.slice(0, text.length / 2), 'http://x/y')).toThrow(expect.objectContaining({ code: 'PUBCHEM_BAD_ANSWER', retriable: true }));
    expect(() => splitPayload('sdf', testData('Structure2D_CID_2244.sdf').slice(0, 500), 'http://x/y')).toThrow(/truncated/);
    // Cut inside the second record: the first has its $$$$, the answer as a whole is still cut off.
    const two = testData('Structure2D_CID_2244.sdf') + testData('Structure2D_COMPOUND_CID_4.sdf');
    expect(() => splitPayload('sdf', two.slice(0, two.length - 20), 'http://x/y')).toThrow(expect.objectContaining({ code: 'PUBCHEM_BAD_ANSWER', retriable: true }));
    expect(splitPayload('sdf', '', 'u').size).toBe(0);
  });
});
