import { describe, expect, it } from 'vitest';
import { parseGenbankRecord } from '@strand/genbank';
import { parseRecordBytes, type ResidueSink } from '../src/parse-record-bytes.js';
import { fixtureText, miniRecord } from './helpers/chunks.js';

function viaBytes(text: string, complete = true): { record: unknown; newlines: number } {
  const bytes = Buffer.from(`xx${text}yy`);
  const sink: ResidueSink = { buffer: Buffer.alloc(bytes.length + 8), used: 3 };
  const parsed = parseRecordBytes(bytes, 2, bytes.length - 2, complete, sink, { source: 's.gb' });
  if (parsed.record !== null && parsed.residueStart >= 0) {
    expect(parsed.residueStart).toBe(3);
    parsed.record.sequence = sink.buffer.toString('latin1', parsed.residueStart, parsed.residueEnd);
  }
  return { record: parsed.record, newlines: parsed.newlines };
}

describe('parseRecordBytes', () => {
  it('gives what parseGenbankRecord gives on the text, and counts its newlines', () => {
    const texts = [
      fixtureText('cor6_6.gb').split(/(?<=\n\/\/\n)/)[0] as string,
      fixtureText('NC_005816.gb'),
      fixtureText('protein_refseq2.gb'),
      miniRecord('CR00001').replace(/\n/g, '\r\n'),
      miniRecord('NOSEQ1', { origin: null }),
      miniRecord('ODD1').replace('ORIGIN', 'ORIGINAL    x\nORIGIN'),
      miniRecord('ODD2', { origin: null }).replace(/\n\/\/\n$/, '\nORIGINX     not a sequence\n//\n'),
    ];
    for (const text of texts) {
      const got = viaBytes(text);
      expect(got.record).toEqual(parseGenbankRecord(text.replace(/\r\n/g, '\n'), { source: 's.gb' }));
      expect(got.newlines).toBe(text.split('\n').length - 1);
    }
  });

  it('returns no record for a bad residue, a truncated record or garbage, as parseGenbankRecord throws', () => {
    const bad = miniRecord('BAD1').replace(/(\n\s+1 )(\w)/, '$1!');
    expect(bad).toContain('!');
    for (const [text, complete] of [
      [bad, true],
      [miniRecord('CUT1').replace(/\/\/\n$/, ''), false],
      [miniRecord('TWO1').replace(/\n\/\/\n$/, '\nORIGIN\n        1 acgt\n//\n'), true],
      ['garbage\n', false],
    ] as const) {
      expect(() => parseGenbankRecord(text)).toThrow();
      const got = viaBytes(text, complete);
      expect(got.record).toBeNull();
      expect(got.newlines).toBe(text.split('\n').length - 1);
    }
  });
});
