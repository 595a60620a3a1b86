import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitSdfRecords, splitSdfText, type SdfRecordText } from '../src/index.js';

const bytes = (path: string): Buffer => readFileSync(new URL(`../../../test-data/${path}`, import.meta.url));

async function collect(input: Iterable<Buffer | string> | AsyncIterable<Buffer | string>): Promise<SdfRecordText[]> {
  const out: SdfRecordText[] = [];
  for await (const record of splitSdfRecords(input)) out.push(record);
  return out;
}

function chunks(buffer: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) out.push(buffer.subarray(i, i + size));
  return out;
}

describe('splitSdfRecords', () => {
  it('splits the CRLF solubility set into 257 records, dropping CRs and naming each first line', async () => {
    const records = await collect([bytes('molecules/solubility.test.sdf')]);
    expect(records).toHaveLength(257);
    expect(records.map((r) => r.recordIndex)).toEqual([...Array(257).keys()]);
    expect(records.some((r) => r.text.includes('\r'))).toBe(false);
    expect(records[0]?.firstLine).toBe(1);
    expect(records[0]?.text.split('\n')[0]).toBe('3-methylpentane');
    // Record 1 starts on the line after record 0's $$$$.
    expect(records[1]?.firstLine).toBe(records[0]!.text.split('\n').length + 2);
    const lines = bytes('molecules/solubility.test.sdf').toString('utf8').split('\r\n');
    for (const record of records) expect(lines[record.firstLine - 1]).toBe(record.text.split('\n')[0]);
  });

  it('gives the same records whatever the chunking, including UTF-8 characters split across chunks', async () => {
    const file = bytes('molecules/solubility.test.sdf');
    const whole = await collect([file]);
    for (const size of [1, 7, 4096]) {
      expect(await collect(chunks(file, size))).toEqual(whole);
    }
    expect(whole.some((r) => r.text.includes('2,2\uFFB4,5-PCB'))).toBe(true);
  });

  it('splits the LF cdk2 set into 47 records', async () => {
    const records = await collect([bytes('molecules/cdk2.sdf')]);
    expect(records).toHaveLength(47);
    expect(records[46]?.text.split('\n')[0]).toBe('ZINC03831630');
  });

  it('keeps a last record that has no $$$$ line, and ignores trailing blank lines', async () => {
    const text = bytes('pubchem/Structure2D_CID_2244.sdf').toString('utf8');
    const withoutTerminator = text.replace(/\$\$\$\$\s*$/, '');
    expect(await collect([withoutTerminator])).toHaveLength(1);
    expect(await collect([`${text}\n\n`])).toHaveLength(1);
    expect(await collect([''])).toHaveLength(0);
  });

  it('throws INPUT_TOO_LARGE past the record limit', async () => {
    const text = bytes('molecules/cdk2.sdf').toString('utf8');
    await expect(collect(splitSdfRecords([text], { maxRecordChars: 1000, source: 'cdk2.sdf' }) as AsyncIterable<never>)).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE',
      where: { source: 'cdk2.sdf', recordIndex: 0, line: 1 },
    });
  });
});

describe('splitSdfText', () => {
  it('gives the same records as splitSdfRecords, at once', async () => {
    const text = bytes('molecules/solubility.test.sdf').toString('utf8');
    expect(splitSdfText(text)).toEqual({ records: await collect([text]), terminated: true });
  });

  it('says whether the last record had its $$$$ line (a cut-off answer has none)', () => {
    const text = bytes('pubchem/Structure2D_CID_2244.sdf').toString('utf8');
    expect(splitSdfText(`${text}${text}`)).toMatchObject({ terminated: true, records: [{ recordIndex: 0 }, { recordIndex: 1 }] });
    const cut = splitSdfText(`${text}${text.slice(0, 500)}`);
    expect(cut.terminated).toBe(false);
    expect(cut.records).toHaveLength(2);
    expect(splitSdfText(`${text}\n\n`).terminated).toBe(true);
    expect(splitSdfText('')).toEqual({ records: [], terminated: true });
  });

  it('keeps a blank title line', () => {
    const [record] = splitSdfText('\n  manual\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n$$$$\n').records;
    expect(record?.text.split('\n').slice(0, 2)).toEqual(['', '  manual']);
  });
});
