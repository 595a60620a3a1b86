import { describe, expect, it } from 'vitest';
import { RecordSplitter, splitGenbankRecords } from '@strand/genbank';
import type { DivisionHeader, RawGenbankRecord, RawRecordBytes } from '@strand/genbank';
import { collect, fixtureBytes, fixtureText, inChunks, miniRecord } from './helpers/chunks.js';

async function split(input: Buffer | string, chunk = 1 << 16, onHeader?: (h: DivisionHeader) => void): Promise<RawGenbankRecord[]> {
  return collect(splitGenbankRecords(inChunks(input, chunk), onHeader ? { onHeader } : {}));
}

/** Line number (1-based) of each line that starts with LOCUS. */
function locusLines(text: string): number[] {
  return text
    .split('\n')
    .map((l, i) => (l.startsWith('LOCUS') ? i + 1 : -1))
    .filter((n) => n > 0);
}

describe('splitGenbankRecords', () => {
  it('splits a multi-record file into records with line numbers, offsets and accessions', async () => {
    const bytes = fixtureBytes('sample-division.gbff.gz');
    const records = await split(bytes);
    expect(records).toHaveLength(11);
    expect(records.map((r) => r.accession)).toEqual([
      'X55053', 'X62281', 'M81224', 'AJ237582', 'L31939', 'AF297471', 'NC_005816', 'J02482', 'AL109817', 'EU851978', 'AC007323',
    ]);
    expect(records.map((r) => r.firstLine)).toEqual(locusLines(bytes.toString('utf8')));
    expect(records.every((r) => r.complete)).toBe(true);
    let offset = 0;
    for (const r of records) {
      expect(r.byteOffset).toBe(offset);
      expect(bytes.subarray(r.byteOffset, r.byteOffset + r.byteLength).toString('utf8')).toBe(r.text);
      expect(r.text.startsWith('LOCUS')).toBe(true);
      expect(r.text.endsWith('//\n')).toBe(true);
      offset += r.byteLength;
    }
    expect(offset).toBe(bytes.length);
  });

  it.each([1, 7, 4096])('gives the same result when fed %i-byte chunks', async (size) => {
    for (const name of ['sample-division.gbff.gz', 'NC_000932.gb', 'protein_refseq2.gb']) {
      const bytes = fixtureBytes(name);
      expect(await split(bytes, size)).toEqual(await split(bytes, bytes.length));
    }
  });

  it('counts blank lines after // in the record, so byteOffset + byteLength is where the next chunk starts', async () => {
    const a = miniRecord('AA000001');
    const b = miniRecord('AA000002');
    const input = `\n\n${a}\n  \n${b}\n`;
    const records = await split(input, 5);
    expect(records.map((r) => r.accession)).toEqual(['AA000001', 'AA000002']);
    const [first, second] = records as [RawGenbankRecord, RawGenbankRecord];
    expect(first.byteOffset).toBe(2);
    expect(first.firstLine).toBe(3);
    expect(first.text).toBe(a);
    expect(first.byteOffset + first.byteLength).toBe(second.byteOffset);
    expect(second.firstLine).toBe(3 + a.split('\n').length - 1 + 2);
    expect(second.byteOffset + second.byteLength).toBe(Buffer.byteLength(input));
  });

  it('normalizes CRLF in the text but counts the CR bytes in offsets', async () => {
    const a = miniRecord('CR000001');
    const b = miniRecord('CR000002');
    const crlf = `${a}${b}`.replace(/\n/g, '\r\n');
    const records = await split(crlf, 3);
    expect(records.map((r) => r.text)).toEqual([a, b]);
    expect(records[0]?.byteLength).toBe(Buffer.byteLength(a.replace(/\n/g, '\r\n')));
    expect(records[1]?.firstLine).toBe(a.split('\n').length);
  });

  it('yields garbage between records as a stray chunk with a null accession', async () => {
    const a = miniRecord('GB000001');
    const b = miniRecord('GB000002');
    const input = `${a}this is not\nGenBank at all\n${b}`;
    const records = await split(input, 11);
    expect(records.map((r) => [r.accession, r.complete, r.firstLine])).toEqual([
      ['GB000001', true, 1],
      [null, false, a.split('\n').length],
      ['GB000002', true, a.split('\n').length + 2],
    ]);
    expect(records[1]?.text).toBe('this is not\nGenBank at all\n');
  });

  it('marks a record cut off by the end of the stream, or by the next LOCUS, as incomplete', async () => {
    const a = miniRecord('TR000001');
    const cut = a.slice(0, a.indexOf('ORIGIN'));
    const b = miniRecord('TR000002');
    const records = await split(`${cut}${b}${cut}`, 13);
    expect(records.map((r) => [r.accession, r.complete])).toEqual([
      ['TR000001', false],
      ['TR000002', true],
      ['TR000001', false],
    ]);
    expect(records[0]?.text).toBe(cut);
    expect(records[2]?.text).toBe(cut);
  });

  it('hands an NCBI division header to onHeader and starts records after it', async () => {
    const header = [
      'GBBCT1.SEQ          Genetic Sequence Data Bank',
      '                         October 15 2023',
      '',
      '                NCBI-GenBank Flat File Release 258.0',
      '',
      '                     Bacterial Sequences (Part 1)',
      '',
      '   51396 loci,    92682287 bases, from    51396 reported sequences',
      '',
      '',
    ].join('\n');
    const a = miniRecord('HD000001');
    const headers: DivisionHeader[] = [];
    const records = await split(`${header}\n${a}`, 1, (h) => headers.push(h));
    expect(headers).toHaveLength(1);
    expect(headers[0]).toMatchObject({
      fileName: 'GBBCT1.SEQ',
      databaseName: 'Genetic Sequence Data Bank',
      releaseDate: 'October 15 2023',
      releaseNumber: '258.0',
      title: 'Bacterial Sequences (Part 1)',
    });
    expect(records).toHaveLength(1);
    expect(records[0]?.firstLine).toBe(11);
    expect(records[0]?.byteOffset).toBe(Buffer.byteLength(`${header}\n`));
  });

  it('falls back to the LOCUS name when there is no ACCESSION line, and accepts string chunks', async () => {
    const text = miniRecord('NOACC1').replace(/ACCESSION.*\n/, '');
    async function* strings(): AsyncIterable<string> {
      yield text.slice(0, 10);
      yield text.slice(10);
    }
    const records = await collect(splitGenbankRecords(strings()));
    expect(records.map((r) => r.accession)).toEqual(['NOACC1']);
  });

  it('yields nothing for an empty or blank stream', async () => {
    expect(await split('')).toEqual([]);
    expect(await split('\n\n  \n')).toEqual([]);
  });

  it('takeBytes gives the same chunks as bytes, and line numbers from linesBefore plus the earlier texts\' newlines', async () => {
    const header = 'GBBCT1.SEQ          Genetic Sequence Data Bank\n                         October 15 2023\n\n                NCBI-GenBank Flat File Release 258.0\n\n\n';
    const input = `${header}${miniRecord('HD000001')}\r\n\r\n${fixtureText('cor6_6.gb')}\nstray text\n${miniRecord('HD000002')}`;
    const expected = await split(input, 7);
    for (const piece of [1, 7, 4096]) {
      const headers: DivisionHeader[] = [];
      const splitter = new RecordSplitter((h) => headers.push(h));
      const got: RawRecordBytes[] = [];
      const copy = (r: RawRecordBytes): RawRecordBytes => ({ ...r, bytes: Buffer.from(r.bytes) });
      for await (const p of inChunks(input, piece)) {
        splitter.push(p);
        for (let r = splitter.takeBytes(false); r !== null; r = splitter.takeBytes(false)) got.push(copy(r));
      }
      for (let r = splitter.takeBytes(true); r !== null; r = splitter.takeBytes(true)) got.push(copy(r));
      expect(headers).toHaveLength(1);
      let textLines = 0;
      const asRaw = got.map((r) => {
        const text = r.bytes.toString('utf8', 0, r.textEnd);
        const firstLine = r.linesBefore + textLines;
        textLines += text.split('\n').length - 1;
        return { text: text.replace(/\r\n/g, '\n'), firstLine, byteOffset: r.byteOffset, byteLength: r.byteLength, complete: r.complete };
      });
      expect(asRaw).toEqual(expected.map(({ accession: _accession, ...rest }) => rest));
      expect(got.every((r) => r.bytes.length === r.byteLength)).toBe(true);
    }
  });
});
