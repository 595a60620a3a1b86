import type { Stage } from '@strand/runtime';
import type { GenbankEnrichedValue } from '@strand/pipeline';
import { featureLocation } from './enrich-stage.js';

/** One record as rows of the normalized tables (see packages/db/migrations/001_genbank.sql). */
export interface GenbankRows {
  accession: string;
  recordSha256: string;
  versionNumber: number | null;
  sequence: unknown[];
  features: unknown[][];
  references: unknown[][];
  lineage: { organism: string; lineage: string[] } | null;
}

export const sequenceColumns = [
  'accession', 'version', 'version_number', 'locus_name', 'length', 'units', 'molecule_type', 'topology', 'division', 'locus_date',
  'definition', 'accessions', 'keywords', 'dblink', 'segment', 'dbsource', 'source', 'organism', 'comment', 'structured_comments', 'contig',
  'sequence', 'sequence_length', 'sequence_sha256', 'gc_content', 'record_sha256', 'source_uri', 'source_byte_offset', 'source_first_line',
  'kafka_topic', 'kafka_partition', 'kafka_offset',
] as const;
export const featureColumns = ['accession', 'ordinal', 'type', 'location', 'location_operator', 'location_parts', 'start_pos', 'end_pos', 'strand', 'qualifiers'] as const;
export const referenceColumns = ['accession', 'number', 'bases', 'authors', 'consortium', 'title', 'journal', 'pubmed', 'medline', 'remark'] as const;

function versionNumber(version: string | null): number | null {
  const m = version ? /\.(\d+)$/.exec(version) : null;
  return m ? Number(m[1]) : null;
}

/**
 * Maps an enriched record to rows. Feature locations come parsed from the enricher; a record
 * enriched before it did that has none, and they are parsed here (one that cannot be parsed makes
 * the record poison, dead-lettered).
 */
export function toGenbankRows(r: GenbankEnrichedValue, source: { topic: string; partition: number; offset: string }): GenbankRows {
  const locations = r.featureLocations?.length === r.features.length ? r.featureLocations : r.features.map((f) => featureLocation(f.location));
  const features = r.features.map((f, ordinal) => {
    const l = locations[ordinal]!;
    return [r.accession, ordinal, f.type, f.location, l.operator, l.partsJson, l.start, l.end, l.strand, f.qualifiers];
  });
  const references = r.references.map((ref) => [r.accession, ref.number, ref.bases, ref.authors, ref.consortium, ref.title, ref.journal, ref.pubmed, ref.medline, ref.remark]);
  return {
    accession: r.accession,
    recordSha256: r.recordSha256,
    versionNumber: versionNumber(r.version),
    sequence: [
      r.accession, r.version, versionNumber(r.version), r.locus.name, r.locus.length, r.locus.units, r.locus.moleculeType, r.locus.topology, r.locus.division, r.locus.date,
      r.definition, r.accessions, r.keywords, r.dblink, r.segment, r.dbsource, r.source, r.organism, r.comment, r.structuredComments, r.contig,
      r.sequence, r.sequenceLength, r.sequenceSha256, r.gcContent, r.recordSha256, r.origin.uri, r.origin.byteOffset, r.origin.firstLine,
      source.topic, source.partition, source.offset,
    ],
    features,
    references,
    lineage: r.organism ? { organism: r.organism, lineage: r.lineage } : null,
  };
}

/** The sink's pure stage: enriched record -> rows. Writing them is the sink output's job. */
export const genbankRowsStage: Stage<GenbankEnrichedValue, GenbankRows> = {
  name: 'genbank.sink',
  process(record, ctx) {
    return [toGenbankRows(record, { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset })];
  },
};
