import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { quoteIdentifier } from '@strand/runtime';

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

/** A source's own migrations folder (NNN_name.sql), recorded as `<source>/<file>` in `source_migrations`. */
export interface SourceMigrations {
  source: string;
  dir: string;
}

/**
 * Applies the versioned SQL migrations (migrations/NNN_name.sql) that the schema lacks, each in
 * its own transaction, under an advisory lock so concurrent services cannot race.
 */
export async function migrate(pool: pg.Pool, schema: string, log: (line: string) => void = () => undefined, sourceMigrations: SourceMigrations[] = []): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`strand-migrate:${schema}`]);
    // Quoted, though STRAND_DB_SCHEMA is validated (schemaNameProblem): no name can change the statement.
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await client.query(`SET search_path TO ${quoteIdentifier(schema)}, public`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const files = readdirSync(migrationsDir).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
    for (const file of files) {
      const version = Number(file.split('_')[0]);
      if (done.has(version)) continue;
      await applyOne(client, schema, file, readFileSync(`${migrationsDir}${file}`, 'utf8'), ['INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]]);
      applied.push(file);
      log(`applied migration ${file} to schema ${schema}`);
    }
    await client.query('CREATE TABLE IF NOT EXISTS source_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const sourceDone = new Set((await client.query<{ name: string }>('SELECT name FROM source_migrations')).rows.map((r) => r.name));
    for (const { source, dir } of sourceMigrations) {
      for (const file of readdirSync(dir).filter((f) => /^\d+_.+\.sql$/.test(f)).sort()) {
        const name = `${source}/${file}`;
        if (sourceDone.has(name)) continue;
        await applyOne(client, schema, name, readFileSync(join(dir, file), 'utf8'), ['INSERT INTO source_migrations (name) VALUES ($1)', [name]]);
        applied.push(name);
        log(`applied migration ${name} to schema ${schema}`);
      }
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`strand-migrate:${schema}`]).catch(() => undefined);
    client.release();
  }
}

/** Runs one migration and records it, in one transaction; a failure rolls both back and names the migration. */
async function applyOne(client: pg.PoolClient, schema: string, name: string, sql: string, record: [string, unknown[]]): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(sql);
    await client.query(record[0], record[1]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw new Error(`Migration ${name} failed in schema ${schema}: ${(err as Error).message}`, { cause: err });
  }
}
