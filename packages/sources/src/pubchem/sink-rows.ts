import { asJson } from '@strand/db';
import { StrandError, type Stage } from '@strand/runtime';
import type { PubchemEnrichedValue } from '@strand/pipeline';

/** One compound as a row of the compounds table (packages/db/migrations/003_compounds.sql). */
export interface CompoundRow {
  key: string;
  values: unknown[];
}

export const compoundColumns = [
  'compound_key', 'cid', 'inchi_key', 'inchi', 'smiles', 'connectivity_smiles', 'formula', 'molecular_weight', 'exact_mass', 'xlogp', 'tpsa',
  'hbond_donors', 'hbond_acceptors', 'rotatable_bonds', 'charge', 'title', 'molblock', 'provenance', 'rdkit', 'disagreements', 'source_formats',
  'source_uri', 'request_id', 'kafka_topic', 'kafka_partition', 'kafka_offset',
] as const;

/** Columns merged on conflict as "the new value where it has one, else the stored one". */
export const mergedColumns = [
  'cid', 'inchi_key', 'inchi', 'smiles', 'connectivity_smiles', 'formula', 'molecular_weight', 'exact_mass', 'xlogp', 'tpsa',
  'hbond_donors', 'hbond_acceptors', 'rotatable_bonds', 'charge', 'title', 'molblock', 'rdkit', 'request_id',
] as const;

/** The row key: the CID, else the InChIKey; a record with neither cannot be stored (poison, dead-lettered). */
export function compoundRowKey(c: Pick<PubchemEnrichedValue, 'cid' | 'properties' | 'recordIndex' | 'origin'>): string {
  if (c.cid !== null) return `cid:${c.cid}`;
  const inchiKey = c.properties.inchiKey;
  if (inchiKey) return `inchikey:${inchiKey}`;
  throw new StrandError('COMPOUND_UNKEYED', `${c.origin.uri}: record ${c.recordIndex}${c.origin.line ? ` (line ${c.origin.line})` : ''} has neither a CID nor an InChIKey (RDKit could not compute one), so it has no key in the compounds table`);
}

export function toCompoundRow(c: PubchemEnrichedValue, source: { topic: string; partition: number; offset: string }): CompoundRow {
  const p = c.properties;
  const key = compoundRowKey(c);
  return {
    key,
    values: [
      key, c.cid, p.inchiKey ?? null, p.inchi ?? null, p.smiles ?? null, p.connectivitySmiles ?? null, p.formula ?? null, p.molecularWeight ?? null,
      p.exactMass ?? null, p.xlogp ?? null, p.tpsa ?? null, p.hbondDonors ?? null, p.hbondAcceptors ?? null, p.rotatableBonds ?? null, p.charge ?? null,
      c.title, c.molblock, c.provenance, c.rdkit,
      // asJson: an empty list must reach jsonb as [], not as an empty text[] literal.
      asJson(c.disagreements.map((d) => ({ field: d.field, pubchem: JSON.parse(d.pubchem) as unknown, rdkit: JSON.parse(d.rdkit) as unknown }))),
      [c.origin.format], c.origin.uri, c.origin.requestId, source.topic, source.partition, source.offset,
    ],
  };
}

/** The sink's pure stage for compounds: enriched compound -> row. Writing is compoundWriter's job. */
export const compoundRowsStage: Stage<PubchemEnrichedValue, CompoundRow> = {
  name: 'pubchem.sink',
  process(compound, ctx) {
    return [toCompoundRow(compound, { topic: ctx.topic, partition: ctx.partition, offset: ctx.offset })];
  },
};
