import type { Command } from 'commander';
import { loadConfig, redact, urlWithoutPassword, type StrandConfig } from '@strand/runtime';
import { connectPool, databaseUrlFor, migrateDatabase, pendingMigrations, strandRoles } from '@strand/db';
import { sourceMigrationsOf } from '@strand/pipeline';
import { loadSources } from '@strand/sources';
import { note } from '../output.js';
import { action, examples } from '../command-kit.js';

/** The admin URL with `role` as its user and no password: what to give a process that should log in as that role. */
function urlAs(config: StrandConfig, role: string): string {
  const url = new URL(databaseUrlFor(config, 'admin').url);
  url.username = role;
  url.password = '';
  return urlWithoutPassword(url.toString());
}

/**
 * `strand migrate`: as the admin (STRAND_DATABASE_ADMIN_URL, else STRAND_DATABASE_URL), creates or
 * updates the schema's roles and applies the migrations it lacks (core and every source's).
 * With --check, applies nothing: reads what is missing as the reader and exits 1 when anything is.
 */
async function migrateCommand(opts: { check?: boolean }): Promise<number> {
  const config = loadConfig();
  const sourceMigrations = sourceMigrationsOf(await loadSources(config));
  const roles = strandRoles(config.dbSchema);
  if (opts.check) {
    const pool = await connectPool(config, { access: 'read', max: 1, name: 'migrate-check' });
    try {
      const pending = await pendingMigrations(pool, config.dbSchema, sourceMigrations);
      note(pending.length > 0 ? `schema ${config.dbSchema} lacks ${pending.length} migration(s): ${pending.join(', ')}; run \`strand migrate\`` : `schema ${config.dbSchema} is up to date`);
      return pending.length > 0 ? 1 : 0;
    } finally {
      await pool.end();
    }
  }
  const applied = await migrateDatabase(config, { log: (line) => note(`  ${line}`), sourceMigrations });
  note(applied.length > 0 ? `schema ${config.dbSchema}: applied ${applied.length} migration(s)` : `schema ${config.dbSchema} is up to date`);
  // Passwords are never printed: a role's password is the one in the URL that names it (set on the role as a SCRAM verifier).
  note(redact([
    'roles:',
    `  ${roles.owner.padEnd(24)} owns the schema and its tables (NOLOGIN; migrations run as it)`,
    `  ${roles.writer.padEnd(24)} the services: read and write the tables, no DDL   STRAND_DATABASE_URL=${urlAs(config, roles.writer)}`,
    `  ${roles.reader.padEnd(24)} read only: consumers of the data, \`strand migrate --check\`   STRAND_DATABASE_READER_URL=${urlAs(config, roles.reader)}`,
  ].join('\n')));
  return 0;
}

export function register(program: Command): void {
  examples(program.command('migrate')
    .description('create the schema\'s roles (owner, writer, reader) and apply the migrations it lacks, as the admin (STRAND_DATABASE_ADMIN_URL)')
    .option('--check', 'apply nothing: list the migrations the schema lacks (exit 1 if any)'),
  ['STRAND_DATABASE_ADMIN_URL=postgres://postgres@db/strand strand migrate', 'strand migrate --check'],
  'Services run no DDL: they need the schema migrated and connect as <schema>_writer (docs/security.md).')
    .action(action(migrateCommand));
}
