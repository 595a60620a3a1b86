import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testData } from './helpers.js';

/**
 * GenBank files made from test-data/genbank/EU851978.gbk under other accessions and versions: the
 * record's accession is replaced everywhere (LOCUS, ACCESSION, VERSION) and its version set, so each
 * file is a new record (or a new version of one) for the pipeline.
 */
export function genbankVariants(): { write(records: { accession: string; version: number }[]): string } {
  const template = readFileSync(testData('genbank', 'EU851978.gbk'), 'latin1');
  const dir = mkdtempSync(join(tmpdir(), 'strand-variants-'));
  let n = 0;
  return {
    write: (records) => {
      const text = records.map(({ accession, version }) => template.replaceAll('EU851978.1', `${accession}.${version}`).replaceAll('EU851978', accession)).join('');
      const file = join(dir, `variants-${++n}.gb`);
      writeFileSync(file, text, 'latin1');
      return file;
    },
  };
}
