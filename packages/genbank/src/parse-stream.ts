import type { ParseOutcome, ParseStreamOptions } from './parse-outcome.js';
import { parseInWorkers } from './parse-in-workers.js';
import { parseSerial } from './parse-serial.js';
import type { GenbankRecord } from './types.js';

/**
 * Split and parse a whole stream, one record at a time. The first record that fails to parse
 * (garbage, truncation, bad LOCUS or location) throws its GenbankParseError; callers that must
 * keep going use parseGenbankSettled (or splitGenbankRecords + parseGenbankRecord) and dead-letter
 * the failures. With `workers: N` the records are parsed in N worker threads, in the same order.
 */
export async function* parseGenbank(input: AsyncIterable<Buffer | Uint8Array | string>, opts: ParseStreamOptions = {}): AsyncIterable<GenbankRecord> {
  for await (const outcome of parseGenbankSettled(input, opts)) {
    if (!outcome.ok) throw outcome.error;
    yield outcome.record;
  }
}

/** Split and parse a whole stream, yielding every chunk's outcome (record or GenbankParseError) in order; never throws a parse error. */
export function parseGenbankSettled(input: AsyncIterable<Buffer | Uint8Array | string>, opts: ParseStreamOptions = {}): AsyncIterable<ParseOutcome> {
  if ((opts.workers ?? 0) === 0) return parseSerial(input, { ...(opts.source !== undefined ? { source: opts.source } : {}), ...(opts.limits !== undefined ? { limits: opts.limits } : {}) });
  return parseInWorkers(input, opts);
}
