import { parseGenbankRecord } from './parse-record.js';
import { splitGenbankRecords } from './split-records.js';
import type { GenbankRecord } from './types.js';

/**
 * Split and parse a whole stream, one record at a time. The first record that fails to parse
 * (garbage, truncation, bad LOCUS or location) throws its GenbankParseError; callers that must
 * keep going use splitGenbankRecords + parseGenbankRecord and dead-letter the failures.
 */
export async function* parseGenbank(
  input: AsyncIterable<Buffer | Uint8Array | string>,
  opts: { source?: string } = {},
): AsyncIterable<GenbankRecord> {
  for await (const raw of splitGenbankRecords(input)) {
    yield parseGenbankRecord(raw.text, { firstLine: raw.firstLine, ...(opts.source !== undefined ? { source: opts.source } : {}) });
  }
}
