import { StrandError } from '@strand/runtime';

/**
 * Codes raised while reading PubChem payloads. None is retriable except SERVER_BUSY (a PubChem
 * ServerBusy or Timeout fault). Declared in @strand/runtime's catalogue.
 */
export const PubchemErrorCodes = {
  BAD_JSON: 'PUBCHEM_BAD_JSON',
  BAD_SHAPE: 'PUBCHEM_BAD_SHAPE',
  BAD_VALUE: 'PUBCHEM_BAD_VALUE',
  FAULT: 'PUBCHEM_FAULT',
  SERVER_BUSY: 'PUBCHEM_SERVER_BUSY',
  BAD_SDF_RECORD: 'PUBCHEM_BAD_SDF_RECORD',
  /** Shared with GenBank: a record, a line or a decompressed file over its configured limit. */
  TOO_LARGE: 'INPUT_TOO_LARGE',
  INPUT_UNREADABLE: 'PUBCHEM_INPUT_UNREADABLE',
  /** Shared with GenBank: bytes that are not well-formed UTF-8. */
  NOT_UTF8: 'INPUT_NOT_UTF8',
  /** Shared with GenBank: a NUL in a text field. */
  NUL_IN_TEXT: 'TEXT_HAS_NUL',
} as const;

export type PubchemErrorCode = (typeof PubchemErrorCodes)[keyof typeof PubchemErrorCodes];

/** Where in the input a problem sits. Every field that is known is filled. */
export interface PubchemErrorWhere {
  source?: string;
  recordIndex?: number;
  /** 1-based line in the input. */
  line?: number;
  /** 1-based column in the input. */
  column?: number;
  /** 0-based character offset in the input. */
  position?: number;
  /** JSON path or SD tag that held the bad value. */
  field?: string;
  cid?: number | null;
}

/** A StrandError whose details are `where` (also readable as `.where`); its message ends with where. */
export class PubchemParseError extends StrandError<PubchemErrorCode> {
  declare readonly code: PubchemErrorCode;
  readonly where: PubchemErrorWhere;

  constructor(code: PubchemErrorCode, message: string, where: PubchemErrorWhere, options: { cause?: unknown } = {}) {
    super(code, `${message} (${describeWhere(where)})`, { cause: options.cause, details: { ...where } });
    this.name = 'PubchemParseError';
    this.where = where;
  }
}

function describeWhere(where: PubchemErrorWhere): string {
  const parts: string[] = [];
  parts.push(where.source ?? '<input>');
  if (where.recordIndex !== undefined) parts.push(`record ${where.recordIndex}`);
  if (where.line !== undefined) parts.push(`line ${where.line}${where.column === undefined ? '' : `:${where.column}`}`);
  if (where.position !== undefined) parts.push(`position ${where.position}`);
  if (where.field !== undefined) parts.push(`field ${where.field}`);
  if (where.cid !== undefined && where.cid !== null) parts.push(`CID ${where.cid}`);
  return parts.join(', ');
}
