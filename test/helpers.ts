import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { loadConfig, createLogger, type StrandConfig } from '@strand/runtime';
import { startRole, sourceTopic, deadLetterTopic, type Role, type RoleService, type SourceDefinition } from '@strand/pipeline';
import { connectPool, migrate } from '@strand/db';
import { builtInSources, genbankSource, pubchemSource } from '@strand/sources';
import { repoRoot } from '@strand/stack';
import type pg from 'pg';

/**
 * The fetch allow-list of the tests, set explicitly (docs/security.md): fetch requests may name files
 * under test-data, and URLs of the stand-ins, which listen on 127.0.0.1 (a loopback address, refused
 * unless listed) at the NCBI / PubChem URLs each test configures (their host and port are allowed).
 */
export const testFetchRules = { STRAND_FETCH_FILE_ROOTS: join(repoRoot, 'test-data'), STRAND_FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1' };

/**
 * The admin URL the tests' services migrate their fresh schema with at start (docs/security.md: a service given
 * STRAND_DATABASE_ADMIN_URL migrates; one without it runs no DDL). A test of least privilege overrides it with ''.
 */
export const testAdminUrl = process.env.STRAND_DATABASE_ADMIN_URL || process.env.STRAND_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/strand';

/** A config with a topic prefix, consumer groups and a Postgres schema of its own, so tests never share state. */
export function isolatedConfig(env: Record<string, string> = {}): StrandConfig {
  const id = randomBytes(4).toString('hex');
  const vars = { STRAND_TOPIC_PREFIX: `test-${id}`, STRAND_DB_SCHEMA: `test_${id}`, STRAND_RATE_LIMIT_KEY: `test-${id}`, STRAND_LOG_LEVEL: 'warn', STRAND_DATABASE_ADMIN_URL: testAdminUrl, ...testFetchRules, ...env };
  const config = loadConfig({ ...process.env, ...vars });
  configVars.set(config, vars);
  return config;
}

/** The variables each isolated config was made from, so a CLI child process gets the same ones. */
const configVars = new WeakMap<StrandConfig, Record<string, string>>();

export interface InProcessPipeline {
  pool: pg.Pool;
  /** Stops the services, keeping the schema (to restart them on the same data). */
  stopServices(): Promise<void>;
  /** Stops the services and drops the test's schema. */
  stop(): Promise<void>;
}

/** The environment a service process needs to share a test's config (topics, groups, schema, budgets). */
export function serviceEnv(config: StrandConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, STRAND_LOG_LEVEL: 'warn', ...configVars.get(config), STRAND_PUBCHEM_URL: config.pubchemUrl, STRAND_ENRICH_MODE: config.enrichMode, STRAND_NCBI_EUTILS_URL: config.ncbiEutilsUrl, ...extra };
}

export interface ServiceProcesses {
  children: { name: Role; child: ChildProcess; stderr: string[] }[];
  /** SIGTERM each service and wait for it to exit (SIGKILL after 60 s: a bound for a hung stop, not a timing assertion). */
  stop(): Promise<void>;
}

/** Starts the REAL service entry points (services/<role>/dist/main.js) as child processes, as in production. */
export function spawnServices(config: StrandConfig, names: readonly Role[], extra: Record<string, string> = {}): ServiceProcesses {
  const env = serviceEnv(config, extra);
  const children = names.map((name) => {
    const child = spawn(process.execPath, [join(repoRoot, 'services', name, 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    child.stderr?.on('data', (d: Buffer) => { stderr.push(d.toString()); if (stderr.length > 200) stderr.shift(); });
    return { name, child, stderr };
  });
  let stopped = false;
  return {
    children,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await Promise.all(children.map(async ({ name, child, stderr }) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          process.stderr.write(`${name} service had exited with ${child.exitCode ?? child.signalCode}:\n${stderr.join('')}\n`);
          return;
        }
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        await exited;
        clearTimeout(timer);
      }));
    },
  };
}

