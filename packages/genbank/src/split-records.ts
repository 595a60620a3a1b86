import { looksLikeDivisionHeader } from '@strand/input';
import { ByteWindow } from './byte-window.js';
import { countNewlines } from './count-newlines.js';
import { parseDivisionHeader } from './division-header.js';
import { peekAccession } from './peek-accession.js';
import type { DivisionHeader, RawGenbankRecord, RawRecordBytes } from './types.js';

const SLASHES = Buffer.from('//');
const LOCUS = Buffer.from('LOCUS');
const LF = Buffer.from('\n');

interface ChunkSpan {
  /** End of the chunk text (after its '//' line). */
  textEnd: number;
  /** textEnd plus the blank lines that follow. */
  byteLength: number;
  complete: boolean;
}

export interface SplitOptions {
  onHeader?: (header: DivisionHeader) => void;
}

/**
 * Split a (decompressed) GenBank byte stream into raw record texts, one at a time, holding at most
 * one record plus one input chunk in memory.
 *
 * A chunk runs from its first non-blank line to its '//' line, or up to (not including) the next
 * line that starts with LOCUS (then complete=false: a truncated record, or stray text), or to the
 * end of the stream. Blank lines after a '//' line are counted in that chunk's byteLength, so
 * byteOffset + byteLength is where the next chunk starts. Stray text before the first LOCUS that
 * looks like an NCBI release division header goes to opts.onHeader instead of being yielded.
 */
export async function* splitGenbankRecords(
  input: AsyncIterable<Buffer | Uint8Array | string>,
  opts: SplitOptions = {},
): AsyncIterable<RawGenbankRecord> {
  const splitter = new RecordSplitter(opts.onHeader);
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

  constructor(private readonly onHeader?: (header: DivisionHeader) => void) {}

  push(piece: Buffer | Uint8Array | string): void {
    if (typeof piece === 'string') this.window.append(Buffer.from(piece, 'utf8'));
    else if (Buffer.isBuffer(piece)) this.window.append(piece);
    else this.window.append(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
  }

  /** The next complete chunk, or null when more input is needed (or, with final, when the stream is exhausted). */
  take(final: boolean): RawGenbankRecord | null {
    for (;;) {
      if (!this.skipBlankLines(final)) return null;
      const chunk = this.nextChunk(final);
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
    const drop = allBlank && final ? w.length : lineStart;
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
      if (!this.skipBlankLines(final)) return null;
      const span = this.nextSpan(final);
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

  private nextChunk(final: boolean): RawGenbankRecord | null {
    const span = this.nextSpan(final);
    if (span === null) return null;
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

  /** Where the chunk at the window head ends, or null when more input is needed. Moves scanFrom only. */
  private nextSpan(final: boolean): ChunkSpan | null {
    const w = this.window;
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
  }

  /** End of the whole blank lines that follow `from`; -1 when the window ends inside blank space and more may come. */
  private trailingBlankEnd(from: number, final: boolean): number {
    const w = this.window;
    let end = from;
    for (let i = from; i < w.length; i += 1) {
      const c = w.at(i);
      if (c === 10) end = i + 1;
      else if (c !== 32 && c !== 9 && c !== 13) return end;
    }
    return final ? w.length : -1;
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
