import { describe, expect, it } from 'vitest';
import { sniffGenbank } from '@strand/genbank';
import { fixtureText } from './helpers/chunks.js';

describe('sniffGenbank', () => {
  it('accepts a stream that starts with LOCUS, after blank lines, with CRLF or a BOM', () => {
    expect(sniffGenbank(fixtureText('NC_005816.gb').slice(0, 512))).toEqual({ ok: true });
    expect(sniffGenbank('\n\n  \nLOCUS       X1  12 bp    DNA     linear   SYN 01-JAN-2020\r\n')).toEqual({ ok: true });
    expect(sniffGenbank('\ufeffLOCUS       X1  12 bp DNA')).toEqual({ ok: true });
  });

  it('accepts the header of an NCBI release division file', () => {
    expect(sniffGenbank('GBBCT1.SEQ          Genetic Sequence Data Bank\n                         October 15 2023\n')).toEqual({ ok: true });
  });

  it('rejects other formats, naming the line', () => {
    const fasta = sniffGenbank('\n>NC_005816.1 Yersinia pestis\nACGT\n');
    expect(fasta).toMatchObject({ ok: false, line: 2 });
    expect(fasta.ok ? '' : fasta.reason).toContain('>NC_005816.1');
    expect(sniffGenbank('{"PC_Compounds": []}')).toMatchObject({ ok: false, line: 1 });
    expect(sniffGenbank('ID   X56734; SV 1; linear; mRNA; STD; PLN; 1859 BP.')).toMatchObject({ ok: false, line: 1 });
    expect(sniffGenbank('LOCUS')).toMatchObject({ ok: false, line: 1 });
  });

  it('rejects empty input', () => {
    expect(sniffGenbank('')).toMatchObject({ ok: false });
    expect(sniffGenbank('\n \n')).toMatchObject({ ok: false });
  });
});
