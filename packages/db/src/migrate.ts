import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { quoteIdentifier } from '@strand/runtime';
import { strandRoles } from './strand-roles.js';
import { prepareOwnership, grantAccess, type RolePasswords } from './schema-roles.js';

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

/** A source's own migrations folder (NNN_name.sql), recorded as `<source>/<file>` in `source_migrations`. */
export interface SourceMigrations {
  source: string;
  dir: string;
}

/** The core migrations (migrations/NNN_name.sql), in order. */
export function coreMigrationFiles(): string[] {
  return readdirSync(migrationsDir).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
}

/** A source's migrations, in order, by the names `source_migrations` records them under (`<source>/<file>`). */
export function sourceMigrationNames({ source, dir }: SourceMigrations): string[] {
  return readdirSync(dir).filter((f) => /^\d+_.+\.sql$/.test(f)).sort().map((f) => `${source}/${f}`);
}

/**
 * Applies the versioned SQL migrations (migrations/NNN_name.sql) that the schema lacks, each in
 * its own transaction, under an advisory lock so concurrent services cannot race.
 * `pool` must connect as an admin (a superuser, or a role with CREATEROLE): the schema's roles
 * are created or updated first (strand-roles.ts), the DDL runs as `<schema>_owner`, and the
 * writer and reader are granted what they need afterwards (schema-roles.ts).
 */
export async function migrate(pool: pg.Pool, schema: string, log: (line: string) => void = () => undefined, sourceMigrations: SourceMigrations[] = [], opts: { passwords?: RolePasswords } = {}): Promise<string[]> {
  const roles = strandRoles(schema);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`strand-migrate:${schema}`]);
    await prepareOwnership(client, schema, roles, opts.passwords ?? {}, log);
    // Every table a migration creates is the owner's, not the admin's.
    await client.query(`SET ROLE ${quoteIdentifier(roles.owner)}`);
    // Quoted, though STRAND_DB_SCHEMA is validated (schemaNameProblem): no name can change the statement.
    await client.query(`SET search_path TO ${quoteIdentifier(schema)}, public`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const file of coreMigrationFiles()) {
      const version = Number(file.split('_')[0]);
      if (done.has(version)) continue;
      await applyOne(client, schema, file, readFileSync(`${migrationsDir}${file}`, 'utf8'), ['INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]]);
      applied.push(file);
      log(`applied migration ${file} to schema ${schema}`);
    }
    await client.query('CREATE TABLE IF NOT EXISTS source_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const sourceDone = new Set((await client.query<{ name: string }>('SELECT name FROM source_migrations')).rows.map((r) => r.name));
    for (const migrations of sourceMigrations) {
      for (const name of sourceMigrationNames(migrations)) {
        if (sourceDone.has(name)) continue;
        await applyOne(client, schema, name, readFileSync(join(migrations.dir, name.slice(migrations.source.length + 1)), 'utf8'), ['INSERT INTO source_migrations (name) VALUES ($1)', [name]]);
        applied.push(name);
        log(`applied migration ${name} to schema ${schema}`);
      }
    }
    await grantAccess(client, schema, roles);
    return applied;
  } finally {
    await client.query('RESET ROLE').catch(() => undefined);
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
