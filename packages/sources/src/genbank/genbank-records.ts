import { isUtf8 } from 'node:buffer';
import { InputLimitError } from '@strand/input';
import { limitError, splitGenbankRecords, type RawGenbankRecord, type SplitLimits } from '@strand/genbank';
import { StrandError, describeError, type StreamDeadLetter, type StreamOutput } from '@strand/runtime';
import type { GenbankRawValue } from '@strand/pipeline';
import { requireGenbank } from './require-genbank.js';
import { StreamTail } from './stream-tail.js';
import type { OpenedSource } from '../download/open-source.js';

/** How far a GenBank stream has been published: the offset just past the last record, and how many records. */
export interface GenbankProgress {
  bytes: number;
  records: number;
}

/** The splitter's default largest record (256 MiB): a record it lets through is never longer, so its bytes are still held (StreamTail). */
const MAX_HELD_BYTES = 256 * 1024 * 1024;

function rawValue(record: RawGenbankRecord, uri: string, tail: StreamTail): GenbankRawValue {
  return {
    origin: { uri, byteOffset: record.byteOffset, firstLine: record.firstLine },
    accession: record.accession,
    complete: record.complete,
    text: recordBytes(record, tail),
    fetchedAt: Date.now(),
  };
}

/**
 * The record's bytes for the raw topic. The splitter decodes a record to text, putting U+FFFD in
 * place of bytes that are not UTF-8; such a record is published with its original bytes instead
 * (its trailing blank lines included), so that the parser refuses it as INPUT_NOT_UTF8, naming the
 * line and byte, rather than a changed record landing. A record without U+FFFD needs no look back.
 */
function recordBytes(record: RawGenbankRecord, tail: StreamTail): Buffer {
  const text = Buffer.from(record.text, 'utf8');
  if (!record.text.includes('\uFFFD')) return text;
  const original = tail.slice(record.byteOffset, record.byteOffset + record.byteLength);
  return original === null || isUtf8(original) ? text : original;
}

/**
 * Splits a GenBank stream into raw records (key = accession), checking first that it is GenBank.
 * Records that end at or before `resumeAt` (published before a restart) are skipped; `records`
 * counts from `recordsBefore`. A read error names the source and how many records came before it.
 * A record over `limits` (STRAND_GENBANK_MAX_RECORD_BYTES / _LINE_BYTES) is never read whole: it is
 * yielded as a dead letter (INPUT_TOO_LARGE, naming the source, line and setting) and the rest carry on.
 */
export async function* genbankRecords(source: OpenedSource, opts: { resumeAt?: number; recordsBefore?: number; limits?: SplitLimits } = {}): AsyncGenerator<StreamOutput<GenbankRawValue, GenbankProgress> | StreamDeadLetter> {
  const resumeAt = opts.resumeAt ?? 0;
  let records = opts.recordsBefore ?? 0;
  let published = 0;
  try {
    const tail = new StreamTail(opts.limits?.maxRecordBytes ?? MAX_HELD_BYTES);
    for await (const record of splitGenbankRecords(tail.pass(requireGenbank(source.stream, source.uri)), opts.limits === undefined ? {} : { limits: opts.limits })) {
      const end = record.byteOffset + record.byteLength;
      const value = end <= resumeAt ? null : rawValue(record, source.uri, tail);
      tail.release(end);
      if (value === null) continue;
      if (record.overLimit !== undefined) {
        yield { deadLetter: { key: record.accession ?? `${source.uri}:${record.firstLine}`, error: limitError(record.overLimit, { ...record, source: source.uri }), value: null } };
        continue;
      }
      records++;
      published++;
      yield {
        value,
        key: record.accession ?? `${source.uri}:${record.firstLine}`,
        progress: { bytes: end, records },
        attributes: { 'strand.source.uri': source.uri, 'strand.source.line': record.firstLine },
      };
    }
  } catch (err) {
    if (err instanceof StrandError) throw err;
    // A limit of the opener (the inflate ratio) names the file and its setting already.
    if (err instanceof InputLimitError) throw new StrandError(err.code, `${err.message} (after ${published} records)`, { cause: err });
    throw new StrandError('INPUT_UNREADABLE', `${source.uri}: ${describeError(err).message} (after ${published} records)`, { cause: err });
  }
}
