import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type pg from 'pg';
import { loadConfig, describeError, quoteIdentifier } from '@strand/runtime';
import { connectPool, migrate, pgErrorCode, requireMigrated, strandRoles } from '@strand/db';
import { isolatedConfig, runCli, spawnServices, testAdminUrl, testData } from './helpers.js';

/**
 * Issue 11, item 5 (docs/security.md, "Least privilege in PostgreSQL"), on the real Postgres (trust
 * auth: the roles log in without checking a password, so the URLs' passwords only have to stay unprinted).
 */
describe('least privilege in PostgreSQL: strand migrate, the writer and the reader', () => {
  const id = randomBytes(4).toString('hex');
  const schema = `test_${id}`;
  const roles = strandRoles(schema);
  const secret = `pw-${randomBytes(12).toString('hex')}`;
  const at = new URL(testAdminUrl);
  const urlAs = (user: string, password = secret) => `postgres://${user}:${password}@${at.host}${at.pathname}`;
  // The services' config: the writer's URL, no admin URL (so they run no DDL); the read commands' URL is the reader's.
  const config = isolatedConfig({
    STRAND_TOPIC_PREFIX: `test-${id}`, STRAND_DB_SCHEMA: schema, STRAND_RATE_LIMIT_KEY: `test-${id}`,
    STRAND_DATABASE_URL: urlAs(roles.writer), STRAND_DATABASE_READER_URL: urlAs(roles.reader), STRAND_DATABASE_ADMIN_URL: '',
  });
  const other = `test_${randomBytes(4).toString('hex')}`;
  let admin: pg.Pool;
  let writer: pg.Pool;
  let reader: pg.Pool;

  beforeAll(async () => {
    admin = await connectPool(loadConfig({ ...process.env, STRAND_DATABASE_URL: testAdminUrl, STRAND_DB_SCHEMA: schema }), { max: 2 });
    await migrate(admin, other); // a second Strand schema in the same database, with its own roles
  });

  afterAll(async () => {
    await writer?.end();
    await reader?.end();
    if (!admin) return;
    for (const s of [schema, other]) {
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(s)} CASCADE`);
      const r = strandRoles(s);
      for (const role of [r.owner, r.writer, r.reader]) {
        await admin.query(`DROP OWNED BY ${quoteIdentifier(role)}`).catch(() => undefined);
        await admin.query(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`);
      }
    }
    await admin.end();
  });

  it('strand migrate creates the three roles and the tables as the admin, sets the passwords from the URLs, and prints none', async () => {
    const result = await runCli(['migrate'], config, { env: { STRAND_DATABASE_ADMIN_URL: testAdminUrl } });
    expect(result.stderr).toContain(`created role ${roles.writer} (LOGIN)`);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('applied migration 001_genbank.sql');
    expect(result.stderr).toContain(`STRAND_DATABASE_URL=postgres://${roles.writer}@`);
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
    const { rows } = await admin.query<{ rolname: string; rolcanlogin: boolean; rolsuper: boolean; rolcreaterole: boolean; rolpassword: string | null }>(
      'SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolpassword FROM pg_authid WHERE rolname = ANY($1) ORDER BY rolname', [[roles.owner, roles.writer, roles.reader]]);
    expect(rows.map((r) => [r.rolname, r.rolcanlogin, r.rolsuper, r.rolcreaterole])).toEqual([
      [roles.owner, false, false, false], [roles.reader, true, false, false], [roles.writer, true, false, false],
    ]);
    // The password was set as a SCRAM verifier (never sent as text); the owner has none.
    expect(rows.map((r) => r.rolpassword?.startsWith('SCRAM-SHA-256$') ?? null)).toEqual([null, true, true]);
    const owners = await admin.query<{ owner: string }>(
      "SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND relkind = 'r'", [schema]);
    expect(owners.rows.map((r) => r.owner)).toEqual([roles.owner]);
    // Idempotent: a second run changes nothing.
    const again = await runCli(['migrate'], config, { env: { STRAND_DATABASE_ADMIN_URL: testAdminUrl } });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`schema ${schema} is up to date`);
    expect(again.stderr).not.toContain('created role');
    // The read-only check, as the reader.
    const check = await runCli(['migrate', '--check'], config);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain(`schema ${schema} is up to date`);
  });

  it('the writer reads and writes the tables, but cannot create, alter or drop anything, nor touch another schema', async () => {
    writer = await connectPool(config, { max: 1 });
    expect((await writer.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u).toBe(roles.writer);
    await requireMigrated(writer, schema);
    await writer.query("INSERT INTO payloads (ref, bytes, size) VALUES ('r1', '\\x01', 1)");
    await writer.query("UPDATE payloads SET size = 2 WHERE ref = 'r1'");
    expect((await writer.query('SELECT ref FROM payloads')).rows).toEqual([{ ref: 'r1' }]);
    await writer.query("DELETE FROM payloads WHERE ref = 'r1'");
    const refused = async (sql: string) => {
      const err = await writer.query(sql).then(() => null, (e: unknown) => e);
      expect(err, sql).not.toBeNull();
      expect((err as { code?: string }).code, sql).toBe('42501'); // insufficient_privilege
      return err;
    };
    const err = await refused('DROP TABLE payloads');
    // Classified as a refusal of our permissions: fatal, never retried or dead-lettered.
    expect(pgErrorCode(err)).toBe('AUTH_FAILED');
    expect(describeError(err)).toMatchObject({ fatal: true, retriable: false });
    await refused('CREATE TABLE sneaky (a int)');
    await refused('ALTER TABLE sequences ADD COLUMN sneaky int');
    await refused('CREATE INDEX sneaky ON payloads (size)');
    await refused('TRUNCATE payloads');
    await refused(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`);
    await refused('CREATE SCHEMA sneaky');
    await refused('CREATE TABLE public.sneaky (a int)');
    await refused("INSERT INTO schema_migrations (version, name) VALUES (999, 'sneaky')");
    await refused('DELETE FROM schema_migrations');
    await refused(`SELECT count(*) FROM ${quoteIdentifier(other)}.sequences`);
    await refused(`INSERT INTO ${quoteIdentifier(other)}.payloads (ref, bytes, size) VALUES ('x', '\\x01', 1)`);
    // A service given the other schema with this role stops at start, saying what to do.
    const wrongSchema = await requireMigrated(writer, other).catch((e: unknown) => e);
    expect(describeError(wrongSchema)).toMatchObject({ code: 'DB_NOT_MIGRATED', fatal: true });
    expect((wrongSchema as Error).message).toContain(`role ${roles.writer} may not use schema "${other}"`);
  });

  it('the reader only reads', async () => {
    reader = await connectPool(config, { access: 'read', max: 1 });
    expect((await reader.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u).toBe(roles.reader);
    expect((await reader.query('SELECT count(*)::int AS n FROM sequences')).rows).toEqual([{ n: 0 }]);
    for (const sql of ["INSERT INTO payloads (ref, bytes, size) VALUES ('r2', '\\x01', 1)", 'UPDATE sequences SET comment = NULL', 'DELETE FROM compounds', `SELECT count(*) FROM ${quoteIdentifier(other)}.sequences`]) {
      const err = await reader.query(sql).then(() => null, (e: unknown) => e);
      expect((err as { code?: string } | null)?.code, sql).toBe('42501');
    }
  });

  it('the real services, connected as the writer, carry the GenBank sample into Postgres end to end', async () => {
    const services = spawnServices(config, ['parser', 'enricher', 'sink']);
    try {
      const result = await runCli(['ingest', 'genbank', testData('genbank', 'sample-division.gbff.gz'), '--wait'], config);
      expect(result.stderr).toContain('published 11 records');
      expect(result.code).toBe(0);
      for (const { name, child } of services.children) expect(child.exitCode, `${name} exited`).toBeNull();
    } finally {
      await services.stop();
    }
    const { rows: [counts] } = await reader.query<{ sequences: number; features: number; refs: number }>(
      'SELECT (SELECT count(*)::int FROM sequences) AS sequences, (SELECT count(*)::int FROM features) AS features, (SELECT count(*)::int FROM sequence_references) AS refs');
    expect(counts!.sequences).toBe(11);
    expect(counts!.features).toBeGreaterThan(0);
    expect(counts!.refs).toBeGreaterThan(0);
  });

  it('a service started on a schema nobody migrated stops at once with DB_NOT_MIGRATED, and runs no DDL', async () => {
    // The local superuser, but no admin URL: a service never migrates unless given STRAND_DATABASE_ADMIN_URL.
    const fresh = isolatedConfig({ STRAND_DATABASE_URL: testAdminUrl, STRAND_DATABASE_ADMIN_URL: '' });
    const services = spawnServices(fresh, ['sink']);
    const { child, stderr } = services.children[0]!;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000); // a bound for a hang, not a timing assertion
    const [code] = await once(child, 'exit');
    clearTimeout(timer);
    const log = stderr.join('');
    expect(code).toBe(1);
    expect(log).toContain('DB_NOT_MIGRATED');
    expect(log).toContain(`PostgreSQL schema "${fresh.dbSchema}" does not exist; run \`strand migrate\``);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [fresh.dbSchema]);
    expect(rowCount).toBe(0);
    expect((await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [strandRoles(fresh.dbSchema).writer])).rowCount).toBe(0);
  });
});
