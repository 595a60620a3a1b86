import type { CompoundRecord } from './compound-record.js';
import { PubchemParseError } from './pubchem-parse-error.js';
import { parseSdfRecord } from './sdf-record.js';
import { splitSdfRecords, type SplitSdfOptions } from './sdf-split.js';
import { strictUtf8Chunks } from './strict-utf8-chunks.js';

export type SdfInput = AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>;

/** One SD record's outcome: either the record, or the error with what a dead-letter entry needs. */
export type SdfParseResult =
  | { ok: true; record: CompoundRecord }
  | { ok: false; error: PubchemParseError; recordIndex: number; line: number; text: string };

/**
 * Parses an SD file record by record and never stops at a bad record: each record comes out as
 * `{ok:true, record}` or `{ok:false, error, recordIndex, line, text}`, so a caller can send the bad
 * one to a dead-letter topic and go on; a record over a size limit (INPUT_TOO_LARGE) too, without
 * being held whole. Only a failure of the input itself (unreadable stream, bytes that are not
 * UTF-8: INPUT_NOT_UTF8 with line and byte offset) is thrown.
 */
export async function* parseSdfResults(input: SdfInput, opts: SplitSdfOptions = {}): AsyncIterable<SdfParseResult> {
  for await (const { text, recordIndex, firstLine, tooLarge } of splitSdfRecords(strictUtf8Chunks(input, opts.source), { ...opts, overLimit: 'skip' })) {
    if (tooLarge !== undefined) {
      yield { ok: false, error: tooLarge, recordIndex, line: tooLarge.where.line ?? firstLine, text };
      continue;
    }
    try {
      const record = parseSdfRecord(text, { recordIndex, firstLine, ...(opts.source === undefined ? {} : { source: opts.source }) });
      yield { ok: true, record };
    } catch (error) {
      if (!(error instanceof PubchemParseError)) throw error;
      yield { ok: false, error, recordIndex, line: error.where.line ?? firstLine, text };
    }
  }
}

/**
 * Parses an SD file, streaming one record at a time. Throws the first bad record's
 * PubchemParseError (which names the record index and line); use parseSdfResults to go on past it.
 */
export async function* parseSdf(input: SdfInput, opts: SplitSdfOptions = {}): AsyncIterable<CompoundRecord> {
  for await (const result of parseSdfResults(input, opts)) {
    if (!result.ok) throw result.error;
    yield result.record;
  }
}
