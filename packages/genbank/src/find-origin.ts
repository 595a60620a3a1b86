const LF_ORIGIN = Buffer.from('\nORIGIN');
const LF_SLASHES = Buffer.from('\n//');

/** Where the ORIGIN block of a complete record's bytes lies: [blockStart, blockEnd), between the ORIGIN line and the '//' line. */
export interface OriginBlock {
  /** Offset just after the ORIGIN line's newline. */
  blockStart: number;
  /** Offset of the '//' line. */
  blockEnd: number;
}

/**
 * Find the ORIGIN block in bytes [start, end) of a record that ends with its '//' line, without decoding
 * anything, so that the sequence can be compacted byte for byte. Null when there is no ORIGIN line (or
 * no '//' line): the caller parses the text as usual. An ORIGIN line is a line that starts with
 * ORIGIN followed by blanks to column 12 (the keyword rule of parseGenbankRecord).
 */
export function findOriginBlock(bytes: Buffer, start: number, end: number): OriginBlock | null {
  const record = bytes.subarray(start, end);
  const slashes = record.lastIndexOf(LF_SLASHES);
  if (slashes < 0) return null;
  for (let at = record.indexOf(LF_ORIGIN); at >= 0 && at < slashes; at = record.indexOf(LF_ORIGIN, at + 1)) {
    const lineStart = at + 1;
    if (!isOriginKeyword(record, lineStart)) continue;
    const nl = record.indexOf(10, lineStart);
    if (nl < 0 || nl > slashes) return null;
    return { blockStart: start + nl + 1, blockEnd: start + slashes + 1 };
  }
  return null;
}

/** Columns 7-12 of the line are blank (or the line ends): the keyword is exactly ORIGIN. */
function isOriginKeyword(record: Buffer, lineStart: number): boolean {
  for (let i = lineStart + 6; i < lineStart + 12 && i < record.length; i += 1) {
    const c = record[i] as number;
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
