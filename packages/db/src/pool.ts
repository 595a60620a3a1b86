import pg from 'pg';
import { observePool } from './pool-metrics.js';
import { StrandError, dependencyErrorCode, describeError, errorDeclaration, withDeadline, quoteIdentifier, type ErrorCode, type StrandConfig } from '@strand/runtime';

/** Where a connection URL points, for error messages (never the password). */
export function describeDatabase(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}/${u.pathname.replace(/^\//, '')}`;
}

/**
 * The code of a failed PostgreSQL call, from the SQLSTATE or the socket error (see classifyError):
 * PG_UNREACHABLE (class 08, 53, 57P01-57P03, connection lost; pg's own bare Errors such as
 * "Connection terminated unexpectedly" are about the connection too), PG_CONFLICT (40001, 40P01),
 * AUTH_FAILED (28000, 28P01, 42501), CONFIG_INVALID (3D000: no such database), else PG_WRITE_FAILED
 * for a SQLSTATE about the data, or UNEXPECTED.
 */
export function pgErrorCode(err: unknown): ErrorCode {
  return dependencyErrorCode(err, 'PG_UNREACHABLE');
}

/**
 * Whether a pg error is about the database rather than the rows (so a writer throws instead of
 * rejecting rows): retriable (unreachable, a lost race) or fatal (credentials refused).
 */
export function isOutage(err: unknown): boolean {
  const { retriable, fatal } = errorDeclaration(pgErrorCode(err));
  return retriable || fatal;
}

/** A StrandError for a failed PostgreSQL call, coded by pgErrorCode(), naming `what` failed. */
export function pgFailure(what: string, err: unknown): StrandError {
  return new StrandError(pgErrorCode(err), `${what}: ${describeError(err).message}`, { cause: err });
}

/**
 * Who a connection is for (docs/security.md): `write` the services (STRAND_DATABASE_URL, the
 * writer role), `read` the CLI's read commands (STRAND_DATABASE_READER_URL, else
 * STRAND_DATABASE_URL), `admin` migrations (STRAND_DATABASE_ADMIN_URL, else STRAND_DATABASE_URL).
 */
export type DatabaseAccess = 'write' | 'read' | 'admin';

/** The URL for `access` and the variable it came from (for messages). */
export function databaseUrlFor(config: StrandConfig, access: DatabaseAccess): { url: string; variable: string } {
  if (access === 'admin' && config.databaseAdminUrl) return { url: config.databaseAdminUrl, variable: 'STRAND_DATABASE_ADMIN_URL' };
  if (access === 'read' && config.databaseReaderUrl) return { url: config.databaseReaderUrl, variable: 'STRAND_DATABASE_READER_URL' };
  return { url: config.databaseUrl, variable: 'STRAND_DATABASE_URL' };
}

/** A pool to Strand's database with every session's search_path set to the Strand schema. Fails naming the address if Postgres does not answer. */
/** `access` picks the URL (databaseUrlFor; default `write`). `name` labels the pool's metrics (strand.db.pool.*). */
export async function connectPool(config: StrandConfig, opts: { max?: number; schema?: string; name?: string; access?: DatabaseAccess } = {}): Promise<pg.Pool> {
  const schema = opts.schema ?? config.dbSchema;
  const { url, variable } = databaseUrlFor(config, opts.access ?? 'write');
  const where = `PostgreSQL ${describeDatabase(url)}`;
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, options: `-c search_path=${quoteIdentifier(schema)},public`, connectionTimeoutMillis: config.connectTimeoutMs });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead of crashing
  try {
    await withDeadline(pool.query('SELECT 1'), config.connectTimeoutMs, 'PG_UNREACHABLE', where);
    observePool(pool, { pool: opts.name ?? 'main', schema });
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    const code = pgErrorCode(err);
    const reason = describeError(err).message;
    const sqlState = (err as { code?: unknown }).code;
    const state = typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState) ? `${sqlState} ` : '';
    if (code === 'AUTH_FAILED') throw new StrandError(code, `${where} refused our credentials (${state}${reason}); check the user and password in ${variable}`, { cause: err });
    if (code === 'CONFIG_INVALID') throw new StrandError(code, `${where}: ${reason}; check ${variable} (\`strand stack up\` creates the database)`, { cause: err });
    if (errorDeclaration(code).retriable) throw new StrandError('PG_UNREACHABLE', `${where} unreachable: ${reason}`, { cause: err });
    throw new StrandError(code, `${where}: connecting failed: ${reason}`, { cause: err });
  }
}
