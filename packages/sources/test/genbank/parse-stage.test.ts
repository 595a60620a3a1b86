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

describe('genbankParseStage refuses text it would change or Postgres would refuse', () => {
  it('invalid UTF-8: INPUT_NOT_UTF8, not retriable, naming the file, line and byte offset in the file', async () => {
    const text = Buffer.from(records[0]!);
    const at = text.indexOf('DEFINITION') + 12;
    const bad = Buffer.concat([text.subarray(0, at), Buffer.from([0xc3, 0x28]), text.subarray(at + 2)]); // 0xC3 without its continuation
    const value = { ...raw(bad), origin: { uri: 'gbbct1.seq', byteOffset: 1000, firstLine: 7 } };
    const error = await Promise.resolve().then(() => run(value)).catch((e: unknown) => e as { code: string; retriable: boolean; message: string });
    const line = 7 + records[0]!.slice(0, at).split('\n').length - 1;
    expect(error).toMatchObject({ code: 'INPUT_NOT_UTF8', retriable: false });
    expect((error as Error).message).toBe(`gbbct1.seq:${line}: not well-formed UTF-8 at byte offset ${1000 + at} (column 13, byte 0xc3); the record is refused rather than stored with U+FFFD in place of the bad bytes`);
  });

  it('NUL in DEFINITION or in a qualifier: TEXT_HAS_NUL naming the field', async () => {
    const definition = records[0]!.replace(/^(DEFINITION  \S+)/m, '$1\0');
    await expect(async () => run(raw(Buffer.from(definition)))).rejects.toThrow(/^test\.gb:\d+: NUL character \(U\+0000\) in DEFINITION, which PostgreSQL text cannot store$/);
    const qualifier = records[0]!.replace(/(\n {21}\/[a-z_]+="[^"\n]{2})/, '$1\0');
    const error = await Promise.resolve().then(() => run(raw(Buffer.from(qualifier)))).catch((e: unknown) => e as Error & { code: string });
    expect(error.code).toBe('TEXT_HAS_NUL');
    expect(error.message).toMatch(/NUL character \(U\+0000\) in qualifier \/[a-z_]+ of feature \S+, which PostgreSQL text cannot store$/);
  });

  it('well-formed non-ASCII text still parses', async () => {
    const accented = records[0]!.replace(/^(DEFINITION  )/m, '$1Café ');
    const [parsed] = await run(raw(Buffer.from(accented)));
    expect(parsed!.definition).toContain('Café');
  });
});
