import type { ParseOutcome } from './parse-outcome.js';
import { recordTextError } from './check-record-text.js';
import { reparseError } from './reparse-error.js';
import { parseRecordBytes, type ResidueSink } from './parse-record-bytes.js';
import { RecordSplitter } from './split-records.js';
import { limitError, type SplitLimits } from './split-limits.js';
import type { RawRecordBytes } from './types.js';

/**
 * Split and parse on the calling thread, from bytes (RecordSplitter.takeBytes + parseRecordBytes: no
 * string is made of the ORIGIN blocks). A chunk that does not parse is parsed again as text for its
 * GenbankParseError, which is yielded, not thrown.
 */
export async function* parseSerial(input: AsyncIterable<Buffer | Uint8Array | string>, opts: { source?: string; limits?: SplitLimits }): AsyncGenerator<ParseOutcome> {
  const splitter = new RecordSplitter(undefined, opts.limits);
  const sink: ResidueSink = { buffer: Buffer.allocUnsafe(1 << 20), used: 0 };
  let textLines = 0;
  const parse = (chunk: RawRecordBytes): ParseOutcome => {
    const where = { firstLine: chunk.linesBefore + textLines, byteOffset: chunk.byteOffset, byteLength: chunk.byteLength };
    const recordOpts = { firstLine: where.firstLine, ...(opts.source !== undefined ? { source: opts.source } : {}) };
    if (chunk.overLimit !== undefined) return { ok: false, error: limitError(chunk.overLimit, { ...where, source: opts.source ?? null }), ...where };
    if (sink.buffer.length < chunk.textEnd) sink.buffer = Buffer.allocUnsafe(Math.max(chunk.textEnd, 2 * sink.buffer.length));
    sink.used = 0;
    const parsed = parseRecordBytes(chunk.bytes, 0, chunk.textEnd, chunk.complete, sink, recordOpts);
    textLines += parsed.newlines;
    if (parsed.record === null) {
      const error = recordTextError(chunk.bytes, 0, chunk.textEnd, { ...recordOpts, byteOffset: chunk.byteOffset }) ?? reparseError(chunk.bytes.toString('utf8', 0, chunk.textEnd), recordOpts);
      return { ok: false, error, ...where };
    }
    if (parsed.residueStart >= 0) parsed.record.sequence = sink.buffer.toString('latin1', parsed.residueStart, parsed.residueEnd);
    return { ok: true, record: parsed.record, ...where };
  };
  for await (const piece of input) {
    splitter.push(piece);
    for (let chunk = splitter.takeBytes(false); chunk !== null; chunk = splitter.takeBytes(false)) yield parse(chunk);
  }
  for (let chunk = splitter.takeBytes(true); chunk !== null; chunk = splitter.takeBytes(true)) yield parse(chunk);
}
