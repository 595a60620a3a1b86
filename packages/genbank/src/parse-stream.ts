import { GenbankParseError } from './errors.js';
import type { ParseOutcome, ParseStreamOptions } from './parse-outcome.js';
import { parseInWorkers } from './parse-in-workers.js';
import { parseGenbankRecord } from './parse-record.js';
import { splitGenbankRecords } from './split-records.js';
import type { GenbankRecord } from './types.js';

/**
 * Split and parse a whole stream, one record at a time. The first record that fails to parse
 * (garbage, truncation, bad LOCUS or location) throws its GenbankParseError; callers that must
 * keep going use parseGenbankSettled (or splitGenbankRecords + parseGenbankRecord) and dead-letter
 * the failures. With `workers: N` the records are parsed in N worker threads, in the same order.
 */
export async function* parseGenbank(input: AsyncIterable<Buffer | Uint8Array | string>, opts: ParseStreamOptions = {}): AsyncIterable<GenbankRecord> {
  if ((opts.workers ?? 0) === 0) {
    for await (const raw of splitGenbankRecords(input)) {
      yield parseGenbankRecord(raw.text, { firstLine: raw.firstLine, ...(opts.source !== undefined ? { source: opts.source } : {}) });
    }
    return;
  }
  for await (const outcome of parseInWorkers(input, opts)) {
    if (!outcome.ok) throw outcome.error;
    yield outcome.record;
  }
}

/** Split and parse a whole stream, yielding every chunk's outcome (record or GenbankParseError) in order; never throws a parse error. */
export async function* parseGenbankSettled(input: AsyncIterable<Buffer | Uint8Array | string>, opts: ParseStreamOptions = {}): AsyncIterable<ParseOutcome> {
  if ((opts.workers ?? 0) !== 0) {
    yield* parseInWorkers(input, opts);
    return;
  }
  for await (const raw of splitGenbankRecords(input)) {
    const where = { firstLine: raw.firstLine, byteOffset: raw.byteOffset, byteLength: raw.byteLength };
    try {
      const record = parseGenbankRecord(raw.text, { firstLine: raw.firstLine, ...(opts.source !== undefined ? { source: opts.source } : {}) });
      yield { ok: true, record, ...where };
    } catch (error) {
      if (!(error instanceof GenbankParseError)) throw error;
      yield { ok: false, error, ...where };
    }
  }
}
