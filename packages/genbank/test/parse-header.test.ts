import { describe, expect, it } from 'vitest';
import { GenbankParseError } from '@strand/genbank';
import type { GenbankRecord } from '@strand/genbank';
import { fillHeader, type Section } from '../src/parse-header.js';

function emptyRecord(): GenbankRecord {
  return {
    locus: { name: 'X1', length: 1, units: 'bp', moleculeType: null, topology: null, division: null, date: null },
    accession: 'X1',
    accessions: [],
    version: null,
    definition: null,
    dblink: {},
    keywords: [],
    segment: null,
    dbsource: null,
    source: null,
    organism: null,
    lineage: [],
    references: [],
    comment: null,
    structuredComments: [],
    features: [],
    contig: null,
    sequence: '',
  };
}

const fail = (code: GenbankParseError['code'], message: string, line: number | null): never => {
  throw new GenbankParseError(code, message, { line });
};

const section = (key: string, ...lines: string[]): Section => ({ key, lines, line: 9 });

describe('fillHeader', () => {
  it('reads accessions over several lines, the version and keywords', () => {
    const r = emptyRecord();
    fillHeader(r, [section('ACCESSION', 'J02482 M10348', 'V01128'), section('VERSION', 'J02482.1  GI:216019'), section('KEYWORDS', '.')], fail);
    expect([r.accession, r.accessions, r.version, r.keywords]).toEqual(['J02482', ['J02482', 'M10348', 'V01128'], 'J02482.1', []]);
  });

  it('keeps a lineage-free organism that wraps, and a single-taxon lineage only when it has a ";"', () => {
    const r = emptyRecord();
    fillHeader(r, [section('ORGANISM', 'Influenza A virus (A/Wisconsin/36/2007', '(H1N1))', 'Viruses; Riboviria.')], fail);
    expect(r.organism).toBe('Influenza A virus (A/Wisconsin/36/2007 (H1N1))');
    expect(r.lineage).toEqual(['Viruses', 'Riboviria']);
    const placeholder = emptyRecord();
    fillHeader(placeholder, [section('ORGANISM', 'unidentified', '.')], fail);
    expect([placeholder.organism, placeholder.lineage]).toEqual(['unidentified', []]);
  });

  it('numbers references, and rejects a reference field outside a REFERENCE block with its line', () => {
    const r = emptyRecord();
    fillHeader(r, [section('REFERENCE', '2  (sites)'), section('MEDLINE', '91234567')], fail);
    expect(r.references[0]).toMatchObject({ number: 2, bases: '(sites)', medline: '91234567' });
    expect(() => fillHeader(emptyRecord(), [section('AUTHORS', 'Smith,J.')], fail)).toThrow(
      expect.objectContaining({ code: 'GENBANK_BAD_LINE', line: 9 }),
    );
    expect(() => fillHeader(emptyRecord(), [section('REFERENCE', 'one')], fail)).toThrow(expect.objectContaining({ code: 'GENBANK_BAD_LINE' }));
  });

  it('reads DBLINK lists that wrap, even onto a line holding a colon', () => {
    const r = emptyRecord();
    fillHeader(
      r,
      [
        section(
          'DBLINK',
          'BioProject: PRJNA39555',
          'Sequence Read Archive: SRX001885, SRX001121, SRX001531:extra,',
          'SRX001530, SRX001529',
          'ProbeDB: ProbeDB:GEN00000000001234,',
          'ProbeDB:GEN00000000005678',
          'Project:116',
        ),
      ],
      fail,
    );
    expect(r.dblink).toEqual({
      BioProject: ['PRJNA39555'],
      'Sequence Read Archive': ['SRX001885', 'SRX001121', 'SRX001531:extra', 'SRX001530', 'SRX001529'],
      ProbeDB: ['ProbeDB:GEN00000000001234', 'ProbeDB:GEN00000000005678'],
      Project: ['116'],
    });
  });

  it('removes whitespace from CONTIG and ignores keywords outside the record shape', () => {
    const r = emptyRecord();
    fillHeader(r, [section('CONTIG', 'join(A1.1:1..10,', '  gap(100))'), section('BASE COUNT', '1 a'), section('PROJECT', 'GenomeProject:1')], fail);
    expect(r.contig).toBe('join(A1.1:1..10,gap(100))');
  });
});
