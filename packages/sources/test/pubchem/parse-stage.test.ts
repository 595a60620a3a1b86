import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { createLogger, type StageContext } from '@strand/runtime';
import type { PubchemRawValue } from '@strand/pipeline';
import { pubchemParseStage, compoundKey } from '../../src/pubchem/parse-stage.js';

const testData = (name: string) => readFileSync(new URL(`../../../../test-data/${name}`, import.meta.url), 'utf8');
const ctx: StageContext = { topic: 't', partition: 0, offset: '0', key: null, logger: createLogger('error') };
const raw = (format: PubchemRawValue['format'], text: string, extra: Partial<PubchemRawValue> = {}): PubchemRawValue =>
  ({ requestId: 'req-1', batch: 0, format, uri: 'http://pubchem/x', cids: [], fromCache: false, text, firstLine: 1, recordIndex: 0, fetchedAt: 0, ...extra });

describe('pubchemParseStage', () => {
  it('turns a property table into one compound per row, with its origin', async () => {
    const out = await pubchemParseStage.process(raw('property-table', testData('pubchem/aspirin_properties.json'), { fromCache: true }), ctx);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ cid: 2244, sourceFormat: 'property-table', properties: { formula: 'C9H8O4', molecularWeight: 180.16 }, provenance: { formula: 'pubchem' } });
    expect(out[0]!.origin).toEqual({ uri: 'http://pubchem/x', requestId: 'req-1', format: 'property-table', fromCache: true, line: 0 });
    expect(compoundKey(out[0]!)).toBe('2244');
  });

  it('parses full JSON records and SD records; SD origins carry the source line', async () => {
    const json = await pubchemParseStage.process(raw('json', testData('pubchem/benzene_CID241_compound_array.json')), ctx);
    expect(json.map((c) => c.cid)).toEqual([241]);
    expect(json[0]!.molblock).toContain('V2000');
    const sdf = await pubchemParseStage.process(raw('sdf', testData('pubchem/Structure2D_CID_2244.sdf'), { firstLine: 40, recordIndex: 7 }), ctx);
    expect(sdf[0]).toMatchObject({ cid: 2244, recordIndex: 7, origin: { line: 40, format: 'sdf' } });
  });

  it('keys a compound without CID by InChIKey', () => {
    expect(compoundKey({ cid: null, properties: { inchiKey: 'ABC-DEF-N' } })).toBe('ABC-DEF-N');
    expect(compoundKey({ cid: null, properties: {} })).toBeNull();
  });

  it('throws non-retriable errors naming the source for bad payloads, even a "server busy" fault', async () => {
    const truncated = testData('pubchem/aspirin_properties.json').slice(0, 200);
    await expect(pubchemParseStage.process(raw('property-table', truncated), ctx)).rejects.toMatchObject({ code: 'PUBCHEM_BAD_JSON', retriable: false, message: expect.stringContaining('http://pubchem/x') });
    const busy = JSON.stringify({ Fault: { Code: 'PUGREST.ServerBusy', Message: 'busy' } });
    await expect(pubchemParseStage.process(raw('json', busy), ctx)).rejects.toMatchObject({ code: 'PUBCHEM_FAULT', retriable: false });
    await expect(pubchemParseStage.process(raw('sdf', 'title\n\n\nnot a counts line\nM  END\n$$$$\n', { firstLine: 12 }), ctx)).rejects.toMatchObject({ code: 'PUBCHEM_BAD_SDF_RECORD', message: expect.stringContaining('line') });
  });
});
