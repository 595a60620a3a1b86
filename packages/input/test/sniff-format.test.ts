import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { looksLikeDivisionHeader, sniffFormat } from '@strand/input';

const testData = (path: string): string => readFileSync(fileURLToPath(new URL(`../../../test-data/${path}`, import.meta.url)), 'utf8');

describe('sniffFormat', () => {
  it('recognizes GenBank: a LOCUS line first, after blank lines, with CRLF or a BOM', () => {
    expect(sniffFormat(testData('genbank/NC_005816.gb').slice(0, 512))).toEqual({ format: 'genbank', line: 1, firstLine: expect.stringMatching(/^LOCUS/) });
    expect(sniffFormat('\n\n  \nLOCUS       X1  12 bp    DNA     linear   SYN 01-JAN-2020\r\n')).toMatchObject({ format: 'genbank', line: 4 });
    expect(sniffFormat(Buffer.from('\ufeffLOCUS       X1  12 bp DNA'))).toMatchObject({ format: 'genbank', line: 1 });
  });

  it('recognizes the header of an NCBI release division file as GenBank', () => {
    expect(sniffFormat('GBBCT1.SEQ          Genetic Sequence Data Bank\n                         October 15 2023\n')).toMatchObject({ format: 'genbank' });
  });

  it('recognizes PUG REST JSON, full records and property tables', () => {
    expect(sniffFormat(testData('pubchem/Structure2D_COMPOUND_CID_4.json').slice(0, 8192)).format).toBe('json');
    expect(sniffFormat(testData('pubchem/aspirin_properties.json')).format).toBe('json');
    expect(sniffFormat('\ufeff  [{"CID": 1}]').format).toBe('json');
  });

  it('recognizes SD files, also when the title line starts with "[" or "{"', () => {
    const sdf = testData('pubchem/Structure2D_CID_2244.sdf');
    expect(sniffFormat(sdf).format).toBe('sdf');
    expect(sniffFormat(`[aspirin]${sdf.slice(4)}`).format).toBe('sdf');
    expect(sniffFormat(sdf.replace(/\n/g, '\r\n')).format).toBe('sdf');
  });

  it('names the first non-blank line of anything else', () => {
    expect(sniffFormat('\n>NC_005816.1 Yersinia pestis\nACGT\n')).toEqual({ format: null, line: 2, firstLine: '>NC_005816.1 Yersinia pestis' });
    expect(sniffFormat('ID   X56734; SV 1; linear; mRNA; STD; PLN; 1859 BP.')).toMatchObject({ format: null, line: 1 });
    expect(sniffFormat('LOCUS')).toMatchObject({ format: null, line: 1 });
  });

  it('calls an empty or blank head no format', () => {
    expect(sniffFormat('')).toEqual({ format: null, line: 1, firstLine: '' });
    expect(sniffFormat('\n \n')).toMatchObject({ format: null, firstLine: '' });
  });
});

describe('looksLikeDivisionHeader', () => {
  it('recognizes an NCBI release division header and nothing else', () => {
    expect(looksLikeDivisionHeader('GBVRL1.SEQ          Genetic Sequence Data Bank\n                         December 15 2024\n')).toBe(true);
    expect(looksLikeDivisionHeader('\n   NCBI-GenBank Flat File Release 264.0\n')).toBe(true);
    expect(looksLikeDivisionHeader('GBBCT12.SEQ  something\n')).toBe(true);
    expect(looksLikeDivisionHeader('random garbage\nline two\n')).toBe(false);
  });
});
