import type { LimitExceeded } from './split-limits.js';

/** Plain, JSON-serializable shapes produced by the GenBank parser. */

export interface Locus {
  name: string;
  length: number;
  units: 'bp' | 'aa' | 'rc';
  moleculeType: string | null;
  topology: 'linear' | 'circular' | null;
  division: string | null;
  date: string | null;
}

export interface Reference {
  number: number;
  /** What follows the number on the REFERENCE line, e.g. "(bases 1 to 9609)"; null when nothing does. */
  bases: string | null;
  authors: string | null;
  consortium: string | null;
  title: string | null;
  journal: string | null;
  pubmed: string | null;
  medline: string | null;
  remark: string | null;
}

export interface StructuredComment {
  /** "Assembly-Data" for a block delimited by ##Assembly-Data-START## / ##Assembly-Data-END##. */
  name: string;
  fields: Record<string, string>;
}

export interface Feature {
  type: string;
  /** The location as written in the file, with all whitespace removed. */
  location: string;
  /** Values in file order; a flag qualifier such as /pseudo maps to [""]. */
  qualifiers: Record<string, string[]>;
}

export interface GenbankRecord {
  locus: Locus;
  accession: string;
  accessions: string[];
  version: string | null;
  definition: string | null;
  dblink: Record<string, string[]>;
  keywords: string[];
  segment: string | null;
  dbsource: string | null;
  source: string | null;
  organism: string | null;
  lineage: string[];
  references: Reference[];
  comment: string | null;
  structuredComments: StructuredComment[];
  features: Feature[];
  /** CONTIG join(...) with whitespace removed; null when the record has none. */
  contig: string | null;
  /** Upper case; "" when the record has no ORIGIN (CON records). */
  sequence: string;
}

/** A raw chunk of a GenBank stream: one record (or stray text between records). */
export interface RawGenbankRecord {
  text: string;
  firstLine: number;
  byteOffset: number;
  byteLength: number;
  accession: string | null;
  /** True when the chunk ends with a '//' line. */
  complete: boolean;
  /** Set when the chunk broke a size limit and was skipped: its text is empty (see limitError). */
  overLimit?: LimitExceeded;
}

/** A raw chunk as bytes (RecordSplitter.takeBytes), before decoding: for parsing in a worker thread. */
export interface RawRecordBytes {
  /** The chunk and its trailing blank lines (byteLength bytes); a view, valid until the splitter moves on. */
  bytes: Buffer;
  /** End of the chunk text within bytes. */
  textEnd: number;
  /** Blank lines skipped by the splitter before this chunk; see RecordSplitter.takeBytes. */
  linesBefore: number;
  byteOffset: number;
  byteLength: number;
  complete: boolean;
  /** Set when the chunk broke a size limit and was skipped: bytes and text are empty (see limitError). */
  overLimit?: LimitExceeded;
}

/** The header that starts an NCBI release division file (gbbct1.seq ...). */
export interface DivisionHeader {
  text: string;
  fileName: string | null;
  databaseName: string | null;
  releaseDate: string | null;
  releaseNumber: string | null;
  title: string | null;
}

/** One end of a range; `value` is 1-based. */
export type Position =
  | { kind: 'exact'; value: number }
  | { kind: 'before'; value: number }
  | { kind: 'after'; value: number }
  /** (low.high): somewhere between low and high. */
  | { kind: 'within'; low: number; high: number }
  /** one-of(a,b,...) */
  | { kind: 'one-of'; choices: number[] };

export type Location =
  | { type: 'range'; accession: string | null; start: Position; end: Position }
  /** A single base: 467, <1, >9, or (102.110) meaning one base somewhere in 102..110. */
  | { type: 'point'; accession: string | null; position: Position }
  /** Between two bases: 123^124. */
  | { type: 'site'; accession: string | null; after: number; before: number }
  | { type: 'complement'; location: Location }
  | { type: 'join' | 'order' | 'bond' | 'one-of'; locations: Location[] }
  /** gap(), gap(100), gap(unk100). */
  | { type: 'gap'; length: number | null; unknownLength: boolean };

export interface LocationPart {
  accession: string | null;
  start: number;
  end: number;
  strand: 1 | -1;
  startFuzzy: boolean;
  endFuzzy: boolean;
  kind: 'range' | 'site' | 'point' | 'oneOfRange' | 'gap';
  /** Only for kind 'gap': the declared length (null for gap() and gap(unkN) ). */
  gapLength?: number | null;
}

export interface LocationParts {
  operator: 'single' | 'join' | 'order' | 'bond' | 'one-of' | 'gap';
  parts: LocationPart[];
  min: number;
  max: number;
  strand: 1 | -1 | 0;
}
