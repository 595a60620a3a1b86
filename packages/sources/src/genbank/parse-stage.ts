import { createHash } from 'node:crypto';
import { checkRecordText, parseGenbankRecord, parseRecordBytes } from '@strand/genbank';
import type { Stage } from '@strand/runtime';
import type { GenbankRawValue, GenbankParsedValue } from '@strand/pipeline';

/**
 * Raw GenBank bytes -> parsed record. The record is parsed from its bytes: the ORIGIN block is
 * never decoded to text, its residues are compacted into a buffer that becomes the record's
 * `sequence` (bytes), and only the text before it is decoded. A record that is truncated, not
 * GenBank, or has an unparseable LOCUS or location throws a non-retriable GenbankParseError naming
 * the line (from the text parser, which says why), so the runner dead-letters it and the records
 * around it carry on. So does a record that is not well-formed UTF-8 or holds a NUL (checkRecordText).
 */
export const genbankParseStage: Stage<GenbankRawValue, GenbankParsedValue> = {
  name: 'genbank.parser',
  process(raw) {
    // Messages written when `text` was a string (before schemas/genbank.raw.avsc made it bytes) decode as text.
    const text: Buffer | string = raw.text;
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    const opts = { firstLine: raw.origin.firstLine, source: raw.origin.uri };
    // Bytes that are not UTF-8 (INPUT_NOT_UTF8) or hold a NUL (TEXT_HAS_NUL) are refused, naming the line and byte or field, never decoded to U+FFFD.
    checkRecordText(bytes, 0, bytes.length, { ...opts, byteOffset: raw.origin.byteOffset });
    const sink = { buffer: Buffer.allocUnsafe(bytes.length), used: 0 };
    // A record cut short (complete=false) has no // terminator, which the text parser reports as GENBANK_TRUNCATED.
    const parsed = parseRecordBytes(bytes, 0, bytes.length, raw.complete, sink, opts);
    // Where the bytes do not parse, the text parser throws the reason (file, line, what was wrong).
    const record = parsed.record ?? parseGenbankRecord(bytes.toString('utf8'), opts);
    const sequence = parsed.residueStart >= 0 ? sink.buffer.subarray(parsed.residueStart, parsed.residueEnd) : Buffer.from(record.sequence, 'latin1');
    const recordSha256 = createHash('sha256').update(bytes).digest('hex');
    return [{ ...record, sequence, origin: raw.origin, recordSha256 }];
  },
};
