import { afterEach, describe, expect, it } from 'vitest';
import { RecordSplitter, splitGenbankRecords } from '@strand/genbank';
import { ByteWindow } from '../src/byte-window.js';
import { MAX_TRAILING_BLANK_BYTES } from '../src/split-records.js';
import { collect, inChunks, miniRecord } from './helpers/chunks.js';

const PIECE = 1 << 16;
const MB = 1 << 20;

/**
 * Counts the bytes the splitter looks at: one per ByteWindow.at() call, plus the span of every
 * ByteWindow.indexOf() search. A deterministic measure of work, instead of a timing.
 */
function countScannedBytes(): { bytes: () => number; restore: () => void } {
  const proto = ByteWindow.prototype;
  const at = proto.at;
  const indexOf = proto.indexOf;
  let bytes = 0;
  proto.at = function (this: ByteWindow, i: number) {
    bytes += 1;
    return at.call(this, i);
  };
  proto.indexOf = function (this: ByteWindow, needle: Buffer, from: number, end = this.length) {
    bytes += Math.max(0, end - from);
    return indexOf.call(this, needle, from, end);
  };
  return { bytes: () => bytes, restore: () => Object.assign(proto, { at, indexOf }) };
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** Splits one record followed by `blankBytes` newlines, fed in 64 KiB pieces; returns the bytes scanned. */
function scannedForTail(blankBytes: number): number {
  const counter = countScannedBytes();
  restore = counter.restore;
  const splitter = new RecordSplitter();
  const record = miniRecord('BL000001');
  const input = Buffer.concat([Buffer.from(record), Buffer.alloc(blankBytes, 10)]);
  let records = 0;
  for (let i = 0; i < input.length; i += PIECE) {
    splitter.push(input.subarray(i, i + PIECE));
    while (splitter.take(false) !== null) records += 1;
  }
  while (splitter.take(true) !== null) records += 1;
  expect(records).toBe(1);
  counter.restore();
  return counter.bytes();
}

describe('RecordSplitter on a record followed by a long run of blank lines', () => {
  it('scans the blank tail once: doubling the tail no more than doubles the bytes scanned', () => {
    const [one, two, four] = [1, 2, 4].map((n) => scannedForTail(n * MB)) as [number, number, number];
    expect(two).toBeLessThanOrEqual(2.1 * one);
    expect(four).toBeLessThanOrEqual(2.1 * two);
    // And about once per byte: a rescanning splitter looks at the tail once per piece.
    expect(four).toBeLessThan(3 * 4 * MB);
  });

  it('yields the record, and nothing else, before the blank tail has been read', async () => {
    const record = miniRecord('BL000002');
    let piecesRead = 0;
    async function* recordThenBlanks(): AsyncIterable<Buffer> {
      yield Buffer.from(record);
      for (let i = 0; i < 64; i += 1) {
        piecesRead += 1;
        yield Buffer.alloc(PIECE, 10);
      }
    }
    let readWhenYielded = -1;
    const records = [];
    for await (const r of splitGenbankRecords(recordThenBlanks())) {
      if (readWhenYielded < 0) readWhenYielded = piecesRead;
      records.push(r);
    }
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ text: record, accession: 'BL000002', complete: true, firstLine: 1, byteOffset: 0 });
    // Blank lines past the cap are not counted in the record: the splitter did not wait for them.
    expect(records[0]?.byteLength).toBe(Buffer.byteLength(record) + MAX_TRAILING_BLANK_BYTES);
    expect(readWhenYielded).toBeLessThanOrEqual(Math.ceil(MAX_TRAILING_BLANK_BYTES / PIECE) + 1);
  });

  it('accounts for the skipped blank lines: the next record has the right offset and first line', async () => {
    const a = miniRecord('BL000003');
    const b = miniRecord('BL000004');
    const blanks = 3 * MAX_TRAILING_BLANK_BYTES + 5;
    const input = `${a}${' \n'.repeat(blanks / 2 | 0)}\n${b}`;
    for (const piece of [4096, PIECE, input.length]) {
      const records = await collect(splitGenbankRecords(inChunks(input, piece)));
      expect(records.map((r) => r.accession)).toEqual(['BL000003', 'BL000004']);
      const [first, second] = records as [(typeof records)[0], (typeof records)[0]];
      expect(first.byteLength).toBeLessThanOrEqual(Buffer.byteLength(a) + MAX_TRAILING_BLANK_BYTES);
      expect(second.byteOffset).toBe(input.indexOf('LOCUS', 1));
      expect(second.firstLine).toBe(input.slice(0, second.byteOffset).split('\n').length);
      expect(second.text).toBe(b);
    }
  });
});
