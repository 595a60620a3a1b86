import { afterEach, describe, expect, it } from 'vitest';
import { parseGenbankSettled, splitGenbankRecords } from '@strand/genbank';
import type { ParseOutcome, RawGenbankRecord } from '@strand/genbank';
import { ByteWindow } from '../src/byte-window.js';
import { collect, inChunks, miniRecord } from './helpers/chunks.js';

// The limits are lowered here so that the inputs stay small; the attacks are the same shape
// (a record too big, one line too long), only smaller.
const MAX_LINE = 1000;
const MAX_RECORD = 4000;
const limits = { maxLineBytes: MAX_LINE, maxRecordBytes: MAX_RECORD };

const before = miniRecord('LM000001');
const after = miniRecord('LM000003');
const longDefinition = miniRecord('LM000002').replace(/DEFINITION .*\n/, `DEFINITION  ${'x'.repeat(5 * MAX_LINE)}\n`);
const manyLines = miniRecord('LM000002').replace('ORIGIN      \n', `ORIGIN      \n${'        1 acgtacgtac acgtacgtac acgtacgtac acgtacgtac acgtacgtac acgtacgtac\n'.repeat(100)}`);

const linesBefore = (input: string, at: number) => input.slice(0, at).split('\n').length;

async function split(input: string, piece: number): Promise<RawGenbankRecord[]> {
  return collect(splitGenbankRecords(inChunks(input, piece), { limits }));
}

describe('GenBank record and line limits', () => {
  it.each([
    ['line', longDefinition, 1],
    ['record', manyLines, 0],
  ] as const)('skips a record that breaks the %s limit and keeps the records around it, whatever the piece size', async (limit, big, lineInChunk) => {
    const input = `${before}\n${big}${after}`;
    for (const piece of [1, 7, 4096, input.length]) {
      const records = await split(input, piece);
      expect(records.map((r) => r.accession)).toEqual(['LM000001', 'LM000002', 'LM000003']);
      const [, skipped, last] = records as [RawGenbankRecord, RawGenbankRecord, RawGenbankRecord];
      expect(skipped).toMatchObject({
        text: '',
        complete: false,
        byteOffset: input.indexOf(big),
        byteLength: Buffer.byteLength(big),
        firstLine: linesBefore(input, input.indexOf(big)),
        overLimit: { limit, max: limit === 'line' ? MAX_LINE : MAX_RECORD, lineInChunk, accession: 'LM000002' },
      });
      expect(last).toMatchObject({ text: after, byteOffset: input.indexOf(after), firstLine: linesBefore(input, input.indexOf(after)) });
    }
  });

  it.each([0, 1])('parses the records around it and reports INPUT_TOO_LARGE with file, line, limit and setting (workers: %i)', async (workers) => {
    const input = `${before}${longDefinition}${manyLines}${after}`;
    const outcomes: ParseOutcome[] = await collect(parseGenbankSettled(inChunks(input, 512), { source: 'big.gb', limits, workers }));
    expect(outcomes.map((o) => (o.ok ? o.record.accession : o.error.code))).toEqual(['LM000001', 'INPUT_TOO_LARGE', 'INPUT_TOO_LARGE', 'LM000003']);
    const [, line, record, last] = outcomes as [ParseOutcome, ParseOutcome, ParseOutcome, ParseOutcome];
    const definitionLine = linesBefore(input, input.indexOf('DEFINITION  xxx'));
    expect(line.ok ? null : line.error.line).toBe(definitionLine);
    expect(line.ok ? '' : line.error.message).toBe(
      `big.gb:${definitionLine}: a line of record LM000002 is longer than ${MAX_LINE} bytes; it was skipped without being read whole (raise STRAND_GENBANK_MAX_LINE_BYTES to accept it)`,
    );
    expect(record.ok ? '' : record.error.message).toContain(`record LM000002 (from line ${linesBefore(input, input.indexOf(manyLines))}, byte ${input.indexOf(manyLines)}) is larger than ${MAX_RECORD} bytes`);
    expect(record.ok ? '' : record.error.message).toContain('STRAND_GENBANK_MAX_RECORD_BYTES');
    expect(last.firstLine).toBe(linesBefore(input, input.indexOf(after)));
  });
});

describe('a line far over the limit', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('is dropped as it arrives: the splitter never holds much more than the limit', async () => {
    const append = ByteWindow.prototype.append;
    let most = 0;
    ByteWindow.prototype.append = function (this: ByteWindow, chunk: Buffer) {
      append.call(this, chunk);
      most = Math.max(most, this.length);
    };
    restore = () => {
      ByteWindow.prototype.append = append;
    };
    const piece = Buffer.alloc(1 << 16, 'x');
    async function* hugeDefinition(): AsyncIterable<Buffer> {
      yield Buffer.from(`${before}LOCUS       LM000002                  12 bp    DNA     linear   SYN 01-JAN-2020\nDEFINITION  `);
      for (let i = 0; i < 256; i += 1) yield piece; // 16 MiB on one line
      yield Buffer.from(`\nACCESSION   LM000002\n//\n${after}`);
    }
    const records = await collect(splitGenbankRecords(hugeDefinition(), { limits: { maxLineBytes: 1 << 16 } }));
    expect(records.map((r) => [r.accession, r.overLimit?.limit ?? null])).toEqual([
      ['LM000001', null],
      ['LM000002', 'line'],
      ['LM000003', null],
    ]);
    expect(most).toBeLessThan(4 << 16);
  });
});
