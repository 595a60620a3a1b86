import { describe, expect, it } from 'vitest';
import { GenbankParseError } from '@strand/genbank';
import { extractSequence } from '../src/extract-sequence.js';

const seq = (block: string) => extractSequence(`ORIGIN\n${block}`, 7, 7 + block.length, 50, 'x.gb');

describe('extractSequence', () => {
  it('drops numbers, spaces and newlines and upper-cases', () => {
    expect(seq('        1 gatcctccat atacaacggt\n       21 aC\n')).toBe('GATCCTCCATATACAACGGTAC');
    expect(seq('        1 mkv*-\n')).toBe('MKV*-');
    expect(seq('')).toBe('');
  });

  it('names the line of a stray keyword or a bad character', () => {
    const stray = (() => {
      try {
        seq('        1 acgt\nCONTIG      join(1..2)\n');
      } catch (e) {
        return e as GenbankParseError;
      }
      return null;
    })();
    expect([stray?.code, stray?.line]).toEqual(['GENBANK_BAD_LINE', 51]);
    expect(stray?.message).toContain('CONTIG');
    expect(() => seq('        1 ac#t\n')).toThrow(/unexpected character '#'/);
    expect(() => seq('        1 acgé\n')).toThrow(GenbankParseError);
  });
});
