import type pg from 'pg';
import { quoteIdentifier } from '@strand/runtime';
import { scramSha256Verifier } from './scram-verifier.js';
import type { StrandRoles } from './strand-roles.js';

/** Passwords to set on the login roles (from the URLs that name them); absent: left as they are. */
export interface RolePasswords {
  writer?: string;
  reader?: string;
}

type Log = (line: string) => void;

/** Creates `role` unless it exists (another database of the cluster may create it at the same moment). */
async function createRole(client: pg.PoolClient, role: string, login: boolean, log: Log): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (rowCount) return;
  try {
    await client.query(`CREATE ROLE ${quoteIdentifier(role)} ${login ? 'LOGIN' : 'NOLOGIN'}`);
    log(`created role ${role} (${login ? 'LOGIN' : 'NOLOGIN'})`);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '42710' && code !== '23505') throw err; // duplicate_object / unique_violation: created concurrently
  }
}

const alterKind: Record<string, string> = { r: 'TABLE', p: 'TABLE', f: 'FOREIGN TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', S: 'SEQUENCE' };

/**
 * Run as the admin before migrating: the three roles exist (passwords set from `passwords`), the
 * admin may act as the owner, and the owner owns the schema and everything already in it (a
 * schema migrated before the roles existed is handed over). Idempotent.
 */
export async function prepareOwnership(client: pg.PoolClient, schema: string, roles: StrandRoles, passwords: RolePasswords, log: Log): Promise<void> {
  await createRole(client, roles.owner, false, log);
  await createRole(client, roles.writer, true, log);
  await createRole(client, roles.reader, true, log);
  for (const [role, password] of [[roles.writer, passwords.writer], [roles.reader, passwords.reader]] as const) {
    // Pre-hashed: the statement carries a SCRAM verifier, never the password.
    if (password) await client.query(`ALTER ROLE ${quoteIdentifier(role)} PASSWORD '${scramSha256Verifier(password)}'`);
  }
  const member = await client.query<{ ok: boolean }>("SELECT pg_has_role(current_user, $1, 'MEMBER') AS ok", [roles.owner]);
  if (!member.rows[0]!.ok) await client.query(`GRANT ${quoteIdentifier(roles.owner)} TO CURRENT_USER`);
  const s = quoteIdentifier(schema);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${s} AUTHORIZATION ${quoteIdentifier(roles.owner)}`);
  const schemaOwner = await client.query<{ owned: boolean }>('SELECT nspowner = $2::regrole AS owned FROM pg_namespace WHERE nspname = $1', [schema, quoteIdentifier(roles.owner)]);
  if (schemaOwner.rows[0] && !schemaOwner.rows[0].owned) {
    await client.query(`ALTER SCHEMA ${s} OWNER TO ${quoteIdentifier(roles.owner)}`);
    log(`schema ${schema} now owned by ${roles.owner}`);
  }
  const { rows } = await client.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND c.relowner <> $2::regrole
        AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))`,
    [schema, quoteIdentifier(roles.owner)],
  );
  for (const { name, kind } of rows) await client.query(`ALTER ${alterKind[kind]} ${s}.${quoteIdentifier(name)} OWNER TO ${quoteIdentifier(roles.owner)}`);
  if (rows.length > 0) log(`handed ${rows.length} relation(s) of schema ${schema} over to ${roles.owner}`);
  // Login and temporary tables (the PubChem sink stages rows in one): PUBLIC has both by default; said explicitly in case it was revoked.
  await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdentifier((await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db)} TO ${quoteIdentifier(roles.writer)}`)
    .catch((err: { code?: string }) => { if (err.code !== '42501') throw err; log(`could not grant CONNECT, TEMPORARY on the database to ${roles.writer} (not the database owner); PUBLIC's default grants apply`); });
}

/**
 * Run as the owner after migrating: the writer may read and write every table (but only read the
 * migration records), the reader may only read; neither may create, alter or drop anything, nor
 * see another schema. Granted on every table each time, so a table a migration adds is covered.
 */
export async function grantAccess(client: pg.PoolClient, schema: string, roles: StrandRoles): Promise<void> {
  const s = quoteIdentifier(schema);
  const writer = quoteIdentifier(roles.writer);
  const reader = quoteIdentifier(roles.reader);
  await client.query(`GRANT USAGE ON SCHEMA ${s} TO ${writer}, ${reader}`);
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${writer}`);
  await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}.schema_migrations, ${s}.source_migrations FROM ${writer}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${writer}`);
  await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${reader}`);
  await client.query(`GRANT SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${reader}`);
}