/** Runs the parser, enricher and sink services (their real entry points) against the real stack, with the config's topics and schema. */
export async function startGenbankPipeline(config: StrandConfig): Promise<InProcessPipeline> {
  const pool = await connectPool(config);
  await migrate(pool, config.dbSchema);
  const services = spawnServices(config, ['parser', 'enricher', 'sink']);
  let stopped = false;
  const stopServices = async () => {
    if (stopped) return;
    stopped = true;
    await services.stop();
  };
  return {
    pool,
    stopServices,
    stop: async () => {
      await stopServices();
      await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
      await pool.end();
    },
  };
}

/** Runs roles in THIS process through the services' own wiring (startRole), e.g. to see their spans or hand them test-tuned sources. */
export async function startRolesInProcess(config: StrandConfig, names: readonly Role[], sources: readonly SourceDefinition[] = builtInSources): Promise<{ services: RoleService[]; stop(): Promise<void> }> {
  const logger = createLogger('warn', { test: config.topicPrefix });
  const services: RoleService[] = [];
  for (const name of names) services.push(await startRole(name, { config, logger, sources }));
  return { services, stop: async () => { for (const s of services) await s.stop(); } };
}

export interface CliResult { code: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null }

/** Runs the built `strand` CLI with the config's variables; kills it after `killAfterMs` (a bound for hangs, not a timing assertion). */
export function runCli(args: string[], config: StrandConfig, opts: { env?: Record<string, string>; killAfterMs?: number } = {}): Promise<CliResult> {
  const env = { ...process.env, ...configVars.get(config), ...opts.env };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'cli', 'dist', 'main.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 120_000);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, stdout, stderr, signal }); });
  });
}

export const testData = (...parts: string[]) => join(repoRoot, 'test-data', ...parts);

/** Starts the fetcher role in this process (GenBank and PubChem fetch stages) with its own spool folder. */
export async function startFetcher(config: StrandConfig, spoolDir: string): Promise<{ stop(): Promise<void> }> {
  return startRolesInProcess(config, ['fetcher'], [genbankSource({ spoolDir }), pubchemSource()]);
}

/** Accession -> sequence SHA-256 of what the sink holds. */
export async function storedSequences(pool: pg.Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ accession: string; sequence_sha256: string }>('SELECT accession, sequence_sha256 FROM sequences');
  return new Map(rows.map((r) => [r.accession, r.sequence_sha256]));
}

/** Reads `count` messages of a topic from the beginning and decodes them through the registry. */
export async function readTopic<T>(config: StrandConfig, topic: string, count: number): Promise<{ key: string | null; value: T; partition: number; offset: string }[]> {
  const { createKafka, ValueCodec } = await import('@strand/runtime');
  const kafka = createKafka(config, createLogger('error'), 'test-reader');
  const codec = new ValueCodec(config);
  const consumer = kafka.consumer({ groupId: `${config.topicPrefix}.reader.${randomBytes(3).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const got: { key: string | null; value: T; partition: number; offset: string }[] = [];
  await new Promise<void>((resolve) => {
    if (count === 0) resolve();
    void consumer.run({ eachMessage: async ({ partition, message }) => {
      got.push({ key: message.key?.toString() ?? null, value: await codec.decode<T>(message.value!, topic), partition, offset: message.offset });
      if (got.length >= count) resolve();
    } });
  });
  await consumer.disconnect();
  return got;
}

/** Every topic name of the built-in sources under the config's prefix. */
export function topicsOf(config: StrandConfig) {
  const t = (source: string, name: string) => sourceTopic(config.topicPrefix, source, name);
  return {
    genbankFetch: t('genbank', 'fetch'), genbankRaw: t('genbank', 'raw'), genbankParsed: t('genbank', 'parsed'), genbankEnriched: t('genbank', 'enriched'),
    pubchemRequests: t('pubchem', 'requests'), pubchemRaw: t('pubchem', 'raw'), pubchemParsed: t('pubchem', 'parsed'), pubchemEnriched: t('pubchem', 'enriched'),
    deadLetter: deadLetterTopic(config.topicPrefix),
  };
}
