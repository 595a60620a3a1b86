import { isUtf8 } from 'node:buffer';

/**
 * Where the first byte that is not well-formed UTF-8 sits in bytes [start, end), or -1 when the
 * range is well formed. The common case costs one native check (buffer.isUtf8); the position is
 * looked for only when that fails. A sequence cut by `end` counts as malformed at its first byte.
 * Rules of the WHATWG decoder (what a fatal TextDecoder refuses): no overlong forms, no surrogates
 * (ED A0..BF), nothing above U+10FFFF.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (isUtf8(bytes.subarray(start, end))) return -1;
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= end) return i; // cut by the end of the range
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k += 1) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Newlines (LF) in bytes [start, end): the line of a byte is 1 + the newlines before it. */
export function countLineFeeds(bytes: Uint8Array, start: number, end: number): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let at = buf.indexOf(10, start); at !== -1 && at < end; at = buf.indexOf(10, at + 1)) n += 1;
  return n;
}

/** Where bytes stop being well-formed UTF-8: offset from the start of the range, 1-based line and column (in bytes), and the byte. */
export interface Utf8Problem {
  offset: number;
  line: number;
  column: number;
  byte: number;
}

/** The first malformed byte of bytes [start, end) with its line and column, or null when the range is well formed. */
export function locateInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): Utf8Problem | null {
  const at = firstInvalidUtf8(bytes, start, end);
  if (at < 0) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lineStart = at > start ? Math.max(start, buf.lastIndexOf(10, at - 1) + 1) : start;
  return { offset: at - start, line: 1 + countLineFeeds(bytes, start, at), column: at - lineStart + 1, byte: bytes[at]! };
}

/** "not well-formed UTF-8 at byte offset N (line L, column C, byte 0xXX)", with `base` added to the offset (where the range starts in its file). */
export function describeUtf8Problem(problem: Utf8Problem, base = 0, firstLine = 1): string {
  return `not well-formed UTF-8 at byte offset ${base + problem.offset} (line ${firstLine + problem.line - 1}, column ${problem.column}, byte 0x${problem.byte.toString(16).padStart(2, '0')})`;
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes UTF-8 as a WHATWG decoder does (a leading byte order mark is dropped), but never puts
 * U+FFFD in place of bad bytes: returns the problem instead.
 */
export function decodeUtf8Strict(bytes: Uint8Array): { text: string } | { problem: Utf8Problem } {
  try {
    return { text: fatalDecoder.decode(bytes) };
  } catch {
    const problem = locateInvalidUtf8(bytes);
    if (problem === null) throw new Error('decodeUtf8Strict: the decoder refused bytes that buffer.isUtf8 accepts');
    return { problem };
  }
}
