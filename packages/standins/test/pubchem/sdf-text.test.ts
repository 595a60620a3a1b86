import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatSdf, hillFormula, molblockElements, splitSdf, tagValue } from '../../src/pubchem/sdf-text.js';

const PUBCHEM = fileURLToPath(new URL('../../../../test-data/pubchem/', import.meta.url));

describe('SD-file text', () => {
  it('round-trips a PubChem SDF record with multi-line data items', () => {
    const text = readFileSync(`${PUBCHEM}Structure2D_CID_2244.sdf`, 'utf8');
    const [record] = splitSdf(text);
    expect(tagValue(record!, 'PUBCHEM_COMPOUND_CID')).toBe('2244');
    expect(tagValue(record!, 'PUBCHEM_BONDANNOTATIONS')!.split('\n').length).toBeGreaterThan(1);
    expect(formatSdf(record!)).toBe(text);
  });

  it('computes a Hill formula from explicit atoms', () => {
    const [ethanol] = splitSdf(readFileSync(`${PUBCHEM}ethanol_CID702_3d.sdf`, 'utf8'));
    expect(hillFormula(molblockElements(ethanol!.molblock))).toBe('C2H6O');
    expect(hillFormula(['Cl', 'Na'])).toBe('ClNa');
  });
});
