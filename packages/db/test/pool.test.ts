import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyError, describeError, loadConfig } from '@strand/runtime';
import { connectPool, isOutage, migrate, pgErrorCode, pgFailure } from '../src/index.js';

const config = loadConfig();
const withUrl = (edit: (u: URL) => void): ReturnType<typeof loadConfig> => {
  const u = new URL(config.databaseUrl);
  edit(u);
  return loadConfig({}, { STRAND_DATABASE_URL: u.toString(), STRAND_CONNECT_TIMEOUT_MS: 3000 });
};

/** A DatabaseError as pg builds it from the server's ErrorResponse. */
function serverError(code: string, message: string): pg.DatabaseError {
  const err = new pg.DatabaseError(message, message.length, 'error');
  err.severity = 'ERROR';
  err.code = code;
  return err;
}

describe('connectPool', () => {
  it('an unknown role (a real 28000 from the local server) is AUTH_FAILED, fatal, naming the URL to fix', async () => {
    const err = await connectPool(withUrl((u) => { u.username = 'strand_no_such_role'; u.password = 'x'; })).catch((e: unknown) => e);
    expect(describeError(err)).toMatchObject({ code: 'AUTH_FAILED', retriable: false, fatal: true });
    expect((err as Error).message).toMatch(/refused our credentials \(28000 role "strand_no_such_role" does not exist\); check the user and password in STRAND_DATABASE_URL/);
    expect((err as Error).message).not.toContain(':x@');
  });

  it('a missing database (3D000) is CONFIG_INVALID, fatal', async () => {
    const err = await connectPool(withUrl((u) => { u.pathname = '/strand_no_such_db'; })).catch((e: unknown) => e);
    expect(describeError(err)).toMatchObject({ code: 'CONFIG_INVALID', fatal: true });
  });

  it('nothing listening is PG_UNREACHABLE, retriable', async () => {
    const err = await connectPool(withUrl((u) => { u.port = '1'; })).catch((e: unknown) => e);
    expect(describeError(err)).toMatchObject({ code: 'PG_UNREACHABLE', retriable: true, fatal: false });
  });
});

describe('the schema name in SQL', () => {
  it('is quoted wherever it is interpolated: search_path and migrate keep a name that only works quoted', async () => {
    // Mixed case survives only as a quoted identifier (unquoted, PostgreSQL folds it to lower case).
    const schema = `test_Quoted_${process.pid}_${Date.now()}`;
    const pool = await connectPool(config, { schema, max: 1 });
    try {
      await migrate(pool, schema);
      const { rows } = await pool.query<{ schema: string; tables: string }>("SELECT current_schema() AS schema, (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())::text AS tables");
      expect(rows[0]?.schema).toBe(schema);
      expect(Number(rows[0]?.tables)).toBeGreaterThan(0);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });
});

describe('pgErrorCode and isOutage', () => {
  it('classify real server errors about the data as PG_WRITE_FAILED, not an outage', async () => {
    const pool = await connectPool(config, { max: 1 });
    try {
      const err = await pool.query('SELECT 1 / 0').catch((e: unknown) => e);
      expect((err as { code?: string }).code).toBe('22012');
      expect(pgErrorCode(err)).toBe('PG_WRITE_FAILED');
      expect(isOutage(err)).toBe(false);
      expect(pgFailure('computing', err)).toMatchObject({ code: 'PG_WRITE_FAILED', retriable: false, message: 'computing: division by zero' });
    } finally {
      await pool.end();
    }
  });

  it('classify a real terminated session (57P01), and the dead client after it, as PG_UNREACHABLE', async () => {
    const victim = new pg.Client({ connectionString: config.databaseUrl });
    victim.on('error', () => undefined);
    await victim.connect();
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const pool = await connectPool(config, { max: 1 });
    try {
      const pending = victim.query('SELECT pg_sleep(5)').catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200));
      await pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      const terminated = await pending;
      expect((terminated as { code?: string }).code).toBe('57P01');
      expect(pgErrorCode(terminated)).toBe('PG_UNREACHABLE');
      const after = await victim.query('SELECT 1').catch((e: unknown) => e);
      expect(Object.getPrototypeOf(after)).toBe(Error.prototype); // pg's own bare Error about the connection
      expect(pgErrorCode(after)).toBe('PG_UNREACHABLE');
      expect(isOutage(after)).toBe(true);
    } finally {
      await pool.end();
      await victim.end().catch(() => undefined);
    }
  });

  it('map SQLSTATEs: credentials refused, lost races, unavailable server', () => {
    expect(classifyError(serverError('28P01', 'password authentication failed for user "strand"'))).toEqual({ code: 'AUTH_FAILED', retriable: false, fatal: true });
    expect(pgErrorCode(serverError('42501', 'permission denied for table compounds'))).toBe('AUTH_FAILED');
    expect(pgErrorCode(serverError('40001', 'could not serialize access'))).toBe('PG_CONFLICT');
    expect(pgErrorCode(serverError('40P01', 'deadlock detected'))).toBe('PG_CONFLICT');
    for (const state of ['08006', '57P03', '53300']) expect(pgErrorCode(serverError(state, 'unavailable'))).toBe('PG_UNREACHABLE');
    for (const state of ['23505', '22001', '42P01']) expect(pgErrorCode(serverError(state, 'bad row'))).toBe('PG_WRITE_FAILED');
    // A writer throws (rather than dead-letters rows) for all but data errors; the thrown error then retries or stops.
    expect(isOutage(serverError('28P01', 'password'))).toBe(true);
    expect(isOutage(serverError('40001', 'race'))).toBe(true);
    expect(isOutage(serverError('23505', 'duplicate'))).toBe(false);
    expect(isOutage(new TypeError('bug'))).toBe(false);
  });
});
