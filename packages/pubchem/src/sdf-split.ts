import { PubchemErrorCodes, PubchemParseError } from './pubchem-parse-error.js';

export interface SdfRecordText {
  /** The record's lines joined with "\n" (CR removed), without the `$$$$` terminator; empty for a record over a limit. */
  text: string;
  /** 0-based position of the record in the input. */
  recordIndex: number;
  /** 1-based input line of the record's first (title) line. */
  firstLine: number;
  /** Set (with `overLimit: 'skip'`) when the record broke a size limit and was skipped without being held: INPUT_TOO_LARGE. */
  tooLarge?: PubchemParseError;
}

export interface SplitSdfOptions {
  source?: string;
  /** Most characters of a record (its lines and their line feeds, not the `$$$$` line). Default 16 MiB. */
  maxRecordChars?: number;
  /** Most characters of a line, its line feed not counted. Default 1 MiB. */
  maxLineChars?: number;
  /**
   * What a record over a limit does: 'throw' (the default) its INPUT_TOO_LARGE error, ending the
   * split; 'skip': its lines are dropped as they arrive, up to its `$$$$` line, and a record with
   * empty text and `tooLarge` set comes out in its place, so the records after it carry on.
   */
  overLimit?: 'throw' | 'skip';
}

/** The records of an SD text held in memory, and whether it ended properly. */
export interface SdfTextSplit {
  records: SdfRecordText[];
  /**
   * False when the last record has no `$$$$` line: a file may omit it, but an answer that should
   * have one was cut off. True for a text that is empty or blank.
   */
  terminated: boolean;
}

export const DEFAULT_SDF_MAX_RECORD_CHARS = 16 * 1024 * 1024;
export const DEFAULT_SDF_MAX_LINE_CHARS = 1024 * 1024;

/**
 * The one SD splitter: cuts text at `$$$$` lines as it is pushed, chunk by chunk, holding at most
 * one record. Accepts LF and CRLF, a byte order mark, and a last record without `$$$$`. Nothing is
 * validated here: that is parseSdfRecord's job, so one bad record never stops the split. A line or
 * a record over its limit is caught as soon as it passes it (an unfinished line included), so no
 * string much larger than the limits is ever built, and each pushed text is scanned once.
 */
class SdfSplitter {
  private pending = ''; // text after the last newline seen
  /** The pending line's start was dropped (a record being skipped): it cannot be a `$$$$` line. */
  private pendingDropped = false;
  private lines: string[] = [];
  private recordChars = 0;
  private lineNumber = 0; // lines completed so far
  private firstLine = 1;
  private recordIndex = 0;
  private first = true;
  /** The error of the record being skipped (overLimit: 'skip'). */
  private skipping: PubchemParseError | null = null;
  private readonly maxRecordChars: number;
  private readonly maxLineChars: number;
  /** Set by finish() when the last record had no `$$$$` line. */
  unterminated = false;

  constructor(private readonly opts: SplitSdfOptions) {
    this.maxRecordChars = opts.maxRecordChars ?? DEFAULT_SDF_MAX_RECORD_CHARS;
    this.maxLineChars = opts.maxLineChars ?? DEFAULT_SDF_MAX_LINE_CHARS;
  }

