import { GenbankParseError } from './errors.js';

/** The most a GenBank chunk may hold before the splitter skips it instead of building it. */
export interface SplitLimits {
  /** Bytes of one record (its text, up to and including its '//' line). Default DEFAULT_MAX_RECORD_BYTES. */
  maxRecordBytes?: number;
  /** Bytes of one line, its line feed not counted. Default DEFAULT_MAX_LINE_BYTES. */
  maxLineBytes?: number;
}

/** 256 MiB: the largest GenBank records (whole chromosomes) are far below, and V8 strings stop at 512 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024;
/** 1 MiB: GenBank lines are wrapped at 80 columns; an unwrapped /translation is tens of kB. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** The setting that raises each limit (named in the error). */
export const SPLIT_LIMIT_SETTINGS = {
  record: 'STRAND_GENBANK_MAX_RECORD_BYTES',
  line: 'STRAND_GENBANK_MAX_LINE_BYTES',
} as const;

/** A chunk the splitter skipped because it broke a limit: what it yields in the chunk's place. */
export interface LimitExceeded {
  limit: keyof typeof SPLIT_LIMIT_SETTINGS;
  /** The limit, in bytes. */
  max: number;
  /** Lines from the chunk's first line to the offending line (0 for the record limit: the record's first line). */
  lineInChunk: number;
  /** The chunk's accession, when its first bytes name one. */
  accession: string | null;
}

/** The non-retriable INPUT_TOO_LARGE error for a skipped chunk, naming the source, the line, the limit and its setting. */
export function limitError(over: LimitExceeded, where: { firstLine: number; byteOffset: number; source?: string | null }): GenbankParseError {
  const setting = SPLIT_LIMIT_SETTINGS[over.limit];
  const record = over.accession !== null ? `record ${over.accession}` : 'the record';
  const what =
    over.limit === 'line'
      ? `a line of ${record} is longer than ${over.max} bytes`
      : `${record} (from line ${where.firstLine}, byte ${where.byteOffset}) is larger than ${over.max} bytes`;
  return new GenbankParseError('INPUT_TOO_LARGE', `${what}; it was skipped without being read whole (raise ${setting} to accept it)`, {
    line: where.firstLine + over.lineInChunk,
    source: where.source ?? null,
  });
}
