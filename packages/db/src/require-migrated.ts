import type pg from 'pg';
import { StrandError, quoteIdentifier } from '@strand/runtime';
import { coreMigrationFiles, sourceMigrationNames, type SourceMigrations } from './migrate.js';
import { pgFailure } from './pool.js';

/** The migrations `schema` lacks (core files by name, then `<source>/<file>`), read with whatever role `pool` logs in as; no DDL. */
export async function pendingMigrations(pool: pg.Pool, schema: string, sourceMigrations: SourceMigrations[] = []): Promise<string[]> {
  const s = quoteIdentifier(schema);
  try {
    const { rows: [found] } = await pool.query<{ core: string | null; sources: string | null }>(
      'SELECT to_regclass($1) AS core, to_regclass($2) AS sources', [`${s}.schema_migrations`, `${s}.source_migrations`],
    );
    const core = found?.core ? new Set((await pool.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`)).rows.map((r) => r.version)) : new Set<number>();
    const sources = found?.sources ? new Set((await pool.query<{ name: string }>(`SELECT name FROM ${s}.source_migrations`)).rows.map((r) => r.name)) : new Set<string>();
    return [
      ...coreMigrationFiles().filter((f) => !core.has(Number(f.split('_')[0]))),
      ...sourceMigrations.flatMap(sourceMigrationNames).filter((n) => !sources.has(n)),
    ];
  } catch (err) {
    throw pgFailure(`Reading the migrations applied to schema ${schema}`, err);
  }
}

/**
 * Fails, fatally, unless `schema` holds every migration this version needs and the role `pool`
 * logs in as may use it. Services call this instead of migrating: they run no DDL (docs/security.md).
 */
export async function requireMigrated(pool: pg.Pool, schema: string, sourceMigrations: SourceMigrations[] = []): Promise<void> {
  const { rows: [who] } = await pool.query<{ user: string; usage: boolean | null }>(
    "SELECT current_user AS user, (SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = $1) AS usage", [schema],
  );
  const run = 'run `strand migrate` (with STRAND_DATABASE_ADMIN_URL naming an owner or superuser role) before starting the services';
  if (who?.usage === null || who?.usage === undefined) throw new StrandError('DB_NOT_MIGRATED', `PostgreSQL schema "${schema}" does not exist; ${run}`);
  if (!who.usage) throw new StrandError('DB_NOT_MIGRATED', `PostgreSQL role ${who.user} may not use schema "${schema}" (no USAGE grant); ${run}: it grants the role ${schema}_writer (or ${schema}_reader) what it needs; connect as that role`);
  const pending = await pendingMigrations(pool, schema, sourceMigrations);
  if (pending.length > 0) throw new StrandError('DB_NOT_MIGRATED', `PostgreSQL schema "${schema}" lacks ${pending.length} migration(s) (${pending.join(', ')}); ${run}`, { details: { schema, pending } });
}
