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

  it('reads full 60-residue lines (fast path) mixed with short and odd lines, and reports a bad byte inside one', () => {
    const full = (start: number, chunk: string) => `${String(start).padStart(9)} ${Array(6).fill(chunk).join(' ')}\n`;
    const block = `${full(1, 'acgtacgtac')}${full(61, 'ggggcccctt')}      121 aa\n`;
    expect(seq(block)).toBe(`${'ACGTACGTAC'.repeat(6)}${'GGGGCCCCTT'.repeat(6)}AA`);
    const bad = `${full(1, 'acgtacgtac')}${full(61, 'ggggcccctt').replace('cccc', 'cc#c')}`;
    expect(() => seq(bad)).toThrow(/x.gb:51: unexpected character '#'/);
    expect(seq(`${full(1, 'ACGTACGTAC').replace('\n', '  \n').slice(0, -1)}\n`)).toBe('ACGTACGTAC'.repeat(6));
    // Lines after the 4th take the fast path: a bad byte, a digit or space inside a group, a keyword after one.
    const lines = (k: number): string => Array.from({ length: k }, (_, j) => full(1 + 60 * j, 'acgtacgtac')).join('');
    expect(seq(lines(9))).toBe('ACGTACGTAC'.repeat(54));
    expect(() => seq(`${lines(7)}${full(421, 'ggggcccctt').replace('cccc', 'cc#c')}`)).toThrow(/x.gb:57: unexpected character '#'.*421 ggggcc#ctt/);
    expect(seq(`${lines(7)}${full(421, 'ggggcccctt').replace('cccc', 'cc1c')}`)).toBe(`${'ACGTACGTAC'.repeat(42)}GGGGCCCTT${'GGGGCCCCTT'.repeat(5)}`);
    expect(seq(`${lines(7)}${full(421, 'ggggcccctt').replace('gggg', 'GgGg')}`)).toBe(`${'ACGTACGTAC'.repeat(42)}${'GGGGCCCCTT'.repeat(6)}`);
    expect(() => seq(`${lines(8)}CONTIG      join(1..2)\n`)).toThrow(/x.gb:58: a sequence line was expected/);
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
