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
  source: string;
  requestedAt: number;
}
