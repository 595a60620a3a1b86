import type { GenbankRecord } from '@strand/genbank';

/** Where a raw record came from: a file or URL, and its byte offset and first line there. */
export interface SourceRef {
  uri: string;
  byteOffset: number;
  firstLine: number;
}

/** Value of the genbank.raw topic. */
export interface GenbankRawValue {
  origin: SourceRef;
  accession: string | null;
  complete: boolean;
  text: string;
  fetchedAt: number;
}

/** Value of the genbank.parsed topic. */
export interface GenbankParsedValue extends GenbankRecord {
  origin: SourceRef;
  recordSha256: string;
}

/** Value of the genbank.enriched topic. */
export interface GenbankEnrichedValue extends GenbankParsedValue {
  sequenceLength: number;
  sequenceSha256: string;
  gcContent: number | null;
}

/** Value of the genbank.fetch topic: one unit of fetch work. */
export interface GenbankFetchRequest {
  requestId: string;
  /** Absolute file path or http(s) URL; empty for an efetch batch. */
  source: string;
  requestedAt: number;
  /** Accessions for one efetch request (at most 200). */
  ids: string[];
}

/** Value of the fetch checkpoint topic (compacted, keyed by requestId). */
export interface GenbankFetchCheckpoint {
  requestId: string;
  source: string;
  /** Records that end at or before this offset of the decompressed stream are published. */
  publishedBytes: number;
  records: number;
  done: boolean;
  updatedAt: number;
}
