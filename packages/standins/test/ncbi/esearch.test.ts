import { describe, expect, it } from 'vitest';
import { matchesTerm } from '@strand/standins';
import type { GenbankFixtureRecord } from '@strand/standins';

const record: GenbankFixtureRecord = {
  accession: 'NC_005816',
  accessionVersion: 'NC_005816.1',
  locus: 'NC_005816',
  organism: 'Yersinia pestis biovar Microtus str. 91001',
  definition: 'Yersinia pestis biovar Microtus str. 91001 plasmid pPCP1, complete sequence.',
  text: '',
  file: 'NC_005816.gb',
};

describe('matchesTerm', () => {
  it.each([
    ['ALL', true],
    ['all[filter]', true],
    ['NC_005816', true],
    ['nc_005816.1', true],
    ['NC_005816.2', false],
    ['Yersinia pestis[orgn]', true],
    ['"Yersinia pestis" AND plasmid', true],
    ['Yersinia AND coli', false],
    ['coli OR pestis', true],
    ['pest', false],
  ])('%s -> %s', (term, expected) => {
    expect(matchesTerm(record, term)).toBe(expected);
  });
});
