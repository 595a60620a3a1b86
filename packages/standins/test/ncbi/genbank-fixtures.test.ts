import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadGenbankFixtures, splitGenbankRecords } from '@strand/standins';

const GENBANK = fileURLToPath(new URL('../../../../test-data/genbank/', import.meta.url));

describe('GenBank fixtures', () => {
  it('splits a multi-record file into records that join back to the file', () => {
    const text = readFileSync(`${GENBANK}cor6_6.gb`, 'utf8');
    const records = splitGenbankRecords(text, 'cor6_6.gb');
    expect(records).toHaveLength(6);
    expect(records.map((r) => r.text).join('')).toBe(text);
    expect(records[0]).toMatchObject({ accession: 'X55053', accessionVersion: 'X55053.1', locus: 'ATCOR66M' });
  });

  it('reads accession, version, locus, organism and definition', () => {
    const [px] = splitGenbankRecords(readFileSync(`${GENBANK}PX1CG.gb`, 'utf8'), 'PX1CG.gb');
    expect(px).toMatchObject({ accession: 'J02482', accessionVersion: 'J02482.1', locus: 'PX1CG' });
    const [nc] = splitGenbankRecords(readFileSync(`${GENBANK}NC_005816.gb`, 'utf8'), 'NC_005816.gb');
    expect(nc!.organism).toBe('Yersinia pestis biovar Microtus str. 91001');
    expect(nc!.definition).toContain('plasmid pPCP1');
  });

  it('loads every record once, though the division file repeats six files', async () => {
    const records = await loadGenbankFixtures(GENBANK);
    const division = splitGenbankRecords(gunzipSync(readFileSync(`${GENBANK}sample-division.gbff.gz`)).toString('utf8'), 'x');
    expect(division).toHaveLength(11);
    expect(records).toHaveLength(14);
    expect(new Set(records.map((r) => r.accessionVersion)).size).toBe(14);
    for (const d of division) expect(records.find((r) => r.accessionVersion === d.accessionVersion)?.text).toBe(d.text);
  });
});
