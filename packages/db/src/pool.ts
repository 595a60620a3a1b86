import pg from 'pg';
import { StrandError, withDeadline, type StrandConfig } from '@strand/runtime';

/** Where a connection URL points, for error messages (never the password). */
export function describeDatabase(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}/${u.pathname.replace(/^\//, '')}`;
}

/** A pool to Strand's database with every session's search_path set to the Strand schema. Fails naming the address if Postgres does not answer. */
export async function connectPool(config: StrandConfig, opts: { max?: number; schema?: string } = {}): Promise<pg.Pool> {
  const schema = opts.schema ?? config.dbSchema;
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: opts.max ?? 4, options: `-c search_path=${schema},public`, connectionTimeoutMillis: config.connectTimeoutMs });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead of crashing
  try {
    await withDeadline(pool.query('SELECT 1'), config.connectTimeoutMs, 'PG_UNREACHABLE', `PostgreSQL ${describeDatabase(config.databaseUrl)}`);
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new StrandError('PG_UNREACHABLE', `PostgreSQL ${describeDatabase(config.databaseUrl)} unreachable: ${err instanceof Error ? err.message : String(err)}`, { retriable: true, cause: err });
  }
}

/** Whether a pg error means the database is unavailable (retry) rather than a bad row (dead-letter). */
export function isOutage(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return /^(08|53|57P|40001|40P01)/.test(code) || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated/i.test(String((err as Error).message));
}
