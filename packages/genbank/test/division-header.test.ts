import { describe, expect, it } from 'vitest';
import { parseDivisionHeader } from '@strand/genbank';

const HEADER = `GBVRL1.SEQ          Genetic Sequence Data Bank
                         December 15 2024

                NCBI-GenBank Flat File Release 264.0

                          Viral Sequences (Part 1)

   85671 loci,   110567389 bases, from    85671 reported sequences


`;

describe('division header', () => {
  it('reads file name, database, date, release number and title', () => {
    expect(parseDivisionHeader(HEADER)).toEqual({
      text: HEADER,
      fileName: 'GBVRL1.SEQ',
      databaseName: 'Genetic Sequence Data Bank',
      releaseDate: 'December 15 2024',
      releaseNumber: '264.0',
      title: 'Viral Sequences (Part 1)',
    });
  });

  it('gives nulls for the parts it cannot find', () => {
    expect(parseDivisionHeader('Some Sequence Data Bank\n')).toMatchObject({
      fileName: null,
      databaseName: 'Some Sequence Data Bank',
      releaseDate: null,
      releaseNumber: null,
      title: null,
    });
  });
});
