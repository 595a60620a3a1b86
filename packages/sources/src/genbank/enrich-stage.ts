import { flattenLocation, parseLocation } from '@strand/genbank';
import type { Stage } from '@strand/runtime';
import type { GenbankParsedValue, GenbankEnrichedValue, GenbankFeatureLocation } from '@strand/pipeline';
import { sequenceSha256, gcContent } from './sequence-stats.js';

/** A feature location parsed and flattened; one that cannot be parsed makes the record poison (dead-lettered here, not at the sink). */
export function featureLocation(location: string): GenbankFeatureLocation {
  const flat = flattenLocation(parseLocation(location));
  return { operator: flat.operator, partsJson: JSON.stringify(flat.parts), start: flat.min, end: flat.max, strand: flat.strand };
}

/**
 * Adds the sequence's SHA-256, for nucleotide records its GC content, and every feature's location
 * parsed and flattened into the columns the sink stores: work taken off the sink, the pipeline's
 * slowest stage.
 */
export const genbankEnrichStage: Stage<GenbankParsedValue, GenbankEnrichedValue> = {
  name: 'genbank.enricher',
  process(record) {
    const protein = record.locus.units === 'aa';
    return [{
      ...record,
      sequenceLength: record.sequence.length,
      sequenceSha256: sequenceSha256(record.sequence),
      gcContent: protein ? null : gcContent(record.sequence),
      featureLocations: record.features.map((f) => featureLocation(f.location)),
    }];
  },
};
