import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, it, expect, afterAll } from 'vitest';
import { isolatedConfig, runCli, testData } from './helpers.js';

const config = isolatedConfig();
const RDKIT_FIELDS = ['formula', 'molecularWeight', 'exactMass', 'crippenLogP', 'tpsa', 'hbondDonors', 'hbondAcceptors', 'rotatableBonds', 'rings', 'inchi', 'inchiKey', 'canonicalSmiles'];

interface Printed {
  cid: number | null;
  properties: Record<string, unknown>;
  provenance: Record<string, string>;
  rdkit?: Record<string, unknown>;
  disagreements: { field: string; pubchem: unknown; rdkit: unknown }[];
}

async function parse(file: string, ...extra: string[]): Promise<{ code: number | null; records: Printed[]; stderr: string }> {
  const result = await runCli(['parse', 'pubchem', file, '--format', 'ndjson', ...extra], config);
  const records = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Printed);
  return { code: result.code, records, stderr: result.stderr };
}

/** Every property has a provenance and every provenance a property; rdkit, when present, is complete. */
function expectConsistent(r: Printed): void {
  expect(Object.keys(r.provenance).sort()).toEqual(Object.keys(r.properties).sort());
  for (const source of Object.values(r.provenance)) expect(['pubchem', 'rdkit']).toContain(source);
  if (r.rdkit) expect(Object.keys(r.rdkit).sort()).toEqual([...RDKIT_FIELDS].sort());
  else expect(Object.values(r.provenance)).not.toContain('rdkit');
}

describe('strand parse pubchem (offline parser + enricher, built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strand-parse-pubchem-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['aspirin_properties.json', 2244],
    ['benzene_CID241_compound_array.json', 241],
    ['Structure2D_COMPOUND_CID_4.json', 4],
    ['Structure2D_COMPOUND_CID_4.sdf', 4],
    ['Structure2D_CID_2244.sdf', 2244],
    ['ethanol_CID702_3d.sdf', 702],
  ])('prints %s as one normalized compound with provenance', async (file, cid) => {
    const { code, records, stderr } = await parse(testData('pubchem', file));
    expect(code, stderr).toBe(0);
    expect(records.map((r) => r.cid)).toEqual([cid]);
    expectConsistent(records[0]!);
  });

  it('keeps PubChem values in fallback mode and runs RDKit for every record with --enrich always', async () => {
    const fallback = (await parse(testData('pubchem', 'aspirin_properties.json'))).records[0]!;
    expect(fallback.rdkit).toBeUndefined();
    expect(new Set(Object.values(fallback.provenance))).toEqual(new Set(['pubchem']));
    const always = await parse(testData('pubchem', 'aspirin_properties.json'), '--enrich', 'always');
    expect(always.code).toBe(0);
    const r = always.records[0]!;
    expectConsistent(r);
    expect(r.rdkit?.formula).toBe('C9H8O4');
    expect(r.properties.hbondAcceptors).toBe(4); // PubChem's value is kept...
    expect(r.provenance.hbondAcceptors).toBe('pubchem');
    // ...and the known Cactvs/RDKit differences are flagged.
    expect(r.disagreements).toEqual(expect.arrayContaining([
      { field: 'hbondAcceptors', pubchem: 4, rdkit: 3 },
      { field: 'rotatableBonds', pubchem: 3, rdkit: 2 },
    ]));
  });

  it('fills a 3D SD record without property tags from RDKit, marked rdkit', async () => {
    const r = (await parse(testData('pubchem', 'ethanol_CID702_3d.sdf'))).records[0]!;
    expect(r.rdkit?.inchiKey).toBe('LFQSCWFLJHTTHZ-UHFFFAOYSA-N');
    expect(r.properties.formula).toBe('C2H6O');
    expect(r.provenance.formula).toBe('rdkit');
    expect(r.provenance.inchiKey).toBe('rdkit');
  });

  it('parses the solubility set (257 records without CIDs), plain and gzip, with RDKit descriptors for each', async () => {
    const sdf = testData('molecules', 'solubility.test.sdf');
    const gz = join(dir, 'solubility.sdf.gz');
    writeFileSync(gz, gzipSync(readFileSync(sdf)));
    for (const file of [sdf, gz]) {
      const { code, records, stderr } = await parse(file);
      expect(code, stderr).toBe(0);
      expect(records).toHaveLength(257);
      for (const r of records) {
        expect(r.cid).toBeNull();
        expectConsistent(r);
        expect(r.rdkit).toBeDefined();
        expect(r.provenance.inchiKey).toBe('rdkit');
      }
    }
  });

  it('reports bad records on stderr with file, record and line, prints the others, and exits 1', async () => {
    const good = readFileSync(testData('pubchem', 'Structure2D_COMPOUND_CID_4.sdf'), 'utf8').trimEnd();
    const goodLines = good.split('\n').length;
    // Carbon with five fluorines: a well-formed molfile that RDKit refuses (valence).
    const pentavalent = ['CF5', '  manual', '', '  6  5  0  0  0  0  0  0  0  0999 V2000',
      '    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0',
      ...[1, 2, 3, 4, 5].map((i) => `    ${i}.0000    0.0000    0.0000 F   0  0  0  0  0  0  0  0  0  0  0  0`),
      ...[2, 3, 4, 5, 6].map((j) => `  1  ${j}  1  0  0  0  0`), 'M  END', '$$$$'].join('\n');
    const broken = ['broken', '  manual', '', '  this is not a counts line', 'M  END', '$$$$'].join('\n');
    const file = join(dir, 'mixed.sdf');
    writeFileSync(file, `${good}\n${pentavalent}\n${broken}\n${good}\n`);
    const { code, records, stderr } = await parse(file);
    expect(code).toBe(1);
    expect(records.map((r) => r.cid)).toEqual([4, 4]);
    expect(stderr).toContain(`${file}: record 1 (line ${goodLines + 1})`);
    expect(stderr).toContain('RDKIT_UNPARSEABLE');
    expect(stderr).toContain(`${file}: record 2 (line ${goodLines + 1 + 17})`); // the CF5 record is 17 lines
    expect(stderr).toMatch(/PUBCHEM_BAD_SDF_RECORD/);
  });
});
