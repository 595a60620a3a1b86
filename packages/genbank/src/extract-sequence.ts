import { GenbankParseError } from './errors.js';

/** Reused between calls: the ORIGIN block is copied here and compacted in place. */
let scratch = Buffer.allocUnsafe(1 << 20);

const SKIP = 0;
const NEWLINE = 254;
const BAD = 255;
/** Byte -> upper-case residue to keep, SKIP (digits, spaces), NEWLINE, or BAD. */
const RESIDUE = new Uint8Array(256).fill(BAD);
for (let c = 65; c <= 90; c += 1) {
  RESIDUE[c] = c;
  RESIDUE[c + 32] = c;
}
RESIDUE[42] = 42; // '*' stop codon in proteins
RESIDUE[45] = 45; // '-' alignment gap
for (const c of [32, 9, 13, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57]) RESIDUE[c] = SKIP;
RESIDUE[10] = NEWLINE;

/**
 * The sequence of the ORIGIN block text[start, end), upper case. One table-driven pass over the
 * bytes of the block (copied into a reused buffer) drops line numbers, spaces and newlines and
 * upper-cases the letters in place: no regex, no per-line strings. A line that is not a sequence
 * line (it starts with a letter) or a character that is not a residue is GENBANK_BAD_LINE.
 */
export function extractSequence(text: string, start: number, end: number, startLine: number, source: string | null): string {
  if (start >= end) return '';
  const block = text.slice(start, end);
  // latin1 copies a pure-ASCII string byte for byte (fast); otherwise UTF-8, whose bytes >= 0x80 are rejected below.
  const ascii = Buffer.byteLength(block, 'utf8') === block.length;
  const maxBytes = ascii ? block.length : block.length * 3;
  if (scratch.length < maxBytes) scratch = Buffer.allocUnsafe(Math.max(maxBytes, scratch.length * 2));
  const buf = scratch;
  const n = buf.write(block, 0, ascii ? 'latin1' : 'utf8');
  const out = compactResidues(buf, n);
  if (out < 0) {
    // Compaction overwrote the block in place: write it again to name the line of the offending byte.
    buf.write(block, 0, ascii ? 'latin1' : 'utf8');
    badLine(buf.subarray(0, n), -out - 1, startLine, source);
  }
  return buf.toString('latin1', 0, out);
}

/** Newlines seen by the last compactResidues call that succeeded (the lines of the block, for line counting). */
export const lastCompaction = { newlines: 0 };

/**
 * Compact buf[0, n) to its upper-cased residues, written to dst[0, ...): in place by default, or into
 * another buffer that does not overlap buf (then buf is left as it was). Returns their count, or -(i + 1)
 * for the first offending byte i. Kept apart from extractSequence so that V8 optimizes the loop on its own
 * (inlined into the caller, the on-stack-replaced loop kept deoptimizing on the code after it).
 */
