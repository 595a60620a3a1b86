import { describe, expect, it } from 'vitest';
import { peekAccession } from '../src/peek-accession.js';

describe('peekAccession', () => {
  it('takes the first ACCESSION token, else the LOCUS name, else null', () => {
    expect(peekAccession('LOCUS       PX1CG  5386 bp\nACCESSION   J02482 M10348\n')).toBe('J02482');
    expect(peekAccession('LOCUS       PX1CG  5386 bp\nACCESSION   \n')).toBe('PX1CG');
    expect(peekAccession('LOCUS       PX1CG  5386 bp\n')).toBe('PX1CG');
    expect(peekAccession('garbage\nACCESSION   X1\n')).toBeNull();
  });
});
