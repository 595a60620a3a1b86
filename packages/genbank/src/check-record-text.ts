import { isUtf8 } from 'node:buffer';
import { countLineFeeds, firstInvalidUtf8 } from '@strand/input';
import { GenbankParseError } from './errors.js';

export interface RecordTextWhere {
  /** Line of the source where bytes[start] sits (default 1). */
  firstLine?: number;
  /** File name or URL the record came from. */
  source?: string | null;
  /** Offset in the source of bytes[start], when known: the error then gives the byte's offset in the source. */
  byteOffset?: number | null;
}

/**
 * Refuses a record whose text would be changed or refused further down, instead of letting it be
 * changed silently: bytes that are not well-formed UTF-8 (decoding would put U+FFFD in their place)
 * throw INPUT_NOT_UTF8 naming the line and byte offset; a NUL byte (PostgreSQL text cannot hold
 * U+0000) throws TEXT_HAS_NUL naming the field it is in (DEFINITION, a qualifier, ...) and the line.
 * Both are GenbankParseErrors (never retriable), so a stage dead-letters the record. Well-formed
 * input costs two native scans (buffer.isUtf8, indexOf).
 */
export function checkRecordText(bytes: Buffer, start: number, end: number, where: RecordTextWhere = {}): void {
  const error = recordTextError(bytes, start, end, where);
  if (error !== null) throw error;
}

/** Whether bytes [start, end) pass checkRecordText: well-formed UTF-8 without NUL (two native scans). */
export function isCleanRecordText(bytes: Buffer, start: number, end: number): boolean {
  const nul = bytes.indexOf(0, start);
  return (nul === -1 || nul >= end) && isUtf8(bytes.subarray(start, end));
}

/** The error checkRecordText throws for bytes [start, end), or null when they are clean. */
export function recordTextError(bytes: Buffer, start: number, end: number, where: RecordTextWhere = {}): GenbankParseError | null {
  if (isCleanRecordText(bytes, start, end)) return null;
  const firstLine = where.firstLine ?? 1;
  const source = where.source ?? null;
  const bad = firstInvalidUtf8(bytes, start, end);
  if (bad >= 0) {
    const line = firstLine + countLineFeeds(bytes, start, bad);
    const lineStart = Math.max(start, bytes.lastIndexOf(10, bad - 1) + 1);
    const offset = where.byteOffset !== undefined && where.byteOffset !== null ? `byte offset ${where.byteOffset + (bad - start)}` : `byte ${bad - start} of the record`;
    return new GenbankParseError('INPUT_NOT_UTF8', `not well-formed UTF-8 at ${offset} (column ${bad - lineStart + 1}, byte 0x${bytes[bad]!.toString(16).padStart(2, '0')}); the record is refused rather than stored with U+FFFD in place of the bad bytes`, { line, source });
  }
  const nul = bytes.indexOf(0, start);
  if (nul >= 0 && nul < end) {
    const line = firstLine + countLineFeeds(bytes, start, nul);
    return new GenbankParseError('TEXT_HAS_NUL', `NUL character (U+0000) in ${fieldAt(bytes, start, nul)}, which PostgreSQL text cannot store`, { line, source });
  }
  return null;
}

/**
 * The field holding byte `at`, from the lines up to it: a header keyword (DEFINITION, ORGANISM,
 * AUTHORS, ...), a feature qualifier (`FEATURES CDS /product`, or its name), a feature location, or
 * the ORIGIN block.
 */
function fieldAt(bytes: Buffer, start: number, at: number): string {
  let qualifier: string | null = null;
  const nulLineEnd = bytes.indexOf(10, at);
  let lineEnd = nulLineEnd === -1 ? bytes.length : nulLineEnd;
  for (let onNulLine = true; lineEnd > start || onNulLine; onNulLine = false) {
    const lineStart = lineEnd <= start ? start : Math.max(start, bytes.lastIndexOf(10, lineEnd - 1) + 1);
    const text = bytes.toString('latin1', lineStart, lineEnd);
    const q = /^ {21}\/([^=]*)/.exec(text);
    const feature = /^ {5}(\S+)/.exec(text);
    const keyword = /^ {0,3}([A-Z][A-Z_]*)/.exec(text);
    if (q && qualifier === null) {
      const name = q[1]!.replace(/\0/g, '\\0');
      qualifier = onNulLine && at - lineStart < 22 + q[1]!.length ? `the name of qualifier /${name}` : `qualifier /${name}`;
    } else if (feature) {
      const key = feature[1]!.replace(/\0/g, '\\0');
      return qualifier !== null ? `${qualifier} of feature ${key}` : `the location of feature ${key}`;
    } else if (keyword) {
      return keyword[1] === 'FEATURES' && qualifier !== null ? qualifier : keyword[1]!;
    }
    lineEnd = lineStart - 1;
  }
  return qualifier ?? 'the record text';
}
