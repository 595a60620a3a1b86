import { describe, it, expect } from 'vitest';
import { expandCids, requestFormats, MAX_CIDS_PER_REQUEST } from '../../src/pubchem/request-plan.js';

const base = { requestId: 'r1', cids: [] as number[], cidRange: null as { from: number; to: number } | null };

describe('expandCids', () => {
  it('joins the list and the inclusive range, de-duplicated in first-seen order', () => {
    expect(expandCids({ ...base, cids: [5, 2, 5], cidRange: { from: 1, to: 3 } })).toEqual([5, 2, 1, 3]);
  });

  it('rejects non-positive CIDs and empty or oversized ranges as INPUT_INVALID naming the request', () => {
    expect(() => expandCids({ ...base, cids: [0] })).toThrow(/request r1: CID 0/);
    expect(() => expandCids({ ...base, cidRange: { from: 9, to: 3 } })).toThrow(expect.objectContaining({ code: 'INPUT_INVALID', retriable: false }));
    expect(() => expandCids({ ...base, cidRange: { from: 1, to: MAX_CIDS_PER_REQUEST + 1 } })).toThrow(/split it/);
  });
});

describe('requestFormats', () => {
  it('defaults to property tables and keeps the asked formats once each', () => {
    expect(requestFormats({ requestId: 'r', formats: [] })).toEqual(['property-table']);
    expect(requestFormats({ requestId: 'r', formats: ['sdf', 'json', 'sdf'] })).toEqual(['sdf', 'json']);
  });

  it('rejects an unknown format', () => {
    expect(() => requestFormats({ requestId: 'r', formats: ['xml' as never] })).toThrow(/unknown format "xml"/);
  });
});
