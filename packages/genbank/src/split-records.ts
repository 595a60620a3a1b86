import { looksLikeDivisionHeader } from '@strand/input';
import { ByteWindow } from './byte-window.js';
import { countNewlines } from './count-newlines.js';
import { parseDivisionHeader } from './division-header.js';
import { peekAccession } from './peek-accession.js';
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_RECORD_BYTES, type LimitExceeded, type SplitLimits } from './split-limits.js';
import type { DivisionHeader, RawGenbankRecord, RawRecordBytes } from './types.js';

const SLASHES = Buffer.from('//');
const LOCUS = Buffer.from('LOCUS');
const LF = Buffer.from('\n');
/**
 * Most bytes of blank lines after a '//' line counted in that chunk's byteLength. Blank lines past
 * this are skipped as blank lines before the next chunk (its byteOffset says where it starts), so a
 * record followed by gigabytes of newlines is yielded without waiting for, or holding, the blank tail.
 */
export const MAX_TRAILING_BLANK_BYTES = 1 << 16;
/** Bytes of a skipped chunk's head searched for its accession. */
const PEEK_BYTES = 4096;
const EMPTY = Buffer.alloc(0);
/** nextSpan's answer when the chunk broke a limit: the splitter is now skipping it. */
const SKIP = Symbol('skip');

/** A chunk being skipped because it broke a limit; its bytes are dropped as they arrive. */
interface Skipping {
  exceeded: LimitExceeded;
  firstLine: number;
  byteOffset: number;
  /** The window head is still the chunk's first byte (a line start). */
  atLineStart: boolean;
  /** The chunk's '//' line has begun; only its line feed is awaited. */
  inTerminator: boolean;
}

/** What the splitter yields in place of a skipped chunk. */
interface Skipped {
  exceeded: LimitExceeded;
  firstLine: number;
  byteOffset: number;
  byteLength: number;
  accession: string | null;
}

interface ChunkSpan {
  /** End of the chunk text (after its '//' line). */
  textEnd: number;
  /** textEnd plus the blank lines that follow. */
  byteLength: number;
  complete: boolean;
}

export interface SplitOptions {
  onHeader?: (header: DivisionHeader) => void;
  /** Most bytes per record and per line; a chunk that breaks one is skipped (see RecordSplitter). */
  limits?: SplitLimits;
}

/**
 * Split a (decompressed) GenBank byte stream into raw record texts, one at a time, holding at most
 * one record plus one input chunk in memory.
 *
 * A chunk runs from its first non-blank line to its '//' line, or up to (not including) the next
 * line that starts with LOCUS (then complete=false: a truncated record, or stray text), or to the
 * end of the stream. Blank lines after a '//' line are counted in that chunk's byteLength (up to
 * MAX_TRAILING_BLANK_BYTES of them), so byteOffset + byteLength is where the next chunk starts
 * unless more blank lines than that come between. Stray text before the first LOCUS that
 * looks like an NCBI release division header goes to opts.onHeader instead of being yielded.
 *
 * A chunk longer than opts.limits.maxRecordBytes, or holding a line longer than maxLineBytes, is
 * never held whole: as soon as it breaks the limit its bytes are dropped as they arrive, up to its
 * end, and a chunk with empty text and `overLimit` set is yielded in its place (see limitError).
 */
export async function* splitGenbankRecords(
  input: AsyncIterable<Buffer | Uint8Array | string>,
  opts: SplitOptions = {},
): AsyncIterable<RawGenbankRecord> {
  const splitter = new RecordSplitter(opts.onHeader, opts.limits);
  for await (const piece of input) {
    splitter.push(piece);
    for (let r = splitter.take(false); r !== null; r = splitter.take(false)) yield r;
  }
  for (let r = splitter.take(true); r !== null; r = splitter.take(true)) yield r;
}

/** The synchronous core of splitGenbankRecords: push bytes, take records. */
export class RecordSplitter {
  private readonly window = new ByteWindow();
  private byteOffset = 0;
  private line = 1;
  /** Where to resume searching for a chunk end, relative to the window head. */
  private scanFrom = 0;
  private atStreamStart = true;
  /** How far trailingBlankEnd got for the pending chunk (relative to the window head; 0: not started), and the end of its whole blank lines. */
  private blankScanned = 0;
  private blankEnd = 0;
  /** Start of the line the long-line check has reached in the pending chunk (relative to the window head). */
  private lineStart = 0;
  /** End of the pending chunk's text while its trailing blank lines are awaited; -1 otherwise. */
  private pendingTextEnd = -1;
  private skipping: Skipping | null = null;
  private readonly maxRecordBytes: number;
  private readonly maxLineBytes: number;

