import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, it, expect } from 'vitest';
import { parseGenbankRecord } from '@strand/genbank';
import { genbankParseStage } from '@strand/sources';
import type { GenbankRawValue } from '@strand/pipeline';
import type { StageContext } from '@strand/runtime';
import { testData } from '../../../../test/helpers.js';

const files = ['EU851978.gbk', 'NC_000932.gb', 'NC_005816.gb', 'NT_019265.gb', 'PX1CG.gb', 'arab1.gb', 'cor6_6.gb', 'iro.gb', 'protein_refseq2.gb'];
const records = [
  ...files.flatMap((f) => readFileSync(testData('genbank', f), 'utf8').split(/(?<=^\/\/\n)/m).filter((r) => r.startsWith('LOCUS'))),
  ...gunzipSync(readFileSync(testData('genbank', 'sample-division.gbff.gz'))).toString('utf8').split(/(?<=^\/\/\n)/m).filter((r) => r.startsWith('LOCUS')),
];
const raw = (text: string | Buffer, complete = true): GenbankRawValue => ({
  origin: { uri: 'test.gb', byteOffset: 0, firstLine: 7 }, accession: null, complete, text: text as Buffer, fetchedAt: 0,
});
const run = (value: GenbankRawValue) => genbankParseStage.process(value, {} as StageContext);

describe('genbankParseStage (parses the raw bytes)', () => {
  it('gives every bundled record exactly as the text parser does, with the sequence as ASCII bytes', async () => {
    expect(records.length).toBe(25);
    for (const text of records) {
      const [parsed] = await run(raw(Buffer.from(text)));
      const expected = parseGenbankRecord(text, { firstLine: 7, source: 'test.gb' });
      const { sequence, origin, recordSha256, ...rest } = parsed!;
      expect(Buffer.isBuffer(sequence)).toBe(true);
      expect(sequence.toString('latin1')).toBe(expected.sequence);
      expect(Object.keys(rest).sort()).toEqual(Object.keys(expected).filter((k) => k !== 'sequence').sort());
      for (const key of Object.keys(rest) as (keyof typeof rest)[]) expect(rest[key], key).toEqual(expected[key as keyof typeof expected]);
      expect(recordSha256).toBe(createHash('sha256').update(text).digest('hex'));
      expect(origin.uri).toBe('test.gb');
    }
  });

  it('reads a message written when the raw text was an Avro string', async () => {
    const [fromText] = await run(raw(records[0]!));
    const [fromBytes] = await run(raw(Buffer.from(records[0]!)));
    expect(fromText).toEqual(fromBytes);
  });

  it('throws the text parser\'s reason, naming the file and line, for a record that does not parse', async () => {
    const broken = records[0]!.replace(/^LOCUS.*$/m, 'LOCUS       nonsense');
    await expect(async () => run(raw(Buffer.from(broken)))).rejects.toThrow(/test\.gb/);
    const truncated = records[0]!.slice(0, 2000);
    await expect(async () => run(raw(Buffer.from(truncated), false))).rejects.toThrow(/test\.gb/);
  });
});
