import type { LimitExceeded } from './split-limits.js';
import type { RawRecordBytes } from './types.js';

/** Chunks copied back to back into one transferable buffer, with what the main thread keeps about each. */
export interface PackedBatch {
  buffer: ArrayBuffer;
  starts: Int32Array;
  textEnds: Int32Array;
  complete: Uint8Array;
  linesBefore: number[];
  byteOffsets: number[];
  byteLengths: number[];
  /** The limit a chunk broke (then it was skipped and its text is empty), or null. */
  overLimit: (LimitExceeded | null)[];
}

/**
 * Packs raw chunks (RecordSplitter.takeBytes) into batches of about `targetBytes` for the parser
 * workers: one copy per chunk into a fresh, unpooled ArrayBuffer that is transferred, never shared.
 * A chunk larger than targetBytes travels alone.
 */
export class BatchPacker {
  private buffer: Buffer;
  private used = 0;
  private starts: number[] = [];
  private textEnds: number[] = [];
  private complete: number[] = [];
  private linesBefore: number[] = [];
  private byteOffsets: number[] = [];
  private byteLengths: number[] = [];
  private overLimit: (LimitExceeded | null)[] = [];

  constructor(private readonly targetBytes: number) {
    this.buffer = Buffer.from(new ArrayBuffer(targetBytes));
  }

  get count(): number {
    return this.starts.length;
  }

  /** Whether `chunk` still fits in the current batch (an empty batch takes anything). */
  fits(chunk: RawRecordBytes): boolean {
    return this.count === 0 || this.used + chunk.textEnd <= this.buffer.length;
  }

  add(chunk: RawRecordBytes): void {
    if (!this.fits(chunk)) throw new RangeError('BatchPacker.add: the batch is full; take() it first');
    if (this.used + chunk.textEnd > this.buffer.length) this.buffer = Buffer.from(new ArrayBuffer(chunk.textEnd));
    // Only the text travels: the trailing blank lines hold nothing to parse.
    chunk.bytes.copy(this.buffer, this.used, 0, chunk.textEnd);
    this.starts.push(this.used);
    this.used += chunk.textEnd;
    this.textEnds.push(this.used);
    this.complete.push(chunk.complete ? 1 : 0);
    this.linesBefore.push(chunk.linesBefore);
    this.byteOffsets.push(chunk.byteOffset);
    this.byteLengths.push(chunk.byteLength);
    this.overLimit.push(chunk.overLimit ?? null);
  }

  /** The batch so far (null when empty); the packer starts a new one. */
  take(): PackedBatch | null {
    if (this.count === 0) return null;
    const batch: PackedBatch = {
      buffer: this.buffer.buffer as ArrayBuffer,
      starts: Int32Array.from(this.starts),
      textEnds: Int32Array.from(this.textEnds),
      complete: Uint8Array.from(this.complete),
      linesBefore: this.linesBefore,
      byteOffsets: this.byteOffsets,
      byteLengths: this.byteLengths,
      overLimit: this.overLimit,
    };
    this.buffer = Buffer.from(new ArrayBuffer(this.targetBytes));
    this.used = 0;
    this.starts = [];
    this.textEnds = [];
    this.complete = [];
    this.linesBefore = [];
    this.byteOffsets = [];
    this.byteLengths = [];
    this.overLimit = [];
    return batch;
  }
}
