import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePubchemFile, type CompoundRecord } from '../src/index.js';

const fixture = (path: string): string => fileURLToPath(new URL(`../../../test-data/${path}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'strand-pubchem-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function all(path: string): Promise<CompoundRecord[]> {
  const out: CompoundRecord[] = [];
  for await (const record of parsePubchemFile(path)) out.push(record);
  return out;
}

describe('parsePubchemFile', () => {
  it('tells JSON full records, property tables and SDF apart by content', async () => {
    expect((await all(fixture('pubchem/Structure2D_COMPOUND_CID_4.json'))).map((r) => [r.cid, r.sourceFormat])).toEqual([[4, 'pugrest-json']]);
    expect((await all(fixture('pubchem/benzene_CID241_compound_array.json'))).map((r) => [r.cid, r.sourceFormat])).toEqual([[241, 'pugrest-json']]);
    expect((await all(fixture('pubchem/aspirin_properties.json'))).map((r) => [r.cid, r.sourceFormat])).toEqual([[2244, 'property-table']]);
    expect((await all(fixture('pubchem/Structure2D_CID_2244.sdf'))).map((r) => [r.cid, r.sourceFormat])).toEqual([[2244, 'sdf']]);
    expect(await all(fixture('molecules/cdk2.sdf'))).toHaveLength(47);
  });

  it('ignores the file name: JSON named .sdf is JSON, SDF named .json is SDF', async () => {
    const jsonAsSdf = join(scratch, 'record.sdf');
    writeFileSync(jsonAsSdf, readFileSync(fixture('pubchem/aspirin_properties.json')));
    expect((await all(jsonAsSdf))[0]?.sourceFormat).toBe('property-table');
    const sdfAsJson = join(scratch, 'record.json');
    // An SD title line that starts with "[" must not be taken for JSON.
    writeFileSync(sdfAsJson, `[aspirin]${readFileSync(fixture('pubchem/Structure2D_CID_2244.sdf'), 'utf8').slice(4)}`);
    expect((await all(sdfAsJson))[0]).toMatchObject({ sourceFormat: 'sdf', cid: 2244 });
  });

  it('reads gzip-compressed SDF and JSON', async () => {
    const sdf = join(scratch, 'solubility.sdf.gz');
    writeFileSync(sdf, gzipSync(readFileSync(fixture('molecules/solubility.test.sdf'))));
    expect(await all(sdf)).toHaveLength(257);
    const json = join(scratch, 'cid4.json.gz');
    writeFileSync(json, gzipSync(readFileSync(fixture('pubchem/Structure2D_COMPOUND_CID_4.json'))));
    expect((await all(json))[0]?.properties.inchiKey).toBe('HXKKHQJGJAFBHI-UHFFFAOYSA-N');
  });

  it('reports a missing file as PUBCHEM_INPUT_UNREADABLE naming the path', async () => {
    const missing = join(scratch, 'nope.sdf');
    await expect(all(missing)).rejects.toMatchObject({ code: 'PUBCHEM_INPUT_UNREADABLE', where: { source: missing } });
  });

  it('names the file in a JSON error', async () => {
    const truncated = join(scratch, 'truncated.json');
    writeFileSync(truncated, readFileSync(fixture('pubchem/aspirin_properties.json')).subarray(0, 300));
    await expect(all(truncated)).rejects.toMatchObject({ code: 'PUBCHEM_BAD_JSON', where: { source: truncated, position: 300 } });
  });
});
