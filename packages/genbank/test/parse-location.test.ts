import { describe, expect, it } from 'vitest';
import { GenbankParseError, parseLocation } from '@strand/genbank';

describe('parseLocation', () => {
  it('parses ranges, single bases, fuzzy ends and sites', () => {
    expect(parseLocation('467')).toEqual({ type: 'point', accession: null, position: { kind: 'exact', value: 467 } });
    expect(parseLocation('340..565')).toEqual({
      type: 'range',
      accession: null,
      start: { kind: 'exact', value: 340 },
      end: { kind: 'exact', value: 565 },
    });
    expect(parseLocation('<345..>500')).toEqual({
      type: 'range',
      accession: null,
      start: { kind: 'before', value: 345 },
      end: { kind: 'after', value: 500 },
    });
    expect(parseLocation('<1')).toEqual({ type: 'point', accession: null, position: { kind: 'before', value: 1 } });
    expect(parseLocation('123^124')).toEqual({ type: 'site', accession: null, after: 123, before: 124 });
  });

  it('parses (a.b) within-positions and one-of positions', () => {
    expect(parseLocation('(102.110)')).toEqual({ type: 'point', accession: null, position: { kind: 'within', low: 102, high: 110 } });
    expect(parseLocation('(23.45)..600')).toEqual({
      type: 'range',
      accession: null,
      start: { kind: 'within', low: 23, high: 45 },
      end: { kind: 'exact', value: 600 },
    });
    expect(parseLocation('one-of(1888,1901)..2200')).toEqual({
      type: 'range',
      accession: null,
      start: { kind: 'one-of', choices: [1888, 1901] },
      end: { kind: 'exact', value: 2200 },
    });
  });

  it('parses complement, join, order, bond and one-of operators, nested', () => {
    expect(parseLocation('complement(join(2691..4571,4918..5163))')).toEqual({
      type: 'complement',
      location: {
        type: 'join',
        locations: [
          { type: 'range', accession: null, start: { kind: 'exact', value: 2691 }, end: { kind: 'exact', value: 4571 } },
          { type: 'range', accession: null, start: { kind: 'exact', value: 4918 }, end: { kind: 'exact', value: 5163 } },
        ],
      },
    });
    expect(parseLocation('order(1436..1459,1619..1621)')).toMatchObject({ type: 'order', locations: [{ type: 'range' }, { type: 'range' }] });
    expect(parseLocation('bond(12,45)')).toMatchObject({ type: 'bond', locations: [{ type: 'point' }, { type: 'point' }] });
    expect(parseLocation('one-of(1..5,10..20)')).toMatchObject({ type: 'one-of', locations: [{ type: 'range' }, { type: 'range' }] });
    expect(parseLocation('join(complement(4918..5163),complement(2691..4571))')).toMatchObject({
      type: 'join',
      locations: [{ type: 'complement' }, { type: 'complement' }],
    });
  });

  it('parses gaps and locations on other entries', () => {
    expect(parseLocation('gap()')).toEqual({ type: 'gap', length: null, unknownLength: true });
    expect(parseLocation('gap(100)')).toEqual({ type: 'gap', length: 100, unknownLength: false });
    expect(parseLocation('gap(unk100)')).toEqual({ type: 'gap', length: null, unknownLength: true });
    expect(parseLocation('J00194.1:100..202')).toEqual({
      type: 'range',
      accession: 'J00194.1',
      start: { kind: 'exact', value: 100 },
      end: { kind: 'exact', value: 202 },
    });
    expect(parseLocation('join(AL391218.9:105173..108462,gap(100),complement(AL512330.12:1..182490))')).toMatchObject({
      type: 'join',
      locations: [{ accession: 'AL391218.9' }, { type: 'gap', length: 100 }, { type: 'complement', location: { accession: 'AL512330.12' } }],
    });
  });

  it('ignores whitespace left by line wrapping', () => {
    expect(parseLocation('join(1..10,\n 20..30)')).toEqual(parseLocation('join(1..10,20..30)'));
  });

  it.each([
    ['join(1..10,20..30', "expected ')'"],
    ['1..', 'expected a number'],
    ['foo(1..2)', 'missing accession colon'],
    ['complement(1..2))', 'unexpected text after the location'],
    ['(10.5)', 'low end above its high end'],
    ['1..2,3..4', 'unexpected text after the location'],
    ['gap(abc)', 'gap(), gap(N) or gap(unkN)'],
    ['<>5', 'expected a number'],
    ['', 'expected a number'],
  ])('rejects %j with GENBANK_BAD_LOCATION', (text, why) => {
    try {
      parseLocation(text);
      expect.unreachable(`parseLocation accepted ${text}`);
    } catch (e) {
      expect(e).toBeInstanceOf(GenbankParseError);
      const err = e as GenbankParseError;
      expect(err.code).toBe('GENBANK_BAD_LOCATION');
      expect(err.retriable).toBe(false);
      expect(err.message).toContain(why);
      expect(err.message).toContain(`'${text}'`);
    }
  });
});
