import { enrichCompound, enrichCompoundInPool, type DescriptorPool, type EnrichedCompound, type RDKitModule } from '@strand/chem';
import type { CompoundRecord } from '@strand/pubchem';
import type { Stage } from '@strand/runtime';
import type { PubchemParsedValue, PubchemEnrichedValue, PubchemCompoundProperties } from '@strand/pipeline';

export interface PubchemEnrichOptions {
  /** fallback: RDKit only where PubChem left a fillable field empty; always: RDKit for every record (STRAND_ENRICH_MODE). */
  mode: 'fallback' | 'always';
  /** Worker threads to compute descriptors on (STRAND_ENRICH_WORKERS > 0); without it RDKit runs on the main thread. */
  pool?: DescriptorPool;
  /** Most atoms handed to RDKit (STRAND_RDKIT_MAX_ATOMS): a larger structure is dead-lettered (INPUT_TOO_LARGE naming the CID). Absent: no limit. */
  maxAtoms?: number;
}

/**
 * Builds the PubChem enricher stage around an RDKit module loaded once at start-up (loadRdkit()), or
 * a descriptor pool whose workers load their own (then the main thread needs none).
 * Fills what PubChem did not give from RDKit (provenance 'rdkit'), never overwrites PubChem's
 * values, and lists disagreements past @strand/chem's tolerances. A structure RDKit cannot read
 * throws ChemError RDKIT_UNPARSEABLE (not retriable): the runner dead-letters it with RDKit's reason.
 */
export function createPubchemEnrichStage(rdkit: RDKitModule | undefined, opts: PubchemEnrichOptions): Stage<PubchemParsedValue, PubchemEnrichedValue> {
  const { pool } = opts;
  if (!pool && !rdkit) throw new Error('createPubchemEnrichStage needs an RDKit module or a descriptor pool');
  return {
    name: 'pubchem.enricher',
    // With a pool, keep every worker busy: two records in flight per worker.
    concurrency: pool ? pool.size * 2 : 1,
    async process(parsed) {
      const { origin, ...rest } = parsed;
      const record: CompoundRecord = { ...rest, properties: withoutNulls(parsed.properties) };
      const enrich = { mode: opts.mode, ...(opts.maxAtoms !== undefined ? { maxAtoms: opts.maxAtoms } : {}) };
      const enriched: EnrichedCompound = pool ? await enrichCompoundInPool(record, pool, enrich) : enrichCompound(record, rdkit!, enrich);
      return [{
        ...enriched,
        origin,
        disagreements: enriched.disagreements.map((d) => ({ field: d.field, pubchem: JSON.stringify(d.pubchem), rdkit: JSON.stringify(d.rdkit) })),
        enrichMode: opts.mode,
      }];
    },
  };
}

/** Avro gives absent optional fields as null; a normalized record leaves them out. */
function withoutNulls(properties: PubchemCompoundProperties): PubchemCompoundProperties {
  const out: PubchemCompoundProperties = {};
  for (const [key, value] of Object.entries(properties)) if (value !== null && value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}
