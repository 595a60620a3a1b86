import { BatchPacker, type PackedBatch } from './batch-packer.js';
import type { BatchResult } from './parse-batch.js';
import type { ParseOutcome, ParseStreamOptions } from './parse-outcome.js';
import { TapeReader } from './record-tape.js';
import { RecordSplitter } from './split-records.js';
import { limitError } from './split-limits.js';
import { recordTextError } from './check-record-text.js';
import { reparseError } from './reparse-error.js';
import type { GenbankRecord } from './types.js';
import { ParserPool } from './worker-pool.js';

const DEFAULT_BATCH_BYTES = 1 << 20;

/**
 * Split on this thread, parse in `opts.workers` worker threads, yield outcomes in stream order.
 * Read-ahead is bounded: at most maxBatchesInFlight batches are being parsed or waiting for the
 * consumer, and the input is not read further until the oldest one has been handed out. A chunk
 * that fails in a worker is parsed again here, so its error carries its real line number.
 */
export async function* parseInWorkers(input: AsyncIterable<Buffer | Uint8Array | string>, opts: ParseStreamOptions): AsyncGenerator<ParseOutcome> {
  const workers = opts.workers ?? 1;
  const maxInFlight = opts.maxBatchesInFlight ?? 2 * workers;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxBatchesInFlight must be a positive integer, got ${maxInFlight}`);
  const batchBytes = opts.batchBytes ?? DEFAULT_BATCH_BYTES;
  if (!Number.isInteger(batchBytes) || batchBytes < 1) throw new RangeError(`batchBytes must be a positive integer, got ${batchBytes}`);
  const source = opts.source ?? null;
  const pool = new ParserPool(workers);
  const splitter = new RecordSplitter(undefined, opts.limits);
  const packer = new BatchPacker(batchBytes);
  const inFlight: { batch: PackedBatch; result: Promise<BatchResult> }[] = [];
  /** Newlines in all chunk texts handed out so far. */
  let textLines = 0;

  const dispatch = (batch: PackedBatch): void => {
    const result = pool.parse({ buffer: batch.buffer, starts: batch.starts, textEnds: batch.textEnds, complete: batch.complete, source });
    result.catch(() => {}); // awaited in order below; this only keeps a later batch's failure from being "unhandled" meanwhile
    inFlight.push({ batch, result });
  };

  function* outcomes(batch: PackedBatch, result: BatchResult): Generator<ParseOutcome> {
    const reader = new TapeReader(result.tape);
    const residues = Buffer.from(result.residues);
    const bytes = result.buffer === null ? null : Buffer.from(result.buffer);
    for (let i = 0; i < batch.starts.length; i += 1) {
      const where = { firstLine: batch.linesBefore[i] as number + textLines, byteOffset: batch.byteOffsets[i] as number, byteLength: batch.byteLengths[i] as number };
      textLines += result.newlines[i] as number;
      const over = batch.overLimit[i];
      if (over) {
        if (result.failed[i] === 0) reader.read(); // the empty text of a skipped chunk parses to nothing; keep the tape in step regardless
        yield { ok: false, error: limitError(over, { ...where, source }), ...where };
        continue;
      }
      if (result.failed[i] === 0) {
        const record = reader.read() as GenbankRecord;
        const residueStart = result.residueStarts[i] as number;
        if (residueStart >= 0) record.sequence = residues.toString('latin1', residueStart, result.residueEnds[i]);
        yield { ok: true, record, ...where };
        continue;
      }
      const recordOpts = { firstLine: where.firstLine, ...(opts.source !== undefined ? { source: opts.source } : {}) };
      const textError = recordTextError(bytes as Buffer, batch.starts[i] as number, batch.textEnds[i] as number, { ...recordOpts, byteOffset: where.byteOffset });
      const text = (bytes as Buffer).toString('utf8', batch.starts[i], batch.textEnds[i]);
      yield { ok: false, error: textError ?? reparseError(text, recordOpts), ...where };
    }
  }

  try {
    const drainTo = async function* (limit: number): AsyncGenerator<ParseOutcome> {
      while (inFlight.length > limit) {
        const oldest = inFlight.shift() as { batch: PackedBatch; result: Promise<BatchResult> };
        yield* outcomes(oldest.batch, await oldest.result);
      }
    };
    const takeAll = async function* (final: boolean): AsyncGenerator<ParseOutcome> {
      for (let chunk = splitter.takeBytes(final); chunk !== null; chunk = splitter.takeBytes(final)) {
        if (!packer.fits(chunk)) {
          dispatch(packer.take() as PackedBatch);
          yield* drainTo(maxInFlight - 1);
        }
        packer.add(chunk);
      }
    };
    for await (const piece of input) {
      splitter.push(piece);
      yield* takeAll(false);
    }
    yield* takeAll(true);
    const last = packer.take();
    if (last !== null) dispatch(last);
    yield* drainTo(0);
  } finally {
    await pool.close();
  }
}
