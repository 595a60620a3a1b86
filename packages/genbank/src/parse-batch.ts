import { parseRecordBytes, type ResidueSink } from './parse-record-bytes.js';
import { TapeWriter, type Tape } from './record-tape.js';

/** Raw chunks packed back to back in one buffer, for a worker: chunk i is bytes [starts[i], textEnds[i]). */
export interface BatchRequest {
  id: number;
  buffer: ArrayBuffer;
  starts: Int32Array;
  textEnds: Int32Array;
  /** 1 where the chunk ends with its '//' line. */
  complete: Uint8Array;
  source: string | null;
}

export interface BatchResult {
  id: number;
  /** The records that parsed, in order. */
  tape: Tape;
  /** Upper-case residues of the records whose ORIGIN block was compacted from bytes, back to back (latin1). */
  residues: ArrayBuffer;
  /** Record i's sequence is residues [residueStarts[i], residueEnds[i]) when residueStarts[i] >= 0; else its tape holds it. */
  residueStarts: Int32Array;
  residueEnds: Int32Array;
  /** Newlines in each chunk's text (for the line numbers of the chunks after it). */
  newlines: Int32Array;
  /** 1 where a chunk failed to parse; the caller parses it again, with its real line number, for the error. */
  failed: Uint8Array;
  /** The request's buffer, handed back when a chunk failed; null otherwise. */
  buffer: ArrayBuffer | null;
}

/** Parse every chunk of a batch (what a parser worker does), through parseRecordBytes. */
export function parseBatch(request: BatchRequest): BatchResult {
  const bytes = Buffer.from(request.buffer);
  const count = request.starts.length;
  const writer = new TapeWriter();
  const sink: ResidueSink = { buffer: Buffer.from(new ArrayBuffer(request.buffer.byteLength)), used: 0 };
  const residueStarts = new Int32Array(count);
  const residueEnds = new Int32Array(count);
  const newlines = new Int32Array(count);
  const failed = new Uint8Array(count);
  let anyFailed = false;
  const opts = request.source === null ? {} : { source: request.source };
  for (let i = 0; i < count; i += 1) {
    const parsed = parseRecordBytes(bytes, request.starts[i] as number, request.textEnds[i] as number, request.complete[i] === 1, sink, opts);
    newlines[i] = parsed.newlines;
    residueStarts[i] = parsed.residueStart;
    residueEnds[i] = parsed.residueEnd;
    if (parsed.record === null) {
      failed[i] = 1;
      anyFailed = true;
    } else writer.write(parsed.record);
  }
  return {
    id: request.id,
    tape: writer.finish(),
    residues: sink.buffer.buffer as ArrayBuffer,
    residueStarts,
    residueEnds,
    newlines,
    failed,
    buffer: anyFailed ? request.buffer : null,
  };
}
