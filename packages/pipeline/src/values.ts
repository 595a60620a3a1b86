import type { CompoundProperties, CompoundRecord } from '@strand/pubchem';
import type { RdkitDescriptors } from '@strand/chem';
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
  /** The record's bytes (messages written when the field was a string decode as text: see the parser). */
  text: Buffer;
  fetchedAt: number;
}

/** Value of the genbank.parsed topic. */
export interface GenbankParsedValue extends Omit<GenbankRecord, 'sequence'> {
  /** Upper-case residues as ASCII bytes (messages written when the field was a string decode as text: see the enricher and sink). */
  sequence: Buffer;
  origin: SourceRef;
  recordSha256: string;
}

/** Value of the genbank.enriched topic. */
export interface GenbankEnrichedValue extends GenbankParsedValue {
  sequenceLength: number;
  sequenceSha256: string;
  gcContent: number | null;
  /** One per feature (empty in records enriched before the field existed). */
  featureLocations: GenbankFeatureLocation[];
}

/** A feature's location parsed and flattened by the enricher: the features table's location columns. */
export interface GenbankFeatureLocation {
  operator: string;
  /** The parts as JSON text (features.location_parts). */
  partsJson: string;
  start: number;
  end: number;
  strand: number;
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

/** Value of the pubchem.requests topic: CIDs (list and/or range), names or SMILES; the fetcher expands it into batches. */
export interface PubchemFetchRequest {
  requestId: string;
  requestedAt: number;
  cids: number[];
  /** Inclusive range of CIDs. */
  cidRange: { from: number; to: number } | null;
  names: string[];
  smiles: string[];
  /** Payloads to fetch per CID: 'property-table' (the default), 'json' (full record), 'sdf'. */
  formats: PubchemPayloadFormat[];
}

export type PubchemPayloadFormat = 'json' | 'property-table' | 'sdf';

/** Value of the pubchem.raw topic: one PUG REST payload, as received or assembled from the per-CID cache. */
export interface PubchemRawValue {
  requestId: string;
  /** Ordinal of this payload within its request. */
  batch: number;
  format: PubchemPayloadFormat;
  /** The PUG REST URL, or `cache:<format>` for a payload assembled from the cache. */
  uri: string;
  cids: number[];
  fromCache: boolean;
  text: string;
  /** Line of the source where `text` starts (an SD file split by record); 1 for a whole payload. */
  firstLine: number;
  /** Position in the source of the first record in `text`. */
  recordIndex: number;
  fetchedAt: number;
}

/** Where a compound came from. */
export interface PubchemOrigin {
  uri: string;
  requestId: string | null;
  format: PubchemPayloadFormat;
  fromCache: boolean;
  /** First line of the record in its payload (SDF); 0 when unknown. */
  line: number;
}

/** The properties of a normalized compound: @strand/pubchem's CompoundProperties. */
export type PubchemCompoundProperties = CompoundProperties;

/** Value of the pubchem.parsed topic: @strand/pubchem's CompoundRecord plus its origin. */
export interface PubchemParsedValue extends CompoundRecord {
  origin: PubchemOrigin;
}

/** RDKit descriptors: @strand/chem's RdkitDescriptors. */
export type PubchemRdkitValue = RdkitDescriptors;

/** Value of the pubchem.enriched topic. Disagreement values are JSON text (they may be numbers or strings). */
export interface PubchemEnrichedValue extends PubchemParsedValue {
  rdkit: PubchemRdkitValue | null;
  disagreements: { field: string; pubchem: string; rdkit: string }[];
  enrichMode: 'fallback' | 'always';
}
