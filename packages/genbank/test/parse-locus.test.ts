import { describe, expect, it } from 'vitest';
import { GenbankParseError } from '@strand/genbank';
import { parseLocus } from '../src/parse-locus.js';

describe('parseLocus', () => {
  it.each([
    ['LOCUS       NC_005816               9609 bp    DNA     circular BCT 21-JUL-2008', { name: 'NC_005816', length: 9609, units: 'bp', moleculeType: 'DNA', topology: 'circular', division: 'BCT', date: '21-JUL-2008' }],
    ['LOCUS       AC007323    86436 bp    DNA             PLN       19-JAN-2000', { name: 'AC007323', length: 86436, units: 'bp', moleculeType: 'DNA', topology: null, division: 'PLN', date: '19-JAN-2000' }],
    ['LOCUS       NT_019265 1250660 bp    DNA             CON       16-OCT-2001', { name: 'NT_019265', length: 1250660, units: 'bp', moleculeType: 'DNA', topology: null, division: 'CON', date: '16-OCT-2001' }],
    ['LOCUS       NP_034640                182 aa            linear   ROD 15-NOV-2007', { name: 'NP_034640', length: 182, units: 'aa', moleculeType: null, topology: 'linear', division: 'ROD', date: '15-NOV-2007' }],
    ['LOCUS       AAAA02000000          50232 rc    DNA     linear   PLN 07-MAR-2012', { name: 'AAAA02000000', length: 50232, units: 'rc', moleculeType: 'DNA', topology: 'linear', division: 'PLN', date: '07-MAR-2012' }],
    ['LOCUS       VERYLONGLOCUSNAME_123456789 1698 bp    ss-RNA  linear   VRL 24-OCT-2008', { name: 'VERYLONGLOCUSNAME_123456789', length: 1698, units: 'bp', moleculeType: 'ss-RNA', topology: 'linear', division: 'VRL', date: '24-OCT-2008' }],
    ['LOCUS       X1 12 bp', { name: 'X1', length: 12, units: 'bp', moleculeType: null, topology: null, division: null, date: null }],
  ])('%s', (line, expected) => {
    expect(parseLocus(line, 1, null)).toEqual(expected);
  });

  it('rejects unknown layouts with GENBANK_BAD_LOCUS and the line number', () => {
    for (const line of ['LOCUS', 'LOCUSX1 12 bp DNA', 'LOCUS       X1 12', 'LOCUS       X1 12 kb DNA', 'LOCUS       X1 12 bp DNA SYN linear']) {
      try {
        parseLocus(line, 42, 'f.gb');
        expect.unreachable(line);
      } catch (e) {
        expect(e).toBeInstanceOf(GenbankParseError);
        expect([(e as GenbankParseError).code, (e as GenbankParseError).line]).toEqual(['GENBANK_BAD_LOCUS', 42]);
      }
    }
  });
});
