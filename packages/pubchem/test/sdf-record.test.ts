import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PubchemParseError, parseSdfRecord } from '../src/index.js';

const text = (path: string): string => readFileSync(new URL(`../../../test-data/${path}`, import.meta.url), 'utf8').replace(/\$\$\$\$\s*$/, '');

function thrown(fn: () => unknown): PubchemParseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PubchemParseError);
    return error as PubchemParseError;
  }
  throw new Error('expected a PubchemParseError');
}

describe('parseSdfRecord', () => {
  it('reads the legacy PubChem tags (OpenEye SMILES, 3-decimal weights, Cactvs counts)', () => {
    const record = parseSdfRecord(text('pubchem/Structure2D_CID_2244.sdf'));
    expect(record).toMatchObject({ cid: 2244, sourceFormat: 'sdf', recordIndex: 0, title: '2-acetyloxybenzoic acid' });
    expect(record.properties).toEqual({
      inchi: 'InChI=1S/C9H8O4/c1-6(10)13-8-5-3-2-4-7(8)9(11)12/h2-5H,1H3,(H,11,12)',
      inchiKey: 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N',
      smiles: 'CC(=O)OC1=CC=CC=C1C(=O)O',
      connectivitySmiles: 'CC(=O)OC1=CC=CC=C1C(=O)O',
      formula: 'C9H8O4',
      molecularWeight: 180.159,
      exactMass: 180.042,
      xlogp: 1.2,
      tpsa: 63.6,
      hbondDonors: 1,
      hbondAcceptors: 4,
      rotatableBonds: 3,
      charge: 0,
    });
    expect(record.molblock?.startsWith('2244\n  -OEChem-11281709432D\n')).toBe(true);
    expect(record.molblock?.endsWith('M  END\n')).toBe(true);
    expect(record.molblock).not.toContain('PUBCHEM');
  });

  it('reads the 2025+ tags PUBCHEM_SMILES and PUBCHEM_CONNECTIVITY_SMILES', () => {
    const record = parseSdfRecord(text('pubchem/Structure2D_COMPOUND_CID_4.sdf'));
    expect(record.cid).toBe(4);
    expect(record.properties).toMatchObject({ smiles: 'CC(CN)O', connectivitySmiles: 'CC(CN)O', molecularWeight: 75.11, exactMass: 75.068413911, xlogp: -1, hbondDonors: 2 });
  });

  it('reads a 3D conformer SDF, which has a CID but no property tags', () => {
    const record = parseSdfRecord(text('pubchem/ethanol_CID702_3d.sdf'));
    expect(record.cid).toBe(702);
    expect(record.properties).toEqual({});
    expect(record.provenance).toEqual({});
    expect(record.title).toBe('702');
    expect(record.molblock?.split('\n')[3]).toMatch(/^ {2}9 {2}8/);
  });

  it('reads a tag that follows a multi-line data item', () => {
    // Move the multi-line PUBCHEM_BONDANNOTATIONS item in front of the weight tag.
    const original = text('pubchem/Structure2D_CID_2244.sdf');
    const item = /> <PUBCHEM_BONDANNOTATIONS>\n[\s\S]*?\n\n/.exec(original)?.[0] ?? '';
    expect(item.split('\n').length).toBeGreaterThan(4);
    const moved = original.replace(item, '').replace('> <PUBCHEM_MOLECULAR_WEIGHT>', `${item}> <PUBCHEM_MOLECULAR_WEIGHT>`);
    expect(parseSdfRecord(moved).properties.molecularWeight).toBe(180.159);
  });

  it('reads a non-PubChem record: no CID, title from the title line, no properties', () => {
    const first = readFileSync(new URL('../../../test-data/molecules/solubility.test.sdf', import.meta.url), 'utf8').split('$$$$')[0] ?? '';
    const record = parseSdfRecord(first);
    expect(record).toMatchObject({ cid: null, title: '3-methylpentane', properties: {}, provenance: {} });
    expect(record.molblock?.split('\n')).toHaveLength(17); // 4 header + 6 atoms + 5 bonds + M  END, then the final newline
  });

  it('names the record and input line of a truncated atom block', () => {
    const lines = text('pubchem/Structure2D_CID_2244.sdf').split('\n');
    const broken = [...lines.slice(0, 10), ...lines.slice(12)].join('\n'); // two atom lines gone
    const error = thrown(() => parseSdfRecord(broken, { recordIndex: 7, firstLine: 101, source: 'x.sdf' }));
    expect(error.code).toBe('PUBCHEM_BAD_SDF_RECORD');
    expect(error.where).toMatchObject({ source: 'x.sdf', recordIndex: 7 });
    // 4 header + 19 atoms + 21 bonds: "M  END" is record line index 44, input line 101 + 44.
    expect(error.where.line).toBe(145);
    expect(error.message).toContain('announces 21 atoms and 21 bonds');
    expect(error.message).toContain('x.sdf, record 7, line 145');
  });

  it('rejects an atom line with a coordinate that is not a number, at that line', () => {
    const lines = text('pubchem/Structure2D_CID_2244.sdf').split('\n');
    lines[6] = lines[6]!.replace('4.5981', '4.59x1');
    const error = thrown(() => parseSdfRecord(lines.join('\n'), { firstLine: 1 }));
    expect(error.where.line).toBe(7);
    expect(error.message).toContain('bad atom line');
  });

  it('rejects a bond to an atom that does not exist, at the bond line', () => {
    const lines = text('pubchem/Structure2D_CID_2244.sdf').split('\n');
    lines[25] = ' 99 14  1  0  0  0  0';
    const error = thrown(() => parseSdfRecord(lines.join('\n')));
    expect(error.where.line).toBe(26);
    expect(error.message).toContain('bad bond line');
  });

  it('rejects a molfile without M  END, a bad counts line and an empty record', () => {
    const original = text('pubchem/Structure2D_CID_2244.sdf');
    expect(thrown(() => parseSdfRecord(original.replace('M  END', 'M  XXX'))).message).toContain('M  END');
    expect(thrown(() => parseSdfRecord(original.replace(' 21 21  0', ' xx 21  0'))).where.line).toBe(4);
    expect(thrown(() => parseSdfRecord('\n\n')).code).toBe('PUBCHEM_BAD_SDF_RECORD');
  });

  it('rejects a PubChem number tag that is not a number, naming the tag and its line', () => {
    const original = text('pubchem/Structure2D_CID_2244.sdf');
    const error = thrown(() => parseSdfRecord(original.replace('180.159', '180,159')));
    expect(error.code).toBe('PUBCHEM_BAD_VALUE');
    expect(error.where).toMatchObject({ field: 'PUBCHEM_MOLECULAR_WEIGHT', cid: 2244 });
    expect(original.split('\n')[(error.where.line ?? 0) - 1]).toBe('180.159');
  });
});
