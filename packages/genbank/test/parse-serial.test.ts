import { describe, expect, it } from 'vitest';
import { parseGenbankRecord, splitGenbankRecords } from '@strand/genbank';
import { parseSerial } from '../src/parse-serial.js';
import { collect, fixtureText, inChunks, miniRecord } from './helpers/chunks.js';

describe('parseSerial', () => {
  it('gives each chunk the line, offset and outcome that splitGenbankRecords + parseGenbankRecord give', async () => {
    const badResidue = miniRecord('BAD1').replace(/(\n\s+1 )(\w)/, '$1!');
    const input = [
      'GBBCT1.SEQ          Genetic Sequence Data Bank\n                         October 15 2023\n\n',
      fixtureText('cor6_6.gb'),
      '\n\n',
      miniRecord('CR00001').replace(/\n/g, '\r\n'),
      'stray text\n',
      badResidue,
      fixtureText('NC_005816.gb'),
      miniRecord('NOSEQ1', { origin: null }),
      miniRecord('CUT1').replace(/\/\/\n$/, ''),
    ].join('');
    for (const piece of [3, 1000, 1 << 20]) {
      const expected = [];
      for await (const raw of splitGenbankRecords(inChunks(input, piece))) {
        let outcome: string;
        try {
          outcome = parseGenbankRecord(raw.text, { firstLine: raw.firstLine, source: 'in.gb' }).accession;
        } catch (e) {
          outcome = (e as Error).message;
        }
        expected.push({ firstLine: raw.firstLine, byteOffset: raw.byteOffset, byteLength: raw.byteLength, outcome });
      }
      const got = (await collect(parseSerial(inChunks(input, piece), { source: 'in.gb' }))).map((o) => ({
        firstLine: o.firstLine,
        byteOffset: o.byteOffset,
        byteLength: o.byteLength,
        outcome: o.ok ? o.record.accession : o.error.message,
      }));
      expect(got).toEqual(expected);
      expect(got.filter((o) => o.outcome.startsWith('in.gb:')).length).toBeGreaterThanOrEqual(3);
    }
  });
});
