import type pg from 'pg';
import { copyRows, isOutage, pgFailure } from '@strand/db';
import { StrandError, type SinkOutput, type SinkRejection, type SinkWriteResult, type StageOutputItem } from '@strand/runtime';
import { compoundColumns, mergedColumns, type CompoundRow } from './sink-rows.js';

/** Property columns and the provenance field that says where each value came from. */
const provenanceField: Record<string, string> = {
  inchi_key: 'inchiKey', inchi: 'inchi', smiles: 'smiles', connectivity_smiles: 'connectivitySmiles', formula: 'formula',
  molecular_weight: 'molecularWeight', exact_mass: 'exactMass', xlogp: 'xlogp', tpsa: 'tpsa', hbond_donors: 'hbondDonors',
  hbond_acceptors: 'hbondAcceptors', rotatable_bonds: 'rotatableBonds', charge: 'charge',
};

/** A stored PubChem value is never replaced by an RDKit one (a later SDF without property tags, say). */
const keepsPubchem = (field: string) => `(compounds.provenance->>'${field}' IS NOT DISTINCT FROM 'pubchem' AND EXCLUDED.provenance->>'${field}' IS NOT DISTINCT FROM 'rdkit')`;

const mergeColumn = (c: string): string => {
  const field = provenanceField[c];
  if (!field) return `${c} = COALESCE(EXCLUDED.${c}, compounds.${c})`;
  return `${c} = CASE WHEN EXCLUDED.${c} IS NULL OR ${keepsPubchem(field)} THEN compounds.${c} ELSE EXCLUDED.${c} END`;
};

const upsert = `INSERT INTO compounds (${compoundColumns.join(', ')})
  SELECT ${compoundColumns.join(', ')} FROM incoming_compounds
  ON CONFLICT (compound_key) DO UPDATE SET
    ${mergedColumns.map(mergeColumn).join(',\n    ')},
    provenance = compounds.provenance || COALESCE((SELECT jsonb_object_agg(k, v) FROM jsonb_each(EXCLUDED.provenance) AS e(k, v)
      WHERE NOT (v = '"rdkit"'::jsonb AND compounds.provenance->>k IS NOT DISTINCT FROM 'pubchem')), '{}'::jsonb),
    disagreements = EXCLUDED.disagreements,
    source_formats = ARRAY(SELECT DISTINCT f FROM unnest(compounds.source_formats || EXCLUDED.source_formats) AS f ORDER BY f),
    source_uri = EXCLUDED.source_uri,
    kafka_topic = EXCLUDED.kafka_topic, kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset,
    updated_at = now()`;

/**
 * Writes a batch of compounds in one transaction: COPY into a temporary table, then
 * INSERT ... ON CONFLICT (compound_key) DO UPDATE. A field keeps its stored value when the new
 * record has none (a property table after a full record, say) and provenance is merged the same
 * way, so writing the same compounds again leaves the same rows: one per CID. A key seen twice in
 * one batch is written in order, one round per occurrence (Postgres cannot upsert one row twice in
 * one statement). The runner commits offsets only after COMMIT returns.
 */
export function compoundWriter(pool: pg.Pool): SinkOutput<CompoundRow> {
  const write = async (items: StageOutputItem<CompoundRow>[]): Promise<SinkWriteResult> => {
    const rounds: CompoundRow[][] = [];
    const seen = new Map<string, number>();
    for (const item of items) {
      const n = seen.get(item.value.key) ?? 0;
      seen.set(item.value.key, n + 1);
      (rounds[n] ??= []).push(item.value);
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TEMP TABLE incoming_compounds (LIKE compounds INCLUDING DEFAULTS) ON COMMIT DROP');
      for (const round of rounds) {
        await client.query('TRUNCATE incoming_compounds');
        await copyRows(client, 'incoming_compounds', compoundColumns, round.map((r) => r.values));
        await client.query(upsert);
      }
      await client.query('COMMIT');
      return { rejected: [], rowsWritten: { compounds: items.length } };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (isOutage(err)) throw pgFailure(`PostgreSQL unavailable while writing ${items.length} compounds`, err);
      if (items.length === 1) return { rejected: [{ index: 0, error: new StrandError('PG_WRITE_FAILED', `Row for ${items[0]!.value.key} rejected by PostgreSQL: ${(err as Error).message}`, { cause: err }) }] };
      // A bad row fails the whole COPY: find it by writing the compounds one at a time.
      const rejected: SinkRejection[] = [];
      for (let i = 0; i < items.length; i++) {
        const one = await write([items[i]!]);
        if (one.rejected.length > 0) rejected.push({ index: i, error: one.rejected[0]!.error });
      }
      return { rejected };
    } finally {
      client.release();
    }
  };
  return { kind: 'sink', write };
}
