import { describe, expect, it } from 'vitest';
import { GenbankParseError, parseGenbankRecord } from '@strand/genbank';
import { fixtureText, miniRecord } from './helpers/chunks.js';

function parseError(text: string, firstLine = 1): GenbankParseError {
  try {
    parseGenbankRecord(text, { firstLine, source: 'inline.gb' });
  } catch (e) {
    expect(e).toBeInstanceOf(GenbankParseError);
    return e as GenbankParseError;
  }
  throw new Error('expected parseGenbankRecord to throw');
}

/** 1-based line (counting from firstLine) of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string, firstLine = 1): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + firstLine;
}

describe('parseGenbankRecord on real records', () => {
  it('reads a current-layout LOCUS, DBLINK, references and a circular genome (NC_005816)', () => {
    const r = parseGenbankRecord(fixtureText('NC_005816.gb'));
    expect(r.locus).toEqual({
      name: 'NC_005816',
      length: 9609,
      units: 'bp',
      moleculeType: 'DNA',
      topology: 'circular',
      division: 'BCT',
      date: '21-JUL-2008',
    });
    expect(r.accession).toBe('NC_005816');
    expect(r.version).toBe('NC_005816.1');
    expect(r.definition).toBe('Yersinia pestis biovar Microtus str. 91001 plasmid pPCP1, complete sequence.');
    expect(r.dblink).toEqual({ Project: ['58037'] });
    expect(r.organism).toBe('Yersinia pestis biovar Microtus str. 91001');
    expect(r.lineage.slice(0, 3)).toEqual(['Bacteria', 'Proteobacteria', 'Gammaproteobacteria']);
    expect(r.references.length).toBeGreaterThanOrEqual(2);
    expect(r.references[0]).toMatchObject({ number: 1, bases: '(bases 1 to 9609)' });
    expect(r.references[0]?.pubmed).toMatch(/^\d+$/);
    expect(r.sequence).toHaveLength(9609);
    expect(r.sequence).toMatch(/^[ACGT]+$/);
    expect(r.sequence.slice(0, 20)).toBe('TGTAACGAACGGTGCAATAG');
    const cds = r.features.find((f) => f.type === 'CDS');
    expect(cds?.qualifiers.translation?.[0]).toMatch(/^M[A-Z]+$/);
    const note = r.features.find((f) => (f.qualifiers.note?.[0] ?? '').includes('CAB531'))?.qualifiers.note?.[0];
    expect(note).toContain('CAB531 66.1');
    expect(r.features.some((f) => f.location === 'order(1436..1459,1619..1621)')).toBe(true);
    expect(r.features.filter((f) => f.location.includes('^')).map((f) => f.location)).toContain('5933^5934');
  });

  it('reads an ACCESSION line that wraps, a ss-DNA molecule and a join across the origin (PX1CG)', () => {
    const r = parseGenbankRecord(fixtureText('PX1CG.gb'));
    expect(r.locus).toMatchObject({ name: 'PX1CG', moleculeType: 'ss-DNA', topology: 'circular', division: 'PHG' });
    expect(r.accession).toBe('J02482');
    expect(r.accessions).toHaveLength(10);
    expect(r.accessions.at(-1)).toBe('V01128');
    expect(r.features.some((f) => f.location === 'join(3981..5386,1..136)')).toBe(true);
  });

  it('reads old-layout LOCUS lines with no topology and multi-line KEYWORDS (cor6_6)', () => {
    const text = fixtureText('cor6_6.gb');
    const first = text.slice(0, text.indexOf('//\n') + 3);
    const r = parseGenbankRecord(first);
    expect(r.locus).toEqual({
      name: 'ATCOR66M',
      length: 513,
      units: 'bp',
      moleculeType: 'mRNA',
      topology: null,
      division: 'PLN',
      date: '02-MAR-1992',
    });
    expect(r.keywords).toEqual(['antifreeze protein homology', 'cold-regulated gene', 'cor6.6 gene', 'KIN1 homology']);
    expect(r.sequence).toHaveLength(513);
  });

  it('reads a GenPept record: aa units, DBSOURCE, protein sequence (protein_refseq2)', () => {
    const r = parseGenbankRecord(fixtureText('protein_refseq2.gb'));
    expect(r.locus).toMatchObject({ name: 'NP_034640', length: 182, units: 'aa', moleculeType: null, topology: 'linear', division: 'ROD' });
    expect(r.dbsource).toBe('REFSEQ: accession NM_010510.1');
    expect(r.sequence).toHaveLength(182);
    expect(r.sequence.startsWith('MNNRWILHAAFLLCFSTTALS')).toBe(true);
    expect(r.features.find((f) => f.type === 'CDS')?.qualifiers.coded_by).toEqual(['NM_010510.1:21..569']);
  });

  it('keeps CONTIG and gives an empty sequence for a CON record with no ORIGIN (NT_019265)', () => {
    const r = parseGenbankRecord(fixtureText('NT_019265.gb'));
    expect(r.locus).toMatchObject({ name: 'NT_019265', length: 1250660, division: 'CON' });
    expect(r.sequence).toBe('');
    expect(r.contig?.startsWith('join(AL391218.9:105173..108462,gap(100),complement(AL512330.12:1..182490),')).toBe(true);
    expect(r.contig?.endsWith('AL356261.20:179029..182233)')).toBe(true);
    expect(r.contig).not.toMatch(/\s/);
    expect(r.features.find((f) => f.type === 'variation')?.qualifiers.allele).toEqual(['T', 'C']);
  });

  it('keeps a continuation line that begins with "/" inside a quoted value (iro)', () => {
    const r = parseGenbankRecord(fixtureText('iro.gb'));
    const source = r.features[0];
    expect(Object.keys(source?.qualifiers ?? {})).toEqual(['organism', 'db_xref', 'chromosome', 'clone', 'clone_lib', 'note']);
    expect(source?.qualifiers.note?.[0]).toBe(
      'contains Alu repeat; likely to be be derived from unprocessed nuclear RNA or genomic DNA; encodes putative ' +
        'exons identical to FTCD; formimino transferase cyclodeaminase; formimino transferase (EC 2.1.2.5) ' +
        '/formimino tetrahydro folate cyclodeaminase (EC 4.3.1.4)',
    );
    expect(r.features.find((f) => f.type === 'exon')?.qualifiers.number).toEqual(['1']);
  });

  it('reads structured comments and nested parentheses in /organism (EU851978)', () => {
    const r = parseGenbankRecord(fixtureText('EU851978.gbk'));
    expect(r.locus).toMatchObject({ moleculeType: 'cRNA', topology: 'linear', division: 'VRL' });
    expect(r.structuredComments).toEqual([
      {
        name: 'FluData',
        fields: {
          LabID: '2008704957',
          Antigen_Character: 'A/Solomon Islands/03/2006-like (H1N1)',
          Passage_Details: 'SPFCK3E1',
          Empty_structured: '',
          'Drug Sensitivity': 'adamantane-sensitive, oseltamivir-sensitive',
          'LANL Accession': 'ISDN306605',
        },
      },
    ]);
    expect(r.features[0]?.qualifiers.organism).toEqual(['Influenza A virus (A/Wisconsin/36/2007(H1N1))']);
    expect(r.features[0]?.qualifiers.segment).toEqual(['4']);
  });
});

describe('parseGenbankRecord on rare constructs', () => {
  it('reads the rc units of a WGS master and a SEGMENT line', () => {
    const text = miniRecord('AAAA00000000', {
      locus: 'LOCUS       AAAA00000000             12 rc    DNA     linear   CON 27-MAR-2015',
      origin: null,
    }).replace('VERSION', 'SEGMENT     2 of 8\nVERSION');
    const r = parseGenbankRecord(text);
    expect(r.locus).toMatchObject({ length: 12, units: 'rc', division: 'CON' });
    expect(r.segment).toBe('2 of 8');
    expect(r.sequence).toBe('');
  });

  it('reads DBLINK with several keys and comma lists, CONSRTM, REMARK and a wrapped ORGANISM', () => {
    const text = miniRecord('DB000001').replace(
      'FEATURES',
      [
        'DBLINK      BioProject: PRJNA224116',
        '            BioSample: SAMN02604091',
        '            Sequence Read Archive: SRR1, SRR2,',
        '            SRR3',
        'SOURCE      Escherichia coli str. K-12 substr. MG1655 very long strain name',
        '  ORGANISM  Escherichia coli str. K-12 substr. MG1655 very long strain name that',
        '            wraps',
        '            Bacteria; Pseudomonadota; Gammaproteobacteria; Enterobacterales;',
        '            Enterobacteriaceae; Escherichia.',
        'REFERENCE   1  (bases 1 to 12)',
        '  CONSRTM   NCBI Genome Project',
        '  TITLE     Direct Submission',
        '  JOURNAL   Submitted (01-JAN-2020) National Center for Biotechnology',
        '            Information, NIH, Bethesda, MD 20894, USA',
        '  PUBMED    12345',
        '  REMARK    Erratum:[J. Bacteriol. 1(1):1]',
        'COMMENT     Free text first.',
        '            ##Genome-Annotation-Data-START##',
        '            Annotation Provider     :: NCBI RefSeq',
        '            Annotation Pipeline     :: NCBI Prokaryotic Genome',
        '                                       Annotation Pipeline (PGAP)',
        '            ##Genome-Annotation-Data-END##',
        'FEATURES',
      ].join('\n'),
    );
    const r = parseGenbankRecord(text);
    expect(r.dblink).toEqual({
      BioProject: ['PRJNA224116'],
      BioSample: ['SAMN02604091'],
      'Sequence Read Archive': ['SRR1', 'SRR2', 'SRR3'],
    });
    expect(r.organism).toBe('Escherichia coli str. K-12 substr. MG1655 very long strain name that wraps');
    expect(r.lineage).toEqual(['Bacteria', 'Pseudomonadota', 'Gammaproteobacteria', 'Enterobacterales', 'Enterobacteriaceae', 'Escherichia']);
    expect(r.references).toEqual([
      {
        number: 1,
        bases: '(bases 1 to 12)',
        authors: null,
        consortium: 'NCBI Genome Project',
        title: 'Direct Submission',
        journal: 'Submitted (01-JAN-2020) National Center for Biotechnology Information, NIH, Bethesda, MD 20894, USA',
        pubmed: '12345',
        medline: null,
        remark: 'Erratum:[J. Bacteriol. 1(1):1]',
      },
    ]);
    expect(r.comment).toBe('Free text first.');
    expect(r.structuredComments).toEqual([
      {
        name: 'Genome-Annotation-Data',
        fields: {
          'Annotation Provider': 'NCBI RefSeq',
          'Annotation Pipeline': 'NCBI Prokaryotic Genome Annotation Pipeline (PGAP)',
        },
      },
    ]);
  });

  it('reads doubled quotes, flags, unquoted multi-line values, wrapped locations and /translation', () => {
    const features = [
      '     CDS             join(1..3,',
      '                     4..12)',
      '                     /note="a ""quoted"" word and a line that ends with an escaped ""',
      '                     quote"',
      '                     /pseudo',
      '                     /pseudo',
      '                     /number=2',
      '                     /rpt_unit_seq=aagg',
      '                     ttcc',
      '                     /translation="MKV',
      '                     LLA"',
      '                     /note=""',
      '     misc_feature    bond(3,9)',
      '     misc_feature    one-of(1..5,7..12)',
      '     misc_feature    J00194.1:100..202',
      '     gap             gap(unk100)',
      '',
    ].join('\n');
    const r = parseGenbankRecord(miniRecord('QQ000001', { features }));
    expect(r.features.map((f) => [f.type, f.location])).toEqual([
      ['CDS', 'join(1..3,4..12)'],
      ['misc_feature', 'bond(3,9)'],
      ['misc_feature', 'one-of(1..5,7..12)'],
      ['misc_feature', 'J00194.1:100..202'],
      ['gap', 'gap(unk100)'],
    ]);
    expect(r.features[0]?.qualifiers).toEqual({
      note: ['a "quoted" word and a line that ends with an escaped " quote', ''],
      pseudo: [''],
      number: ['2'],
      rpt_unit_seq: ['aagg ttcc'],
      translation: ['MKVLLA'],
    });
  });

  it('reads CRLF text', () => {
    const text = miniRecord('CR000001');
    expect(parseGenbankRecord(text.replace(/\n/g, '\r\n'))).toEqual(parseGenbankRecord(text));
  });

  it('upper-cases the sequence and strips numbers and spaces', () => {
    const r = parseGenbankRecord(miniRecord('SQ000001', { origin: 'ORIGIN\n        1 acgtAcgtac\n       11 gt\n' }));
    expect(r.sequence).toBe('ACGTACGTACGT');
  });
});

describe('parseGenbankRecord errors name the code and the line in the stream', () => {
  it('GENBANK_NOT_A_RECORD for text that does not start with LOCUS', () => {
    const e = parseError('this is not\nGenBank\n//\n', 40);
    expect([e.code, e.line, e.source, e.retriable]).toEqual(['GENBANK_NOT_A_RECORD', 40, 'inline.gb', false]);
    // Described (length, text or binary), never quoted: the chunk may be any bytes that sat between two records.
    expect(e.message).toContain('found a line of 11 bytes of text');
    expect(e.message).not.toContain('this is not');
    expect(e.message).toContain('inline.gb:40');
  });

  it('GENBANK_TRUNCATED for a record without its // line', () => {
    const text = miniRecord('TR000001');
    const cut = text.slice(0, text.indexOf('ORIGIN'));
    const e = parseError(cut, 100);
    expect(e.code).toBe('GENBANK_TRUNCATED');
    expect(e.line).toBe(100 + cut.trimEnd().split('\n').length - 1);
    expect(e.message).toContain('TR000001');
  });

  it('reports a bad LOCUS line before problems further down', () => {
    const features = '     gene            join(1..x)\n';
    const e = parseError(miniRecord('X1', { locus: 'LOCUS       X1 12 nt', features }), 5);
    expect([e.code, e.line]).toEqual(['GENBANK_BAD_LOCUS', 5]);
  });

  it('GENBANK_BAD_LOCUS for an unknown LOCUS layout', () => {
    for (const locus of [
      'LOCUS       X1 twelve bp DNA',
      'LOCUS       X1 12 nt DNA linear SYN',
      'LOCUS       X1 12 bp DNA linear SYN 01-JAN-2020 extra',
      'LOCUS       X1 12 bp linear DNA SYN',
      'LOCUS       X112bp',
    ]) {
      const e = parseError(miniRecord('X1', { locus }), 7);
      expect([e.code, e.line]).toEqual(['GENBANK_BAD_LOCUS', 7]);
      expect(e.message).toContain(locus);
    }
  });

  it('GENBANK_BAD_LOCATION for an unparseable feature location, at the feature line', () => {
    const features = '     source          1..12\n     gene            join(1..3,\n                     4..x)\n                     /gene="g"\n';
    const text = miniRecord('BL000001', { features });
    const e = parseError(text, 20);
    expect(e.code).toBe('GENBANK_BAD_LOCATION');
    expect(e.line).toBe(lineOf(text, '     gene ', 20));
    expect(e.message).toContain("'join(1..3,4..x)'");
    expect(e.message).toContain("feature 'gene'");
  });

  it('GENBANK_BAD_LINE for a feature line that is neither a location nor a qualifier', () => {
    const features = '     source          1..12\n                     organism="no slash"\n';
    const text = miniRecord('BL000002', { features });
    const e = parseError(text, 3);
    expect([e.code, e.line]).toEqual(['GENBANK_BAD_LINE', lineOf(text, 'no slash', 3)]);
  });

  it('GENBANK_BAD_LINE for an unterminated quoted value', () => {
    const features = '     source          1..12\n                     /organism="never closed\n     gene            1..12\n';
    const text = miniRecord('BL000003', { features });
    const e = parseError(text);
    expect([e.code, e.line]).toEqual(['GENBANK_BAD_LINE', lineOf(text, 'never closed')]);
    expect(e.message).toContain('/organism');
  });

  it('GENBANK_BAD_LINE for a stray line in the ORIGIN block and a lower-case keyword', () => {
    const origin = 'ORIGIN\n        1 acgtacgtac gt\nBASE COUNT  3 a\n';
    const text = miniRecord('BL000004', { origin });
    expect([parseError(text, 10).code, parseError(text, 10).line]).toEqual(['GENBANK_BAD_LINE', lineOf(text, 'BASE COUNT', 10)]);
    const lower = miniRecord('BL000005').replace('DEFINITION', 'definition');
    expect([parseError(lower, 2).code, parseError(lower, 2).line]).toEqual(['GENBANK_BAD_LINE', 3]);
  });
});
