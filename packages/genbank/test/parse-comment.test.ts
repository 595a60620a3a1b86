import { describe, expect, it } from 'vitest';
import { parseComment } from '../src/parse-comment.js';

describe('parseComment', () => {
  it('keeps free text lines joined by newlines, with paragraph breaks', () => {
    expect(parseComment(['PROVISIONAL REFSEQ: line one', 'line two', '', 'paragraph two', ''])).toEqual({
      comment: 'PROVISIONAL REFSEQ: line one\nline two\n\nparagraph two',
      structured: [],
    });
  });

  it('pulls out several structured comment blocks, with wrapped values and empty values', () => {
    const r = parseComment([
      'Free text.',
      '##Assembly-Data-START##',
      'Assembly Method       :: SPAdes v. 3.1',
      'Sequencing Technology :: Illumina HiSeq;',
      '                         PacBio',
      'Coverage              ::',
      '##Assembly-Data-END##',
      '##Genome-Annotation-Data-START##',
      'Annotation Provider :: NCBI',
      '##Genome-Annotation-Data-END##',
    ]);
    expect(r.comment).toBe('Free text.');
    expect(r.structured).toEqual([
      { name: 'Assembly-Data', fields: { 'Assembly Method': 'SPAdes v. 3.1', 'Sequencing Technology': 'Illumina HiSeq; PacBio', Coverage: '' } },
      { name: 'Genome-Annotation-Data', fields: { 'Annotation Provider': 'NCBI' } },
    ]);
  });

  it('gives a null comment when there is only structured data', () => {
    expect(parseComment(['##X-START##', 'a :: b', '##X-END##']).comment).toBeNull();
  });
});
