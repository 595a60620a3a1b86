import type { PcCompound, PropertyValue } from './pc-properties.js';

/** One compound the PubChem stand-in serves. */
export interface PubchemRecord {
  cid: number;
  /** PUG REST properties (without CID), values typed as PubChem types them. Synthetic records carry StrandSynthetic: true. */
  properties: Record<string, PropertyValue>;
  /** What /compound/cid/{cid}/JSON returns inside PC_Compounds. */
  compound: PcCompound;
  /** What /compound/cid/{cid}/SDF returns: one SD record ending in $$$$. */
  sdf: string;
  /** Lower-case names that /compound/name/{name}/cids finds it by. */
  names: string[];
  /** True when the CID is made up by the stand-in (scale tests), not a PubChem CID. */
  synthetic: boolean;
  /** Where the record came from (fixture file, record number). */
  source: string;
}

/**
 * Made-up CIDs start here, far above PubChem's real CIDs (under 200 million in 2025), so they can
 * never be mistaken for real ones.
 */
export const SYNTHETIC_CID_BASE = 900_000_000;

export const SYNTHETIC_MARKER = 'made-up CID assigned by the Strand stand-in for scale tests; not a PubChem record';
