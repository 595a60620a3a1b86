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

const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

/**
 * Splits an SD file into record texts at `$$$$` lines, reading the input chunk by chunk so that at
 * most one record is held in memory. Accepts LF and CRLF, UTF-8 split across chunk boundaries, and a
 * last record without `$$$$`. Nothing is validated here: that is parseSdfRecord's job, so one bad
 * record never stops the split.
 */
export async function* splitSdfRecords(input: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>, opts: SplitSdfOptions = {}): AsyncIterable<SdfRecordText> {
  const maxChars = opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const decoder = new TextDecoder('utf-8');
  let pending = ''; // text after the last newline seen
  let lines: string[] = [];
  let recordChars = 0;
  let lineNumber = 0; // lines completed so far
  let firstLine = 1;
  let recordIndex = 0;
  let first = true;

  function* takeLines(text: string): Generator<SdfRecordText> {
    const parts = (pending + text).split('\n');
    pending = parts.pop() ?? '';
    for (let line of parts) {
      lineNumber++;
      if (first) {
        first = false;
        if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      }
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.trimEnd() === '$$$$') {
        yield { text: lines.join('\n'), recordIndex: recordIndex++, firstLine };
        lines = [];
        recordChars = 0;
        firstLine = lineNumber + 1;
        continue;
      }
      lines.push(line);
      recordChars += line.length + 1;
      if (recordChars > maxChars) {
        throw new PubchemParseError(PubchemErrorCodes.SDF_RECORD_TOO_LARGE, `SDF record exceeds ${maxChars} characters without a $$$$ line`, {
          ...(opts.source === undefined ? {} : { source: opts.source }),
          recordIndex,
          line: firstLine,
        });
      }
    }
  }

  for await (const chunk of input) {
    yield* takeLines(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  yield* takeLines(decoder.decode() + '\n');
  // Whatever is left had no terminating $$$$. Keep it unless it is only blank lines.
  if (lines.some((line) => line.trim() !== '')) {
    yield { text: lines.join('\n'), recordIndex, firstLine };
  }
}
