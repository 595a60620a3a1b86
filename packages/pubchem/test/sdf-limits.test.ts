import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSdfResults, splitSdfRecords, type SdfRecordText, type SplitSdfOptions } from '../src/index.js';

// The limits are lowered here so that the inputs stay small; the attacks keep their shape.
const limits: SplitSdfOptions = { maxLineChars: 1000, maxRecordChars: 4000, source: 'limits.sdf' };
const aspirin = readFileSync(new URL('../../../test-data/pubchem/Structure2D_CID_2244.sdf', import.meta.url), 'utf8');
const longLine = aspirin.replace('> <PUBCHEM_COMPOUND_CID>\n2244\n', `> <PUBCHEM_COMPOUND_CID>\n2244\n\n> <NOTE>\n${'x'.repeat(5000)}\n`);
const manyLines = aspirin.replace('> <PUBCHEM_COMPOUND_CID>\n2244\n', `> <PUBCHEM_COMPOUND_CID>\n2244\n\n> <NOTE>\n${'short line\n'.repeat(500)}`);
const lineCount = (text: string) => text.split('\n').length - 1;

async function split(input: string, piece: number, opts: SplitSdfOptions): Promise<SdfRecordText[]> {
  const pieces: string[] = [];
  for (let i = 0; i < input.length; i += piece) pieces.push(input.slice(i, i + piece));
  const out: SdfRecordText[] = [];
  for await (const record of splitSdfRecords(pieces, opts)) out.push(record);
  return out;
}

describe('SD record and line limits', () => {
  it.each([
    ['line', longLine, 'STRAND_SDF_MAX_LINE_CHARS'],
    ['record', manyLines, 'STRAND_SDF_MAX_RECORD_CHARS'],
  ] as const)('skips a record over the %s limit (overLimit: skip) and keeps the records around it, whatever the piece size', async (limit, big, setting) => {
    const input = `${aspirin}${big}${aspirin}`;
    const bigFirstLine = lineCount(aspirin) + 1;
    // The line named: the long line itself, or the first line of the record too large.
    const namedLine = limit === 'line' ? lineCount(input.slice(0, input.indexOf('x'.repeat(1000)))) + 1 : bigFirstLine;
    for (const piece of [1, 7, 4096, input.length]) {
      const records = await split(input, piece, { ...limits, overLimit: 'skip' });
      expect(records.map((r) => [r.recordIndex, r.firstLine, r.tooLarge?.code ?? null])).toEqual([
        [0, 1, null],
        [1, bigFirstLine, 'INPUT_TOO_LARGE'],
        [2, bigFirstLine + lineCount(big), null],
      ]);
      expect(records[2]?.text).toBe(records[0]?.text);
      expect(records[1]?.text).toBe('');
      expect(records[1]?.tooLarge?.message).toContain(`raise ${setting} to accept it`);
      expect(records[1]?.tooLarge?.where).toMatchObject({ source: 'limits.sdf', recordIndex: 1, line: namedLine });
    }
  });

  it('throws at the first record over a limit by default, as soon as an unfinished line passes it', async () => {
    let piecesRead = 0;
    function* hugeLine(): Generator<string> {
      yield `${aspirin}title\n`;
      for (let i = 0; i < 256; i += 1) {
        piecesRead += 1;
        yield 'x'.repeat(1 << 16); // 16 MiB on one line, never finished
      }
    }
    const records: SdfRecordText[] = [];
    await expect(
      (async () => {
        for await (const r of splitSdfRecords(hugeLine(), { maxLineChars: 1 << 16, source: 'huge.sdf' })) records.push(r);
      })(),
    ).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE', where: { source: 'huge.sdf', recordIndex: 1, line: lineCount(aspirin) + 2 } });
    expect(records).toHaveLength(1);
    expect(piecesRead).toBe(2); // not the whole line: the limit is hit while the line is still arriving
  });

  it('parseSdfResults reports the record over a limit and parses the ones after it', async () => {
    const input = `${aspirin}${longLine}${aspirin}`;
    const results = [];
    for await (const r of parseSdfResults([input], limits)) results.push(r);
    expect(results.map((r) => (r.ok ? r.record.cid : r.error.code))).toEqual([2244, 'INPUT_TOO_LARGE', 2244]);
  });
});
