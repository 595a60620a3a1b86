export { splitGenbankRecords, RecordSplitter } from './split-records.js';
export type { SplitOptions } from './split-records.js';
export { limitError, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_RECORD_BYTES, SPLIT_LIMIT_SETTINGS } from './split-limits.js';
export type { SplitLimits, LimitExceeded } from './split-limits.js';
export { parseGenbankRecord } from './parse-record.js';
export { parseRecordBytes } from './parse-record-bytes.js';
export { checkRecordText, recordTextError } from './check-record-text.js';
export type { RecordTextWhere } from './check-record-text.js';
export type { ResidueSink, BytesParse } from './parse-record-bytes.js';
export type { ParseRecordOptions } from './parse-record.js';
export { parseGenbank, parseGenbankSettled } from './parse-stream.js';
export type { ParseOutcome, ParseStreamOptions } from './parse-outcome.js';
export { parseLocation } from './parse-location.js';
export { flattenLocation } from './flatten-location.js';
export { parseDivisionHeader } from './division-header.js';
export { GenbankParseError } from './errors.js';
export type { GenbankParseErrorCode } from './errors.js';
export type {
  GenbankRecord,
  Feature,
  Reference,
  StructuredComment,
  Locus,
  Location,
  LocationPart,
  LocationParts,
  Position,
  RawGenbankRecord,
  RawRecordBytes,
  DivisionHeader,
} from './types.js';
