import { isCleanRecordText } from './check-record-text.js';
import { countNewlines } from './count-newlines.js';
import { GenbankParseError } from './errors.js';
import { compactResidues, lastCompaction } from './extract-sequence.js';
import { findOriginBlock } from './find-origin.js';
import { parseGenbankRecord, parseRecordBody, type OriginLine, type ParseRecordOptions } from './parse-record.js';
import type { GenbankRecord } from './types.js';

/** Where residues compacted from bytes go: appended at `used`; `buffer` must have room for the ORIGIN block. */
export interface ResidueSink {
  buffer: Buffer;
  used: number;
}

export interface BytesParse {
  /** Null when the chunk does not parse (parseGenbankRecord on its text says why). */
  record: GenbankRecord | null;
  /** The record's residues are sink bytes [residueStart, residueEnd) and record.sequence is still ""; -1 when record.sequence is already set. */
  residueStart: number;
  residueEnd: number;
  /** Newlines in bytes [start, end). */
  newlines: number;
}

/**
 * Parse one chunk straight from its bytes [start, end). The ORIGIN block of a complete record is never
 * decoded to a string: its bytes are compacted into the sink (residues upper-cased, numbers and blanks
 * dropped; `bytes` is only read), and only the text before it is decoded and parsed (parseRecordBody).
 * Other chunks are decoded whole and parsed as text. Only GenbankParseErrors are caught. A chunk that is
 * not well-formed UTF-8 or holds a NUL gives a null record too: recordTextError (check-record-text.ts) says why.
 */
export function parseRecordBytes(bytes: Buffer, start: number, end: number, complete: boolean, sink: ResidueSink, opts: ParseRecordOptions): BytesParse {
  // Text that is not UTF-8 or holds a NUL is never parsed (decoding would change it silently): recordTextError says why.
  if (!isCleanRecordText(bytes, start, end)) return { record: null, residueStart: -1, residueEnd: -1, newlines: countNewlines(bytes.toString('latin1', start, end)) };
  const origin = complete ? findOriginBlock(bytes, start, end) : null;
  if (origin === null) {
    const text = bytes.toString('utf8', start, end);
    return { record: orNull(() => parseGenbankRecord(text, opts)), residueStart: -1, residueEnd: -1, newlines: countNewlines(text) };
  }
  const head = bytes.toString('utf8', start, origin.blockStart);
  const residueStart = sink.used;
  if (sink.buffer.length < residueStart + (origin.blockEnd - origin.blockStart)) throw new RangeError('parseRecordBytes: the residue sink is too small');
  const kept = compactResidues(bytes.subarray(origin.blockStart, origin.blockEnd), origin.blockEnd - origin.blockStart, sink.buffer.subarray(residueStart));
  if (kept < 0) return { record: null, residueStart: -1, residueEnd: -1, newlines: countNewlines(bytes.toString('latin1', start, end)) };
  const blockLines = lastCompaction.newlines + countNewlineBytes(bytes, origin.blockEnd, end);
  // The '//' line is there (findOriginBlock found it): the text before the block is the whole body.
  const hasCR = head.includes('\r');
  const body = hasCR ? head.replace(/\r\n?/g, '\n') : head;
  const originLine: OriginLine = { line: null };
  // Decoding gives one character per byte only when every byte is ASCII (or a lone invalid byte): then the
  // feature table's indentation checks can read the bytes.
  const headBytes = origin.blockStart - start;
  const ascii = !hasCR && head.length === headBytes ? new DataView(bytes.buffer, bytes.byteOffset + start, headBytes) : undefined;
  const record = orNull(() => parseRecordBody(body, body.length, opts, originLine, ascii));
  // A record that parsed ends with its ORIGIN line, so the parser's line count is its newline count (a lone CR would add one).
  const firstLine = opts.firstLine ?? 1;
  const headLines = record !== null && originLine.line !== null && !hasCR ? originLine.line - firstLine + 1 : countNewlines(head);
  const newlines = headLines + blockLines;
  if (record === null) return { record, residueStart: -1, residueEnd: -1, newlines };
  sink.used = residueStart + kept;
  return { record, residueStart, residueEnd: sink.used, newlines };
}

function orNull(parse: () => GenbankRecord): GenbankRecord | null {
  try {
    return parse();
  } catch (error) {
    if (error instanceof GenbankParseError) return null;
    throw error;
  }
}

/** Newlines in bytes [from, to): for the short tail after the ORIGIN block. */
function countNewlineBytes(bytes: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) if (bytes[i] === 10) n += 1;
  return n;
}
