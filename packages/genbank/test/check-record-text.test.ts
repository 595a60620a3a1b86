import { describe, expect, it } from 'vitest';
import { checkRecordText, GenbankParseError, parseGenbankSettled, recordTextError } from '@strand/genbank';
import { collect, inChunks, miniRecord } from './helpers/chunks.js';

/** miniRecord(accession) with `find` replaced by `bytes` (raw, so invalid UTF-8 stays invalid). */
function withBytes(accession: string, find: string, bytes: number[] | string, opts: Parameters<typeof miniRecord>[1] = {}): Buffer {
  const text = miniRecord(accession, opts);
  const at = text.indexOf(find);
  expect(at).toBeGreaterThanOrEqual(0);
  const middle = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  return Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), middle, Buffer.from(text.slice(at + find.length), 'utf8')]);
}

function errorOf(bytes: Buffer, where: Parameters<typeof checkRecordText>[3] = {}): GenbankParseError {
  try {
    checkRecordText(bytes, 0, bytes.length, where);
  } catch (e) {
    expect(e).toBeInstanceOf(GenbankParseError);
    return e as GenbankParseError;
  }
  throw new Error('checkRecordText accepted the record');
}

describe('checkRecordText', () => {
  it('accepts well-formed UTF-8 without NUL, non-ASCII included', () => {
    expect(() => checkRecordText(Buffer.from(miniRecord('OK1')), 0, miniRecord('OK1').length)).not.toThrow();
    const accented = withBytes('OK2', 'Test record', 'Tést récord 中');
    expect(recordTextError(accented, 0, accented.length)).toBeNull();
  });

  it('refuses invalid UTF-8 with INPUT_NOT_UTF8 naming the source, line, byte offset and column', () => {
    // Line 2 is "DEFINITION  Test record BAD1."; the bad byte replaces the "T" of "Test" (column 13).
    const bytes = withBytes('BAD1', 'Test record', [0xff, ...Buffer.from('est record')]);
    const e = errorOf(bytes, { source: 'gbbct1.seq', firstLine: 100, byteOffset: 5000 });
    const at = bytes.indexOf(0xff);
    expect([e.code, e.line, e.source, e.retriable]).toEqual(['INPUT_NOT_UTF8', 101, 'gbbct1.seq', false]);
    expect(e.message).toBe(`gbbct1.seq:101: not well-formed UTF-8 at byte offset ${5000 + at} (column 13, byte 0xff); the record is refused rather than stored with U+FFFD in place of the bad bytes`);
    // Without a source offset, the byte is counted in the record.
    expect(errorOf(bytes).message).toContain(`at byte ${at} of the record`);
  });

  it('refuses an overlong form, a surrogate and a sequence cut short, at their first byte', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe4, 0xb8]]) {
      const bytes = withBytes('BAD2', 'synthetic', [...Buffer.from('syn'), ...bad, ...Buffer.from('thetic')]);
      const e = errorOf(bytes, { firstLine: 1 });
      expect(e.code).toBe('INPUT_NOT_UTF8');
      expect(e.line).toBe(7);
      expect(e.message).toContain(`byte ${bytes.indexOf(bad[0]!)} of the record (column 36,`);
    }
  });

  it('refuses a NUL with TEXT_HAS_NUL naming the field it is in', () => {
    const cases: [Buffer, string, number][] = [
      [withBytes('NUL1', 'Test record', 'Test\0record'), 'DEFINITION', 2],
      [withBytes('NUL2', 'synthetic construct', 'synthetic\0construct'), 'qualifier /organism of feature source', 7],
      [withBytes('NUL3', '/organism', '/orga\0nism'), 'the name of qualifier /orga\\0nism of feature source', 7],
      [withBytes('NUL4', '1..12', '1..1\0'), 'the location of feature source', 6],
      [withBytes('NUL5', 'Location/Qualifiers', 'Location/Qualifiers\0'), 'FEATURES', 5],
      [withBytes('NUL6', 'acgtacgtac', 'acgt\0cgtac'), 'ORIGIN', 9],
      [withBytes('NUL7', '                     /organism="synthetic construct"\n', '                     /note="a long note\n                     on two\0lines"\n'), 'qualifier /note of feature source', 8],
      [withBytes('NUL8', 'DEFINITION  Test record NUL8.', 'DEFINITION  Test record\n            NUL8\0.'), 'DEFINITION', 3],
    ];
    for (const [bytes, field, line] of cases) {
      const e = errorOf(bytes, { source: 'in.gb', firstLine: 1 });
      expect([e.code, e.line]).toEqual(['TEXT_HAS_NUL', line]);
      expect(e.message).toBe(`in.gb:${line}: NUL character (U+0000) in ${field}, which PostgreSQL text cannot store`);
    }
  });
});

describe('parseGenbankSettled with bad text', () => {
  it('gives the records around a non-UTF-8 or NUL record, and the bad ones their named error, serially and in workers', async () => {
    const input = Buffer.concat([
      Buffer.from(miniRecord('GOOD1')),
      withBytes('BADUTF', 'Test record', [0x80]),
      Buffer.from(miniRecord('GOOD2')),
      withBytes('NULREC', 'Test record', 'Test\0record'),
      Buffer.from(miniRecord('GOOD3')),
    ]);
    const recordLines = miniRecord('GOOD1').split('\n').length - 1;
    for (const workers of [0, 2]) {
      const outcomes = await collect(parseGenbankSettled(inChunks(input, 100), { source: 'mixed.gb', workers }));
      expect(outcomes.map((o) => (o.ok ? o.record.accession : o.error.code))).toEqual(['GOOD1', 'INPUT_NOT_UTF8', 'GOOD2', 'TEXT_HAS_NUL', 'GOOD3']);
      const bad = outcomes[1]!;
      if (bad.ok) throw new Error('unreachable');
      expect(bad.error.message).toBe(`mixed.gb:${recordLines + 2}: not well-formed UTF-8 at byte offset ${input.indexOf(0x80)} (column 13, byte 0x80); the record is refused rather than stored with U+FFFD in place of the bad bytes`);
      const nul = outcomes[3]!;
      if (nul.ok) throw new Error('unreachable');
      expect(nul.error.message).toBe(`mixed.gb:${3 * recordLines + 2}: NUL character (U+0000) in DEFINITION, which PostgreSQL text cannot store`);
    }
  });
});