  /** The records completed by this text. */
  *push(text: string): Generator<SdfRecordText> {
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline < 0) {
      this.pending += text;
      this.checkPending();
      return;
    }
    const parts = (this.pending + text.slice(0, lastNewline)).split('\n');
    this.pending = text.slice(lastNewline + 1);
    for (let line of parts) {
      this.lineNumber++;
      if (this.first) {
        this.first = false;
        if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      }
      if (line.endsWith('\r')) line = line.slice(0, -1);
      const dropped = this.pendingDropped;
      this.pendingDropped = false;
      if (!dropped && line.trimEnd() === '$$$$') {
        yield this.endRecord();
        continue;
      }
      if (this.skipping !== null) continue;
      if (line.length > this.maxLineChars) {
        this.overLimit('line', this.lineNumber);
        continue;
      }
      this.lines.push(line);
      this.recordChars += line.length + 1;
      if (this.recordChars > this.maxRecordChars) this.overLimit('record', this.firstLine);
    }
    this.checkPending();
  }

  /** Ends the input: the records its last line completes, then a last record that has no `$$$$` line. */
  *finish(): Generator<SdfRecordText> {
    yield* this.push('\n');
    if (this.skipping !== null) {
      this.unterminated = true;
      yield this.endRecord();
      return;
    }
    // Whatever is left had no terminating $$$$. Keep it unless it is only blank lines.
    if (this.lines.some((line) => line.trim() !== '')) {
      this.unterminated = true;
      yield { text: this.lines.join('\n'), recordIndex: this.recordIndex, firstLine: this.firstLine };
    }
  }

  /** The record a `$$$$` line (or the end) completes, and the start of the next. */
  private endRecord(): SdfRecordText {
    const where = { recordIndex: this.recordIndex++, firstLine: this.firstLine };
    const record = this.skipping !== null ? { text: '', ...where, tooLarge: this.skipping } : { text: this.lines.join('\n'), ...where };
    this.lines = [];
    this.recordChars = 0;
    this.skipping = null;
    this.firstLine = this.lineNumber + 1;
    return record;
  }

  /** The unfinished line: over a limit already, or (while skipping) dropped, so it is never rescanned or held. */
  private checkPending(): void {
    if (this.skipping !== null) {
      if (this.pending.length > this.maxLineChars) {
        this.pending = '';
        this.pendingDropped = true;
      }
      return;
    }
    if (this.pending.length > this.maxLineChars) this.overLimit('line', this.lineNumber + 1);
    else if (this.recordChars + this.pending.length > this.maxRecordChars) this.overLimit('record', this.firstLine);
    if (this.skipping !== null) {
      this.pending = '';
      this.pendingDropped = true;
    }
  }

  /** Throws the record's INPUT_TOO_LARGE error, or (overLimit: 'skip') starts skipping the record. */
  private overLimit(limit: 'record' | 'line', line: number): void {
    const error = sdfLimitError(limit, limit === 'line' ? this.maxLineChars : this.maxRecordChars, { ...this.where(), line });
    if (this.opts.overLimit !== 'skip') throw error;
    this.skipping = error;
    this.lines = [];
    this.recordChars = 0;
  }

  private where(): { source?: string; recordIndex: number } {
    return { ...(this.opts.source === undefined ? {} : { source: this.opts.source }), recordIndex: this.recordIndex };
  }
}

/** The setting that raises each SD limit (named in the error). */
const SETTINGS = { record: 'STRAND_SDF_MAX_RECORD_CHARS', line: 'STRAND_SDF_MAX_LINE_CHARS' } as const;

function sdfLimitError(limit: 'record' | 'line', max: number, where: { source?: string; recordIndex: number; line: number }): PubchemParseError {
  const what = limit === 'line' ? `SD line ${where.line} is longer than ${max} characters` : `SD record ${where.recordIndex} is larger than ${max} characters`;
  return new PubchemParseError(PubchemErrorCodes.TOO_LARGE, `${what}; the record is refused without being read whole (raise ${SETTINGS[limit]} to accept it)`, where);
}

/**
 * Splits an SD file into record texts at `$$$$` lines, reading the input chunk by chunk so that at
 * most one record is held in memory; UTF-8 split across chunk boundaries is fine.
 */
export async function* splitSdfRecords(input: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>, opts: SplitSdfOptions = {}): AsyncIterable<SdfRecordText> {
  const splitter = new SdfSplitter(opts);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of input) {
    yield* splitter.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  yield* splitter.push(decoder.decode());
  yield* splitter.finish();
}

/**
 * Splits an SD text already in memory (a PUG REST answer, a stored payload) with the same rules,
 * at once, and says whether its last record was terminated, which a cut-off answer is not.
 */
export function splitSdfText(text: string, opts: SplitSdfOptions = {}): SdfTextSplit {
  const splitter = new SdfSplitter(opts);
  const records = [...splitter.push(text), ...splitter.finish()];
  return { records, terminated: !splitter.unterminated };
}
