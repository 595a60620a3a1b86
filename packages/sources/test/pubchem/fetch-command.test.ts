import { describe, it, expect } from 'vitest';
import { buildRequests } from '../../src/pubchem/fetch-command.js';

const none = { cids: undefined, cidRange: undefined, names: undefined, smiles: [] as string[], formats: ['property-table' as const] };

describe('buildRequests (strand fetch pubchem)', () => {
  it('splits CID lists and ranges into requests of at most 10,000 CIDs', () => {
    const list = buildRequests({ ...none, cids: Array.from({ length: 10_001 }, (_, i) => i + 1).join(',') });
    expect(list.map((r) => r.cids.length)).toEqual([10_000, 1]);
    const range = buildRequests({ ...none, cidRange: '1-25000' });
    expect(range.map((r) => r.cidRange)).toEqual([{ from: 1, to: 10_000 }, { from: 10_001, to: 20_000 }, { from: 20_001, to: 25_000 }]);
  });

  it('puts names and SMILES in one request, with the asked formats', () => {
    const [r] = buildRequests({ ...none, names: 'aspirin, benzene', smiles: ['CCO'], formats: ['json', 'sdf'] });
    expect(r).toMatchObject({ names: ['aspirin', 'benzene'], smiles: ['CCO'], cids: [], cidRange: null, formats: ['json', 'sdf'] });
    expect(r!.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses malformed CIDs and ranges', () => {
    expect(() => buildRequests({ ...none, cids: '1,x' })).toThrow(/"x" is not a positive integer/);
    expect(() => buildRequests({ ...none, cidRange: '9-3' })).toThrow(/FROM-TO/);
  });
});
