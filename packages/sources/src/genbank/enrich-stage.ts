import type { Stage } from '@strand/runtime';
import type { GenbankParsedValue, GenbankEnrichedValue } from '@strand/pipeline';
import { sequenceSha256, gcContent } from './sequence-stats.js';

/** Adds the sequence's SHA-256 and, for nucleotide records, its GC content. */
export const genbankEnrichStage: Stage<GenbankParsedValue, GenbankEnrichedValue> = {
  name: 'genbank.enricher',
  process(record) {
    const protein = record.locus.units === 'aa';
    return [{
      ...record,
      sequenceLength: record.sequence.length,
      sequenceSha256: sequenceSha256(record.sequence),
      gcContent: protein ? null : gcContent(record.sequence),
    }];
  },
};
