import { readdirSync, existsSync } from 'node:fs';
import pg from 'pg';
import { StrandError, sleep, type StrandConfig } from '@strand/runtime';
import { isPortOpen } from './ports.js';
import { runToCompletion } from './processes.js';
import { registryDatabaseName } from './schema-registry.js';

type Log = (line: string) => void;

const local = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1';

/** Starts the machine's PostgreSQL cluster when it is local and down (Debian's pg_ctlcluster). */
async function startLocalPostgres(log: Log): Promise<void> {
  if (!existsSync('/etc/postgresql')) throw new StrandError('STACK_FAILED', 'PostgreSQL is not running and no cluster was found in /etc/postgresql; install PostgreSQL (apt-get install postgresql) or set STRAND_DATABASE_URL');
  const version = readdirSync('/etc/postgresql').sort().pop()!;
  log(`starting PostgreSQL ${version} cluster "main"`);
  await runToCompletion('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
}

async function createDatabaseIfMissing(client: pg.Client, name: string, log: Log): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount) return;
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    log(`created database ${name}`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err; // created concurrently
  }
}

/** Makes sure PostgreSQL answers and that Strand's database and the registry's database exist. */
export async function postgresUp(config: StrandConfig, log: Log): Promise<string> {
  const url = new URL(config.databaseUrl);
  const host = url.hostname;
  const port = Number(url.port || 5432);
  if (!(await isPortOpen(host, port))) {
    if (!local(host)) throw new StrandError('STACK_FAILED', `PostgreSQL at ${host}:${port} is unreachable`);
    await startLocalPostgres(log);
    for (let i = 0; i < 60 && !(await isPortOpen(host, port)); i++) await sleep(500);
  }
  // Creating databases takes the admin role (STRAND_DATABASE_ADMIN_URL, else STRAND_DATABASE_URL), never the services' writer.
  const adminUrl = new URL(config.databaseAdminUrl ?? config.databaseUrl);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await createDatabaseIfMissing(client, url.pathname.replace(/^\//, '') || 'strand', log);
    await createDatabaseIfMissing(client, registryDatabaseName(config), log);
  } catch (err) {
    throw new StrandError('STACK_FAILED', `PostgreSQL at ${host}:${port}: ${(err as Error).message}`, { cause: err });
  } finally {
    await client.end().catch(() => undefined);
  }
  return `PostgreSQL up at ${host}:${port}${url.pathname}`;
}

export async function postgresAnswers(config: StrandConfig): Promise<boolean> {
  const url = new URL(config.databaseUrl);
  return isPortOpen(url.hostname, Number(url.port || 5432));
}
