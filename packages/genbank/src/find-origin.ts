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
 * no '//' line, or the last line starting with ORIGIN is not an ORIGIN keyword line): the caller parses the
 * text as usual. An ORIGIN line starts with ORIGIN followed by blanks to column 12 (the keyword rule of
 * parseGenbankRecord).
 */
export function findOriginBlock(bytes: Buffer, start: number, end: number): OriginBlock | null {
  const record = bytes.subarray(start, end);
  const slashes = record.lastIndexOf(LF_SLASHES);
  if (slashes < 0) return null;
  // Searched backwards: the block is at the end, and the header and features before it are most of a
  // feature-rich record. If the last ORIGIN line is not the only one, the text before it holds the
  // other, and parsing that text fails as parsing the whole text does (an ORIGIN line inside a block).
  const at = record.lastIndexOf(LF_ORIGIN, slashes);
  if (at < 0 || !isOriginKeyword(record, at + 1)) return null;
  const nl = record.indexOf(10, at + 1);
  if (nl < 0 || nl > slashes) return null;
  return { blockStart: start + nl + 1, blockEnd: start + slashes + 1 };
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
