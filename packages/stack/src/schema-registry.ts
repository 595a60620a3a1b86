import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StrandError, type StrandConfig } from '@strand/runtime';
import { startDetached, readPid, stopByPidFile, runToCompletion, waitUntilAnswering } from './processes.js';
import { isPortOpen, httpAnswers } from './ports.js';
import type { StackPaths } from './paths.js';

type Log = (line: string) => void;

/** Where the registry answers: the origin of STRAND_REGISTRY_URL. */
function registryOrigin(config: StrandConfig): URL {
  return new URL(new URL(config.registryUrl).origin);
}

async function resolveApicurio(paths: StackPaths, log: Log): Promise<string> {
  const find = () => existsSync(paths.apicurioHome) ? readdirSync(paths.apicurioHome).find((f) => f.endsWith('-runner.jar')) : undefined;
  let jar = find();
  if (!jar) {
    log('resolving Apicurio Registry from Maven Central (first run only) ...');
    mkdirSync(paths.apicurioHome, { recursive: true });
    await runToCompletion('mvn', ['-q', '-B', '-f', join(paths.deploy, 'apicurio', 'pom.xml'), 'dependency:copy', `-DoutputDirectory=${paths.apicurioHome}`]);
    const archive = readdirSync(paths.apicurioHome).find((f) => f.endsWith('.tar.gz'));
    if (!archive) throw new StrandError('STACK_FAILED', `Apicurio archive not found in ${paths.apicurioHome} after mvn dependency:copy`);
    await runToCompletion('tar', ['xzf', archive], { cwd: paths.apicurioHome });
    jar = find();
    if (!jar) throw new StrandError('STACK_FAILED', `No *-runner.jar in the Apicurio archive ${archive}`);
  }
  return join(paths.apicurioHome, jar);
}

export async function registryAnswers(config: StrandConfig): Promise<boolean> {
  return httpAnswers(`${config.registryUrl}/subjects`);
}

/** The registry keeps its schemas in PostgreSQL (database `<db>_registry`), so ids stay valid across restarts. */
function jdbcUrl(config: StrandConfig): { url: string; user: string; password: string } {
  // The registry creates its own tables: it logs in as the admin (STRAND_DATABASE_ADMIN_URL), not as Strand's writer.
  const pg = new URL(config.databaseAdminUrl ?? config.databaseUrl);
  const db = `${pg.pathname.replace(/^\//, '') || 'strand'}_registry`;
  return { url: `jdbc:postgresql://${pg.hostname}:${pg.port || 5432}/${db}`, user: decodeURIComponent(pg.username || 'postgres'), password: decodeURIComponent(pg.password) };
}

export function registryDatabaseName(config: StrandConfig): string {
  return jdbcUrl(config).url.split('/').pop()!;
}

/**
 * The java command line and environment of the local Apicurio Registry. The database password goes
 * in the environment (APICURIO_DATASOURCE_PASSWORD, which Quarkus maps onto apicurio.datasource.password),
 * never on the command line: any local user can read a process' arguments (ps, /proc/PID/cmdline),
 * but only its owner its environment.
 */
export function apicurioLaunch(config: StrandConfig, jar: string, env: NodeJS.ProcessEnv = process.env): { args: string[]; env: NodeJS.ProcessEnv } {
  const origin = registryOrigin(config);
  const db = jdbcUrl(config);
  const args = [
    '-Xms128m', '-Xmx512m',
    `-Dquarkus.http.host=${origin.hostname}`, `-Dquarkus.http.port=${origin.port || 80}`,
    '-Dquarkus.management.enabled=false',
    '-Dapicurio.storage.kind=sql', '-Dapicurio.storage.sql.kind=postgresql',
    `-Dapicurio.datasource.url=${db.url}`, `-Dapicurio.datasource.username=${db.user}`,
    // Its default pool holds 20 connections; a registry for one pipeline needs a few.
    '-Dapicurio.datasource.jdbc.initial-size=2', '-Dapicurio.datasource.jdbc.min-size=2', '-Dapicurio.datasource.jdbc.max-size=8',
    '-Dapicurio.rules.global.compatibility=BACKWARD',
    '-Dapicurio.ccompat.use-canonical-hash=true',
    '-jar', jar,
  ];
  return { args, env: { ...env, APICURIO_DATASOURCE_PASSWORD: db.password } };
}

export async function registryUp(config: StrandConfig, paths: StackPaths, log: Log): Promise<string> {
  const origin = registryOrigin(config);
  if (!(await registryAnswers(config))) {
    const pidFile = join(paths.apicurioDir, 'apicurio.pid');
    if (readPid(pidFile) === null) {
      if (await isPortOpen(origin.hostname, Number(origin.port || 80))) {
        throw new StrandError('STACK_FAILED', `Port ${origin.host} is taken by something that is not a schema registry; set STRAND_REGISTRY_URL to a free address`);
      }
      const jar = await resolveApicurio(paths, log);
      mkdirSync(paths.apicurioDir, { recursive: true });
      const launch = apicurioLaunch(config, jar);
      startDetached('java', launch.args, { cwd: paths.apicurioDir, logFile: join(paths.apicurioDir, 'apicurio.log'), pidFile, env: launch.env });
      log(`starting Apicurio Registry at ${origin.host} (logs: ${join(paths.apicurioDir, 'apicurio.log')})`);
    }
    await waitUntilAnswering({ what: 'Schema registry', where: config.registryUrl, answers: () => registryAnswers(config), pidFile, logFile: join(paths.apicurioDir, 'apicurio.log') });
  }
  // Schemas evolve under BACKWARD compatibility (the registry refuses an incompatible one with 409); set it through the API, where it always takes.
  const res = await fetch(`${config.registryUrl}/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ compatibility: 'BACKWARD' }) });
  if (!res.ok) throw new StrandError('STACK_FAILED', `Could not set BACKWARD compatibility at ${config.registryUrl}/config: HTTP ${res.status}`);
  return `Schema registry up at ${config.registryUrl}`;
}

export async function registryDown(paths: StackPaths): Promise<boolean> {
  return stopByPidFile(join(paths.apicurioDir, 'apicurio.pid'));
}

