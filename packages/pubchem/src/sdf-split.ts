import { PubchemErrorCodes, PubchemParseError } from './pubchem-parse-error.js';

export interface SdfRecordText {
  /** The record's lines joined with "\n" (CR removed), without the `$$$$` terminator. */
  text: string;
  /** 0-based position of the record in the input. */
  recordIndex: number;
  /** 1-based input line of the record's first (title) line. */
  firstLine: number;
}

export interface SplitSdfOptions {
  source?: string;
  /** A record longer than this (characters) throws PUBCHEM_SDF_RECORD_TOO_LARGE. Default 16 MiB. */
  maxRecordChars?: number;
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

const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

/**
 * The one SD splitter: cuts text at `$$$$` lines as it is pushed, chunk by chunk, holding at most
 * one record. Accepts LF and CRLF, a byte order mark, and a last record without `$$$$`. Nothing is
 * validated here: that is parseSdfRecord's job, so one bad record never stops the split.
 */
class SdfSplitter {
  private pending = ''; // text after the last newline seen
  private lines: string[] = [];
  private recordChars = 0;
  private lineNumber = 0; // lines completed so far
  private firstLine = 1;
  private recordIndex = 0;
  private first = true;
  /** Set by finish() when the last record had no `$$$$` line. */
  unterminated = false;

  constructor(private readonly opts: SplitSdfOptions) {}

  /** The records completed by this text. */
  *push(text: string): Generator<SdfRecordText> {
    const maxChars = this.opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    const parts = (this.pending + text).split('\n');
    this.pending = parts.pop() ?? '';
    for (let line of parts) {
      this.lineNumber++;
      if (this.first) {
        this.first = false;
        if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      }
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.trimEnd() === '$$$$') {
        yield { text: this.lines.join('\n'), recordIndex: this.recordIndex++, firstLine: this.firstLine };
        this.lines = [];
        this.recordChars = 0;
        this.firstLine = this.lineNumber + 1;
        continue;
      }
      this.lines.push(line);
      this.recordChars += line.length + 1;
      if (this.recordChars > maxChars) {
        throw new PubchemParseError(PubchemErrorCodes.SDF_RECORD_TOO_LARGE, `SDF record exceeds ${maxChars} characters without a $$$$ line`, {
          ...(this.opts.source === undefined ? {} : { source: this.opts.source }),
          recordIndex: this.recordIndex,
          line: this.firstLine,
        });
      }
    }
  }

  /** Ends the input: the records its last line completes, then a last record that has no `$$$$` line. */
  *finish(): Generator<SdfRecordText> {
    yield* this.push('\n');
    // Whatever is left had no terminating $$$$. Keep it unless it is only blank lines.
    if (this.lines.some((line) => line.trim() !== '')) {
      this.unterminated = true;
      yield { text: this.lines.join('\n'), recordIndex: this.recordIndex, firstLine: this.firstLine };
    }
  }
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
