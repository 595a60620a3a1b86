import { GenbankParseError } from './errors.js';
import { parseGenbankRecord, type ParseRecordOptions } from './parse-record.js';

/**
 * The GenbankParseError that parseGenbankRecord gives for a chunk that failed by a faster route (from
 * bytes, or in a worker without its line number), so that every error reads the same, with its real line.
 */
export function reparseError(text: string, opts: ParseRecordOptions): GenbankParseError {
  const clean = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  try {
    parseGenbankRecord(clean, opts);
  } catch (error) {
    if (error instanceof GenbankParseError) return error;
    throw error;
  }
  throw new Error(`genbank: the chunk at line ${opts.firstLine ?? 1} failed by the fast route but parses as text`);
}
