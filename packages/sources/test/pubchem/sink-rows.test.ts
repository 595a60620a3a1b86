import { describe, it, expect } from 'vitest';
import type { PubchemEnrichedValue } from '@strand/pipeline';
import { toCompoundRow, compoundRowKey, compoundColumns } from '../../src/pubchem/sink-rows.js';

const source = { topic: 'p.pubchem.enriched', partition: 1, offset: '42' };
function enriched(over: Partial<PubchemEnrichedValue> = {}): PubchemEnrichedValue {
  return {
    cid: 2244, sourceFormat: 'property-table', recordIndex: 0, title: 'aspirin', molblock: null,
    properties: { formula: 'C9H8O4', inchiKey: 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N', hbondAcceptors: 4 },
    provenance: { formula: 'pubchem', inchiKey: 'pubchem', hbondAcceptors: 'pubchem' },
    origin: { uri: 'http://pubchem/x', requestId: 'r1', format: 'property-table', fromCache: false, line: 0 },
    rdkit: null, disagreements: [{ field: 'hbondAcceptors', pubchem: '4', rdkit: '3' }], enrichMode: 'always', ...over,
  };
}

describe('toCompoundRow', () => {
  it('maps a compound to one value per column, keyed by CID', () => {
    const row = toCompoundRow(enriched(), source);
    expect(row.key).toBe('cid:2244');
    expect(row.values).toHaveLength(compoundColumns.length);
    const at = (c: (typeof compoundColumns)[number]) => row.values[compoundColumns.indexOf(c)];
    expect(at('formula')).toBe('C9H8O4');
    expect(at('tpsa')).toBeNull();
    expect(at('source_formats')).toEqual(['property-table']);
    expect(at('kafka_offset')).toBe('42');
    expect(JSON.parse(JSON.stringify(at('disagreements')))).toEqual([{ field: 'hbondAcceptors', pubchem: 4, rdkit: 3 }]);
  });

  it('keys a record without CID by InChIKey, and refuses one with neither (poison, naming where it came from)', () => {
    expect(compoundRowKey(enriched({ cid: null }))).toBe('inchikey:BSYNRYMUTXBXSQ-UHFFFAOYSA-N');
    expect(() => compoundRowKey(enriched({ cid: null, properties: {}, recordIndex: 3, origin: { uri: 'f.sdf', requestId: null, format: 'sdf', fromCache: false, line: 99 } })))
      .toThrow(expect.objectContaining({ code: 'COMPOUND_UNKEYED', retriable: false, message: expect.stringContaining('f.sdf: record 3 (line 99)') }));
  });
});
