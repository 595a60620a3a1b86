import type pg from 'pg';
import { copyRows, isOutage, pgFailure } from '@strand/db';
import { StrandError, type SinkOutput, type SinkRejection, type SinkWriteResult, type StageOutputItem } from '@strand/runtime';
import { sequenceColumns, featureColumns, referenceColumns, type GenbankRows } from './sink-rows.js';

/** What the table holds of one accession: enough to decide whether an incoming record replaces it. */
interface StoredVersion {
  recordSha256: string;
  versionNumber: number | null;
}

/**
 * Whether `incoming` replaces `current` (stored, or earlier in the same batch): it does unless it
 * is the same record (same SHA-256) or an older version. Records without a version number count as 0.
 */
export function replaces(incoming: StoredVersion, current: StoredVersion | undefined): boolean {
  if (current === undefined) return true;
  if (current.recordSha256 === incoming.recordSha256) return false;
  return (incoming.versionNumber ?? 0) >= (current.versionNumber ?? 0);
}

/**
 * The batch's records that change the tables, one per accession, in the order the partition gave
 * them: the batch is folded with the same rule (`replaces`) as the stored rows, so a batch holding
 * an accession twice ends as if its records had come one batch at a time.
 */
function winners(items: StageOutputItem<GenbankRows>[]): Map<string, GenbankRows> {
  const latest = new Map<string, GenbankRows>();
  for (const { value } of items) {
    if (replaces(value, latest.get(value.accession))) latest.set(value.accession, value);
  }
  return latest;
}

/**
 * Writes a batch of records in one transaction, straight into the final tables:
 * 1. lock and read the stored SHA-256 and version of the batch's accessions (one indexed query);
 * 2. keep the records that are new or replace what is stored (`replaces`), skip the rest;
 * 3. delete the replaced accessions (features and references go with them: ON DELETE CASCADE);
 * 4. COPY sequences, features and references of the kept records, in 1 MB chunks;
 * 5. upsert the organisms' lineages; COMMIT.
 * Re-ingesting the same input therefore changes nothing, and the runner commits offsets only
 * after COMMIT returns. Two writers of one accession (a rebalance in flight) serialize on the row
 * lock; a new accession written by both makes one COPY fail on the primary key, and that batch is
 * retried record by record, where the second sees the first's row.
 */
export function genbankWriter(pool: pg.Pool): SinkOutput<GenbankRows> {
  const write = async (items: StageOutputItem<GenbankRows>[]): Promise<SinkWriteResult> => {
    const latest = winners(items);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows: stored } = await client.query<{ accession: string; record_sha256: string; version_number: number | null }>(
        'SELECT accession, record_sha256, version_number FROM sequences WHERE accession = ANY($1::text[]) ORDER BY accession FOR UPDATE',
        [[...latest.keys()]]);
      const current = new Map(stored.map((s) => [s.accession, { recordSha256: s.record_sha256, versionNumber: s.version_number }]));
      const kept = [...latest.values()].filter((r) => replaces(r, current.get(r.accession)));
      const replaced = kept.filter((r) => current.has(r.accession)).map((r) => r.accession);
      if (replaced.length > 0) await client.query('DELETE FROM sequences WHERE accession = ANY($1::text[])', [replaced]);
      const rowsWritten = { sequences: 0, features: 0, sequence_references: 0 };
      if (kept.length > 0) {
        rowsWritten.sequences = await copyRows(client, 'sequences', sequenceColumns, kept.map((r) => r.sequence));
        rowsWritten.features = await copyRows(client, 'features', featureColumns, kept.flatMap((r) => r.features));
        rowsWritten.sequence_references = await copyRows(client, 'sequence_references', referenceColumns, kept.flatMap((r) => r.references));
      }
      const lineages = kept.filter((r) => r.lineage).map((r) => r.lineage!);
      if (lineages.length > 0) {
        await client.query(`INSERT INTO taxonomy_lineages (organism, lineage)
          SELECT DISTINCT ON (organism) organism, lineage FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(organism, lineage_text, n)
            CROSS JOIN LATERAL (SELECT string_to_array(lineage_text, E'\\x1f') AS lineage) l
          ORDER BY organism, n DESC
          ON CONFLICT (organism) DO UPDATE SET lineage = EXCLUDED.lineage, updated_at = now()
          WHERE taxonomy_lineages.lineage IS DISTINCT FROM EXCLUDED.lineage`,
        [lineages.map((l) => l.organism), lineages.map((l) => l.lineage.join('\x1f'))]);
      }
      await client.query('COMMIT');
      return { rejected: [], rowsWritten, skipped: items.length - kept.length };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (isOutage(err)) throw pgFailure(`PostgreSQL unavailable while writing ${latest.size} records`, err);
      if (items.length === 1) {
        const accession = items[0]!.value.accession;
        return { rejected: [{ index: 0, error: new StrandError('PG_WRITE_FAILED', `Row for ${accession} rejected by PostgreSQL: ${(err as Error).message}`, { cause: err }) }] };
      }
      // A bad row fails the whole COPY: find it by writing the records one at a time, in order.
      const rejected: SinkRejection[] = [];
      const rowsWritten: Record<string, number> = {};
      let skipped = 0;
      for (let i = 0; i < items.length; i++) {
        const one = await write([items[i]!]);
        if (one.rejected.length > 0) rejected.push({ index: i, error: one.rejected[0]!.error });
        for (const [table, n] of Object.entries(one.rowsWritten ?? {})) rowsWritten[table] = (rowsWritten[table] ?? 0) + n;
        skipped += one.skipped ?? 0;
      }
      return { rejected, rowsWritten, skipped };
    } finally {
      client.release();
    }
  };
  return { kind: 'sink', write };
}
