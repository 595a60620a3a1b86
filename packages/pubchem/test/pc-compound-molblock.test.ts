import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePubchemJson } from '../src/index.js';
import { buildMolblock } from '../src/pc-compound-molblock.js';

const read = (name: string): string => readFileSync(new URL(`../../../test-data/pubchem/${name}`, import.meta.url), 'utf8');

describe('buildMolblock', () => {
  it('builds a V2000 molblock from the atoms, bonds and 2D coordinates', () => {
    const [record] = parsePubchemJson(read('Structure2D_COMPOUND_CID_4.json'));
    const lines = record?.molblock?.split('\n') ?? [];
    expect(lines[3]).toMatch(/^ 14 13 .* V2000$/);
    expect(lines[4]).toBe('    2.5369    0.7500    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0');
    expect(lines.filter((l) => / [A-Z][a-z]? {2}/.test(l.slice(30, 36))).map((l) => l.slice(31, 33).trim())).toEqual([
      'O', 'N', 'C', 'C', 'C', 'H', 'H', 'H', 'H', 'H', 'H', 'H', 'H', 'H',
    ]);
    // Bond 3-6 carries PubChem's "wavy" annotation (undefined stereocentre): V2000 stereo 4.
    expect(lines).toContain('  3  6  1  4  0  0  0');
    expect(lines.at(-2)).toBe('M  END');
  });

  it('writes formal charges as M  CHG lines', () => {
    const document = JSON.parse(read('Structure2D_COMPOUND_CID_4.json'));
    document.PC_Compounds[0].atoms.charge = [{ aid: 2, value: 1 }];
    const [record] = parsePubchemJson(JSON.stringify(document));
    expect(record?.molblock).toContain('\nM  CHG  1   2   1\nM  END\n');
  });

  it('gives a null molblock when the record has no coordinates', () => {
    const document = JSON.parse(read('benzene_CID241_compound_array.json'));
    delete document[0].coords;
    const [record] = parsePubchemJson(JSON.stringify(document));
    expect(record?.molblock).toBeNull();
    expect(record?.properties.formula).toBe('C6H6');
  });

  it('gives null for bond orders V2000 cannot hold and for non-element atoms', () => {
    const dative = JSON.parse(read('Structure2D_COMPOUND_CID_4.json')).PC_Compounds[0];
    dative.bonds.order[0] = 5;
    expect(buildMolblock(dative, 'x')).toBeNull();
    const dummy = JSON.parse(read('Structure2D_COMPOUND_CID_4.json')).PC_Compounds[0];
    dummy.atoms.element[0] = 255;
    expect(buildMolblock(dummy, 'x')).toBeNull();
    expect(buildMolblock(JSON.parse(read('Structure2D_COMPOUND_CID_4.json')).PC_Compounds[0], 'x')).not.toBeNull();
  });
});
