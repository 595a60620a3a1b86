export type GenbankParseErrorCode =
  | 'GENBANK_NOT_A_RECORD'
  | 'GENBANK_TRUNCATED'
  | 'GENBANK_BAD_LOCUS'
  | 'GENBANK_BAD_LOCATION'
  | 'GENBANK_BAD_LINE'
  | 'INPUT_NOT_UTF8'
  | 'TEXT_HAS_NUL'
  | 'INPUT_TOO_LARGE';

/**
 * A record (or location) that cannot be parsed. Never retriable: the same bytes fail the same way,
 * so the caller dead-letters the record with this code, line and message.
 */
export class GenbankParseError extends Error {
  readonly code: GenbankParseErrorCode;
  /** 1-based line number in the original stream, when known. */
  readonly line: number | null;
  /** File name or URL the text came from, when known. */
  readonly source: string | null;
  readonly retriable = false as const;

  constructor(code: GenbankParseErrorCode, message: string, opts: { line?: number | null; source?: string | null } = {}) {
    const line = opts.line ?? null;
    const source = opts.source ?? null;
    const where = source !== null ? `${source}${line !== null ? `:${line}` : ''}: ` : line !== null ? `line ${line}: ` : '';
    super(`${where}${message}`);
    this.name = 'GenbankParseError';
    this.code = code;
    this.line = line;
    this.source = source;
  }
}