export function compactResidues(buf: Buffer, n: number, dst: Buffer = buf): number {
  const first = buf[0] as number;
  if (n > 0 && RESIDUE[first] !== SKIP && first !== 10) return -1;
  let out = 0;
  let i = 0;
  let newlines = 0;
  const inPlace = dst === buf;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const outView = inPlace ? view : new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
  while (i < n) {
    // Fast path for a full standard line: "%9d" + 6 x (" " + 10 residues) + "\n" (76 bytes), one group at a time.
    // In place, only once the output runs 60 bytes behind: a line that turns out bad is redone by the general
    // loop, so writing its residues must not overwrite it (from the 5th line on, each line is 16 bytes further ahead).
    if ((!inPlace || out + 60 <= i) && i + 76 <= n && buf[i + 75] === 10 && isStandardLine(buf, i)) {
      // Each group of 10 is read as three (overlapping) little-endian words: bytes 0-3, 4-7 and 6-9, and checked
      // four bytes at a time (see the letter check below: `low` ANDs the x + 0x3f, `high` ORs the x + 0x25 and w).
      let low = -1;
      let high = 0;
      for (let g = i + 10; g < i + 75; g += 11) {
        const w0 = view.getInt32(g, true);
        const w1 = view.getInt32(g + 4, true);
        const w2 = view.getInt32(g + 6, true);
        const x0 = w0 & UPPER;
        const x1 = w1 & UPPER;
        const x2 = w2 & UPPER;
        low &= ((x0 + 0x3f3f3f3f) | 0) & ((x1 + 0x3f3f3f3f) | 0) & ((x2 + 0x3f3f3f3f) | 0);
        high |= ((x0 + 0x25252525) | 0) | ((x1 + 0x25252525) | 0) | ((x2 + 0x25252525) | 0) | w0 | w1 | w2;
        outView.setInt32(out, x0, true);
        outView.setInt32(out + 4, x1, true);
        outView.setInt32(out + 6, x2, true);
        out += 10;
      }
      const bad = (~low | high) & HIGH;
      if (bad === 0) {
        i += 76;
        newlines += 1;
        // As in the general loop: the next line must start like a sequence line.
        if (i < n) {
          const d = buf[i] as number;
          if (RESIDUE[d] !== SKIP && d !== 10) return -(i + 1);
        }
        continue;
      }
      out -= 60; // let the general loop below redo the line and report the offending byte
    }
    // General path, one line (or the rest of the block) at a time.
    for (; i < n; i += 1) {
      const m = RESIDUE[buf[i] as number] as number;
      if (m === SKIP) continue;
      if (m < 128) {
        dst[out++] = m;
      } else if (m === NEWLINE) {
        newlines += 1;
        i += 1;
        if (i < n) {
          const d = buf[i] as number;
          if (RESIDUE[d] !== SKIP && d !== 10) return -(i + 1);
        }
        break;
      } else {
        return -(i + 1);
      }
    }
  }
  lastCompaction.newlines = newlines;
  return out;
}

/** Clears bit 5 of each byte: a-z to A-Z. */
const UPPER = 0xdfdfdfdf | 0;
const HIGH = 0x80808080 | 0;

/*
 * The letter check of the fast path, four bytes at a time. With bit 5 cleared (x = w & UPPER), a letter
 * (A-Z, a-z) is a byte in [0x41, 0x5a]: adding 0x3f to x sets a byte's top bit when it is >= 0x41, adding
 * 0x25 when it is >= 0x5b. No carry crosses bytes while the bytes are below 0x80, and a byte >= 0x80 is
 * rejected by the top bits of w itself. So the words are all letters when every top bit of the x + 0x3f is
 * set and none of the x + 0x25 or w is. Other residues ('*', '-') go to the general loop.
 */

/** The line-number and separator bytes of a standard 76-byte sequence line are where they belong: "%9d" then a space before each group of 10. */
function isStandardLine(buf: Buffer, i: number): boolean {
  for (let k = i; k < i + 8; k += 1) if (RESIDUE[buf[k] as number] !== SKIP) return false;
  const lastDigit = buf[i + 8] as number;
  return lastDigit >= 48 && lastDigit <= 57 && buf[i + 9] === 32 && buf[i + 20] === 32 && buf[i + 31] === 32 && buf[i + 42] === 32 && buf[i + 53] === 32 && buf[i + 64] === 32;
}

function badLine(buf: Buffer, at: number, startLine: number, source: string | null): never {
  let line = startLine;
  let lineStart = 0;
  for (let i = 0; i < at; i += 1) {
    if (buf[i] === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const nl = buf.indexOf(10, lineStart);
  const content = buf.toString('utf8', lineStart, nl < 0 ? buf.length : nl);
  const ch = buf[at] as number;
  const what = at === lineStart ? 'a sequence line was expected in the ORIGIN block' : `unexpected character '${String.fromCharCode(ch)}' in the sequence`;
  throw new GenbankParseError('GENBANK_BAD_LINE', `${what}: '${content}'`, { line, source });
}
