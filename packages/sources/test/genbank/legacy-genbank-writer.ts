// The sink writer as it was before the direct COPY path (commit 27a63e2): COPY into temporary tables,
// then DELETE and INSERT ... SELECT. Kept only as the reference of sink-writer-equivalence.test.ts.
import type pg from 'pg';
import { copyRows, isOutage, pgFailure } from '@strand/db';
import { StrandError, type SinkOutput, type StageOutputItem } from '@strand/runtime';
import { sequenceColumns, featureColumns, referenceColumns, type GenbankRows } from '@strand/sources';

/**
 * Writes a batch of records in one transaction: COPY into temporary tables, then replace the
 * records whose content changed (by record SHA-256; an older version never replaces a newer
 * one) and skip the unchanged. Re-ingesting the same input therefore changes nothing, and the
 * runner commits offsets only after COMMIT returns.
 */
export function legacyGenbankWriter(pool: pg.Pool): SinkOutput<GenbankRows> {
  return {
    kind: 'sink',
    async write(items: StageOutputItem<GenbankRows>[]) {
      // Within one batch the last occurrence of an accession wins (it is the latest on its partition).
      const latest = new Map<string, GenbankRows>();
      for (const item of items) latest.set(item.value.accession, item.value);
      const rows = [...latest.values()];
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`CREATE TEMP TABLE incoming_sequences (LIKE sequences INCLUDING DEFAULTS) ON COMMIT DROP;
          CREATE TEMP TABLE incoming_features (LIKE features) ON COMMIT DROP;
          CREATE TEMP TABLE incoming_references (LIKE sequence_references) ON COMMIT DROP;`);
        await copyRows(client, 'incoming_sequences', sequenceColumns, rows.map((r) => r.sequence));
        await copyRows(client, 'incoming_features', featureColumns, rows.flatMap((r) => r.features));
        await copyRows(client, 'incoming_references', referenceColumns, rows.flatMap((r) => r.references));
        // Keep only records that are new, changed, and not older than what is stored.
        await client.query(`DELETE FROM incoming_sequences i USING sequences s
          WHERE s.accession = i.accession
            AND (s.record_sha256 = i.record_sha256 OR COALESCE(s.version_number, 0) > COALESCE(i.version_number, 0))`);
        await client.query('DELETE FROM sequences s USING incoming_sequences i WHERE s.accession = i.accession');
        await client.query(`INSERT INTO sequences SELECT * FROM incoming_sequences`);
        await client.query(`INSERT INTO features SELECT f.* FROM incoming_features f JOIN incoming_sequences i USING (accession)`);
        await client.query(`INSERT INTO sequence_references SELECT r.* FROM incoming_references r JOIN incoming_sequences i USING (accession)`);
        const lineages = rows.filter((r) => r.lineage).map((r) => r.lineage!);
        if (lineages.length > 0) {
          await client.query(`INSERT INTO taxonomy_lineages (organism, lineage)
            SELECT DISTINCT ON (organism) organism, lineage FROM unnest($1::text[], $2::text[]) AS t(organism, lineage_text)
              CROSS JOIN LATERAL (SELECT string_to_array(lineage_text, E'\\x1f') AS lineage) l
            ON CONFLICT (organism) DO UPDATE SET lineage = EXCLUDED.lineage, updated_at = now()
            WHERE taxonomy_lineages.lineage IS DISTINCT FROM EXCLUDED.lineage`,
          [lineages.map((l) => l.organism), lineages.map((l) => l.lineage.join('\x1f'))]);
        }
        await client.query('COMMIT');
        return { rejected: [] };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (isOutage(err)) throw pgFailure(`PostgreSQL unavailable while writing ${rows.length} records`, err);
        if (rows.length === 1) return { rejected: [{ index: items.findIndex((i) => i.value === rows[0]), error: new StrandError('PG_WRITE_FAILED', `Row for ${rows[0]!.accession} rejected by PostgreSQL: ${(err as Error).message}`, { cause: err }) }] };
        // A bad row fails the whole COPY: find it by writing the records one at a time.
        const rejected: { index: number; error: unknown }[] = [];
        for (let i = 0; i < items.length; i++) {
          const one = await this.write([items[i]!]);
          if (one.rejected.length > 0) rejected.push({ index: i, error: one.rejected[0]!.error });
        }
        return { rejected };
      } finally {
        client.release();
      }
    },
  };
}
