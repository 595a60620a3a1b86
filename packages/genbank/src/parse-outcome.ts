import type { GenbankParseError } from './errors.js';
import type { SplitLimits } from './split-limits.js';
import type { GenbankRecord } from './types.js';

/** One chunk of a stream, parsed or rejected; where it was in the stream either way. */
export type ParseOutcome =
  | { ok: true; record: GenbankRecord; firstLine: number; byteOffset: number; byteLength: number }
  | { ok: false; error: GenbankParseError; firstLine: number; byteOffset: number; byteLength: number };

export interface ParseStreamOptions {
  /** File name or URL, used in error messages. */
  source?: string;
  /** Parse in this many worker threads (0, the default: on the calling thread). Records still come out in stream order. */
  workers?: number;
  /** Batches of about this many bytes go to the workers (default 1 MiB). */
  batchBytes?: number;
  /** At most this many batches are read ahead of the consumer (default 2 per worker): bounds memory. */
  maxBatchesInFlight?: number;
  /** Most bytes per record and per line: a chunk that breaks one is an INPUT_TOO_LARGE outcome, never read whole. */
  limits?: SplitLimits;
}
