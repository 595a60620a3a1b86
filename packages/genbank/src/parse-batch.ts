import { countNewlines } from './count-newlines.js';
import { GenbankParseError } from './errors.js';
import { parseGenbankRecord } from './parse-record.js';
import { TapeWriter, type Tape } from './record-tape.js';

/** Raw chunks packed back to back in one buffer, for a worker: chunk i is bytes [starts[i], textEnds[i]). */
export interface BatchRequest {
  id: number;
  buffer: ArrayBuffer;
  starts: Int32Array;
  textEnds: Int32Array;
  source: string | null;
}

export interface BatchResult {
  id: number;
  /** The records that parsed, in order. */
  tape: Tape;
  /** Newlines in each chunk's text (for the line numbers of the chunks after it). */
  newlines: Int32Array;
  /** 1 where a chunk failed to parse; the caller parses it again, with its real line number, for the error. */
  failed: Uint8Array;
  /** The request's buffer, handed back when a chunk failed; null otherwise. */
  buffer: ArrayBuffer | null;
}

/** Decode and parse every chunk of a batch (what a parser worker does). Only GenbankParseErrors are caught. */
export function parseBatch(request: BatchRequest): BatchResult {
  const bytes = Buffer.from(request.buffer);
  const count = request.starts.length;
  const writer = new TapeWriter();
  const newlines = new Int32Array(count);
  const failed = new Uint8Array(count);
  let anyFailed = false;
  const opts = request.source === null ? {} : { source: request.source };
  for (let i = 0; i < count; i += 1) {
    let text = bytes.toString('utf8', request.starts[i] as number, request.textEnds[i] as number);
    newlines[i] = countNewlines(text);
    if (text.includes('\r')) text = text.replace(/\r\n/g, '\n');
    try {
      writer.write(parseGenbankRecord(text, opts));
    } catch (error) {
      if (!(error instanceof GenbankParseError)) throw error;
      failed[i] = 1;
      anyFailed = true;
    }
  }
  return { id: request.id, tape: writer.finish(), newlines, failed, buffer: anyFailed ? request.buffer : null };
}
