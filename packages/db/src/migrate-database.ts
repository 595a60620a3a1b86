import type { StrandConfig } from '@strand/runtime';
import { connectPool } from './pool.js';
import { migrate, type SourceMigrations } from './migrate.js';
import { strandRoles } from './strand-roles.js';
import type { RolePasswords } from './schema-roles.js';

/**
 * The passwords to give the schema's login roles: that of STRAND_DATABASE_URL when its user is
 * `<schema>_writer`, that of STRAND_DATABASE_READER_URL when its user is `<schema>_reader`. So the
 * URLs the services are given are the only place a password is written down.
 */
export function rolePasswords(config: StrandConfig): RolePasswords {
  const roles = strandRoles(config.dbSchema);
  const passwordFor = (url: string | null, role: string): string | undefined => {
    if (!url) return undefined;
    const u = new URL(url);
    return decodeURIComponent(u.username) === role && u.password ? decodeURIComponent(u.password) : undefined;
  };
  return { writer: passwordFor(config.databaseUrl, roles.writer), reader: passwordFor(config.databaseReaderUrl, roles.reader) };
}

/**
 * `strand migrate`: connects with the admin URL (STRAND_DATABASE_ADMIN_URL, else STRAND_DATABASE_URL),
 * creates or updates the schema's roles and applies the migrations it lacks; returns their names.
 */
export async function migrateDatabase(config: StrandConfig, opts: { log?: (line: string) => void; sourceMigrations?: SourceMigrations[] } = {}): Promise<string[]> {
  const pool = await connectPool(config, { access: 'admin', max: 1 });
  try {
    return await migrate(pool, config.dbSchema, opts.log, opts.sourceMigrations ?? [], { passwords: rolePasswords(config) });
  } finally {
    await pool.end();
  }
}