  constructor(
    private readonly onHeader?: (header: DivisionHeader) => void,
    limits: SplitLimits = {},
  ) {
    this.maxRecordBytes = limits.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.maxLineBytes = limits.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  push(piece: Buffer | Uint8Array | string): void {
    if (typeof piece === 'string') this.window.append(Buffer.from(piece, 'utf8'));
    else if (Buffer.isBuffer(piece)) this.window.append(piece);
    else this.window.append(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
  }

  /** The next complete chunk, or null when more input is needed (or, with final, when the stream is exhausted). */
  take(final: boolean): RawGenbankRecord | null {
    for (;;) {
      const skipped = this.skipOverLimit(final);
      if (skipped === null) return null;
      if (skipped !== undefined) {
        const { exceeded, ...where } = skipped;
        return { text: '', ...where, complete: false, overLimit: exceeded };
      }
      if (!this.skipBlankLines(final)) return null;
      const chunk = this.nextChunk(final);
      if (chunk === SKIP) continue;
      if (chunk === null) return null;
      if (this.atStreamStart && !chunk.complete && !chunk.text.startsWith('LOCUS') && looksLikeDivisionHeader(chunk.text)) {
        this.atStreamStart = false;
        this.onHeader?.(parseDivisionHeader(chunk.text));
        continue;
      }
      this.atStreamStart = false;
      return chunk;
    }
  }

  /** Drop whole blank lines at the head. Returns false when the window holds nothing but blank space. */
  private skipBlankLines(final: boolean): boolean {
    const w = this.window;
    let lineStart = 0;
    let newlines = 0;
    let i = 0;
    for (; i < w.length; i += 1) {
      const c = w.at(i);
      if (c === 10) {
        lineStart = i + 1;
        newlines += 1;
      } else if (c !== 32 && c !== 9 && c !== 13) break;
    }
    const allBlank = i === w.length;
    // A blank line longer than the line limit is dropped as it arrives, so it is not scanned again and again.
    const drop = allBlank && (final || w.length - lineStart > this.maxLineBytes) ? w.length : lineStart;
    if (drop > 0) {
      w.consume(drop);
      this.byteOffset += drop;
      this.line += newlines;
      this.scanFrom = Math.max(0, this.scanFrom - drop);
    }
    return !allBlank;
  }

  /**
   * The next chunk as bytes, for parsing elsewhere (a worker thread): `bytes` views the window and is
   * valid until the next push or take. Nothing is decoded and the chunk's own lines are not counted:
   * `linesBefore` counts only the blank lines this splitter skipped so far, so the chunk's first line
   * is linesBefore + the newlines of all earlier chunks' [0, textEnd). Do not mix with take().
   */
  takeBytes(final: boolean): RawRecordBytes | null {
    for (;;) {
      const skipped = this.skipOverLimit(final);
      if (skipped === null) return null;
      if (skipped !== undefined) {
        const { exceeded, firstLine, byteOffset, byteLength } = skipped;
        return { bytes: EMPTY, textEnd: 0, linesBefore: firstLine, byteOffset, byteLength, complete: false, overLimit: exceeded };
      }
      if (!this.skipBlankLines(final)) return null;
      const span = this.nextSpan(final);
      if (span === SKIP) continue;
      if (span === null) return null;
      const w = this.window;
      if (this.atStreamStart && !span.complete && !w.startsWith(LOCUS)) {
        const text = w.toString(0, span.textEnd);
        if (looksLikeDivisionHeader(text)) {
          this.atStreamStart = false;
          this.onHeader?.(parseDivisionHeader(text));
          this.line += countNewlines(text);
          this.consumeSpan(span);
          continue;
        }
      }
      this.atStreamStart = false;
      const record: RawRecordBytes = {
        bytes: w.view(0, span.byteLength),
        textEnd: span.textEnd,
        linesBefore: this.line,
        byteOffset: this.byteOffset,
        byteLength: span.byteLength,
        complete: span.complete,
      };
      this.consumeSpan(span);
      return record;
    }
  }

  private nextChunk(final: boolean): RawGenbankRecord | null | typeof SKIP {
    const span = this.nextSpan(final);
    if (span === null || span === SKIP) return span;
    let text = this.window.toString(0, span.textEnd);
    const firstLine = this.line;
    this.line += countNewlines(text);
    if (text.includes('\r')) text = text.replace(/\r\n/g, '\n');
    const record: RawGenbankRecord = {
      text,
      firstLine,
      byteOffset: this.byteOffset,
      byteLength: span.byteLength,
      accession: peekAccession(text),
      complete: span.complete,
    };
    this.consumeSpan(span);
    return record;
  }

  /**
   * Where the chunk at the window head ends, or null when more input is needed; SKIP when the chunk
   * (so far) breaks a limit, which starts skipping it.
   */
  private nextSpan(final: boolean): ChunkSpan | null | typeof SKIP {
    const span = this.findSpan(final);
    const textEnd = span !== null ? span.textEnd : this.pendingTextEnd >= 0 ? this.pendingTextEnd : this.window.length;
    const longLine = this.findLongLine(textEnd);
    if (longLine >= 0) return this.startSkipping('line', this.maxLineBytes, this.countNewlineBytes(0, longLine));
    if (textEnd > this.maxRecordBytes) return this.startSkipping('record', this.maxRecordBytes, 0);
    return span;
  }

  /**
   * Moves the long-line check over the pending chunk up to `to`: the start of a line longer than
   * maxLineBytes, or -1. Each step looks for the last line feed among the maxLineBytes + 1 bytes after
   * a line start (found within a line or two from that end), so a chunk of short lines costs about one
   * short search per maxLineBytes bytes, and a partial last line is only judged once it is too long.
   */
  private findLongLine(to: number): number {
    let lineStart = this.lineStart;
    while (to - lineStart > this.maxLineBytes) {
      const lf = this.window.lastIndexOf(10, lineStart, lineStart + this.maxLineBytes + 1);
      if (lf < 0) return lineStart;
      lineStart = lf + 1;
    }
    this.lineStart = lineStart;
    return -1;
  }

  private startSkipping(limit: LimitExceeded['limit'], max: number, lineInChunk: number): typeof SKIP {
    const w = this.window;
    const accession = peekAccession(w.toString(0, Math.min(w.length, PEEK_BYTES)));
    this.skipping = {
      exceeded: { limit, max, lineInChunk, accession: accession !== null && accession.length <= 64 ? accession : null },
      firstLine: this.line,
      byteOffset: this.byteOffset,
      atLineStart: true,
      inTerminator: false,
    };
    this.atStreamStart = false;
    return SKIP;
  }

  /**
   * While a chunk is being skipped: drops its bytes up to its end (a '//' line, or the next LOCUS
   * line) and returns what to yield in its place, or null when more input is needed (its bytes so
   * far dropped, but for the few a terminator may start with). Undefined when nothing is skipped.
   */
  private skipOverLimit(final: boolean): Skipped | null | undefined {
    const s = this.skipping;
    if (s === null) return undefined;
    const w = this.window;
    let end = -1;
    let terminatorStart = -1;
    if (s.inTerminator || (s.atLineStart && w.startsWith(SLASHES))) terminatorStart = 0;
    else {
      const slashes = this.newlineBefore(SLASHES, 0, w.length);
      const locus = this.newlineBefore(LOCUS, 0, slashes < 0 ? w.length : slashes);
      if (locus >= 0) end = locus + 1;
      else if (slashes >= 0) terminatorStart = slashes + 1;
    }
    if (end < 0 && terminatorStart >= 0) {
      const lf = w.indexOf(LF, terminatorStart);
      if (lf >= 0) end = lf + 1;
      else if (!final) {
        s.inTerminator = true;
        this.discard(w.length);
        return null;
      }
    }
    if (end < 0 && !final) {
      this.discard(Math.max(0, w.length - LOCUS.length - 1));
      return null;
    }
    this.discard(end < 0 ? w.length : end);
    this.skipping = null;
    return { exceeded: s.exceeded, firstLine: s.firstLine, byteOffset: s.byteOffset, byteLength: this.byteOffset - s.byteOffset, accession: s.exceeded.accession };
  }

  /** Drops the first n bytes of a chunk being skipped, counting their lines. */
  private discard(n: number): void {
    if (n === 0) return;
    if (this.skipping !== null) this.skipping.atLineStart = false;
    this.line += this.countNewlineBytes(0, n);
    this.window.consume(n);
    this.byteOffset += n;
    this.scanFrom = 0;
    this.lineStart = 0;
    this.pendingTextEnd = -1;
    this.blankScanned = 0;
    this.blankEnd = 0;
  }

  /** Where the chunk at the window head ends, or null when more input is needed. Moves scanFrom only. */
  private findSpan(final: boolean): ChunkSpan | null {
    const w = this.window;
    this.pendingTextEnd = -1;
    let textEnd = -1;
    let complete = false;
    let terminatorStart = -1;
    if (w.startsWith(SLASHES)) terminatorStart = 0;
    else {
      const slashes = this.newlineBefore(SLASHES, this.scanFrom, w.length);
      const locusSearchEnd = slashes < 0 ? w.length : slashes;
      const locus = this.newlineBefore(LOCUS, this.scanFrom, locusSearchEnd);
      if (locus >= 0) textEnd = locus + 1;
      else if (slashes >= 0) terminatorStart = slashes + 1;
      else if (final) textEnd = w.length;
      else {
        this.scanFrom = Math.max(0, w.length - LOCUS.length - 1);
        return null;
      }
    }
    if (terminatorStart < 0) return { textEnd, byteLength: textEnd, complete };
    const lf = w.indexOf(LF, terminatorStart);
    if (lf < 0 && !final) {
      this.scanFrom = Math.max(0, terminatorStart - 1);
      return null;
    }
    textEnd = lf < 0 ? w.length : lf + 1;
    complete = true;
    const blankEnd = this.trailingBlankEnd(textEnd, final);
    if (blankEnd < 0) {
      this.scanFrom = Math.max(0, terminatorStart - 1);
      this.pendingTextEnd = textEnd;
      return null;
    }
    return { textEnd, byteLength: blankEnd, complete };
  }

  /** Drop a chunk from the window; counts the newlines of its trailing blank lines (the caller counts the text's). */
  private consumeSpan(span: ChunkSpan): void {
    this.line += this.countNewlineBytes(span.textEnd, span.byteLength);
    this.window.consume(span.byteLength);
    this.byteOffset += span.byteLength;
    this.scanFrom = 0;
    this.blankScanned = 0;
    this.blankEnd = 0;
    this.lineStart = 0;
    this.pendingTextEnd = -1;
  }

  /**
   * End of the whole blank lines that follow `from` (at most MAX_TRAILING_BLANK_BYTES of them); -1 when
   * the window ends inside blank space and more may come. Resumes where the previous call for the same
   * chunk stopped, so a long blank tail arriving piece by piece is scanned once.
   */
  private trailingBlankEnd(from: number, final: boolean): number {
    const w = this.window;
    const limit = Math.min(w.length, from + MAX_TRAILING_BLANK_BYTES);
    let end = this.blankScanned > from ? this.blankEnd : from;
    let i = Math.max(from, this.blankScanned);
    for (; i < limit; i += 1) {
      const c = w.at(i);
      if (c === 10) end = i + 1;
      else if (c !== 32 && c !== 9 && c !== 13) return end;
    }
    if (i === from + MAX_TRAILING_BLANK_BYTES || final) return final && i === w.length && i < from + MAX_TRAILING_BLANK_BYTES ? w.length : end;
    this.blankScanned = i;
    this.blankEnd = end;
    return -1;
  }

  /**
   * Offset of a '\n' in [from, end) that is followed by needle (which may run past `end`), or -1: where
   * a line starting with needle begins, less one. Searching for the needle alone and checking the byte
   * before is several times faster than searching for '\n' + needle, whose first byte is on every line.
   */
  private newlineBefore(needle: Buffer, from: number, end: number): number {
    const w = this.window;
    const limit = Math.min(w.length, end + needle.length);
    for (let at = w.indexOf(needle, from + 1, limit); at >= 0; at = w.indexOf(needle, at + 1, limit)) {
      if (w.at(at - 1) === 10) return at - 1;
    }
    return -1;
  }

  private countNewlineBytes(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i += 1) if (this.window.at(i) === 10) n += 1;
    return n;
  }
}
