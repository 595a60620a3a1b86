import { describe, expect, it } from 'vitest';
import { flattenLocation, parseLocation } from '@strand/genbank';

const flat = (text: string) => flattenLocation(parseLocation(text));

describe('flattenLocation', () => {
  it('flattens a single range', () => {
    expect(flat('340..565')).toEqual({
      operator: 'single',
      parts: [{ accession: null, start: 340, end: 565, strand: 1, startFuzzy: false, endFuzzy: false, kind: 'range' }],
      min: 340,
      max: 565,
      strand: 1,
    });
  });

  it('reverses the parts of complement(join(...)) like Biopython and marks them -1', () => {
    const f = flat('complement(join(97999..98793,69611..69724))');
    expect(f.operator).toBe('join');
    expect(f.parts.map((p) => [p.start, p.end, p.strand])).toEqual([
      [69611, 69724, -1],
      [97999, 98793, -1],
    ]);
    expect([f.min, f.max, f.strand]).toEqual([69611, 98793, -1]);
  });

  it('says strand 0 when parts are on both strands', () => {
    expect(flat('join(1..10,complement(20..30))').strand).toBe(0);
  });

  it('keeps both parts of a join that wraps the origin of a circular molecule', () => {
    const f = flat('join(3981..5386,1..136)');
    expect(f.parts.map((p) => [p.start, p.end])).toEqual([
      [3981, 5386],
      [1, 136],
    ]);
  });

  it('marks fuzzy ends, sites, points and within-ranges', () => {
    expect(flat('<1..>206').parts[0]).toMatchObject({ start: 1, end: 206, startFuzzy: true, endFuzzy: true, kind: 'range' });
    expect(flat('5933^5934').parts[0]).toMatchObject({ start: 5933, end: 5934, kind: 'site' });
    expect(flat('467').parts[0]).toMatchObject({ start: 467, end: 467, kind: 'point', startFuzzy: false, endFuzzy: false });
    expect(flat('(102.110)').parts[0]).toMatchObject({ start: 102, end: 110, kind: 'oneOfRange', startFuzzy: true, endFuzzy: true });
    expect(flat('one-of(1888,1901)..2200').parts[0]).toMatchObject({ start: 1888, end: 2200, startFuzzy: true, endFuzzy: false });
  });

  it('keeps the accession of remote parts and turns gaps into gap parts outside min/max', () => {
    const f = flat('join(AL391218.9:105173..108462,gap(100),gap(),complement(AL512330.12:1..182490))');
    expect(f.parts.map((p) => [p.kind, p.accession, p.gapLength ?? null])).toEqual([
      ['range', 'AL391218.9', null],
      ['gap', null, 100],
      ['gap', null, null],
      ['range', 'AL512330.12', null],
    ]);
    expect([f.min, f.max, f.strand]).toEqual([1, 182490, 0]);
    expect(flat('gap(unk100)').operator).toBe('gap');
  });

  it('names the operator of order, bond and one-of', () => {
    expect(flat('order(1..2,5..6)').operator).toBe('order');
    expect(flat('bond(12,45)').operator).toBe('bond');
    expect(flat('one-of(1..5,10..20)').operator).toBe('one-of');
  });
});
