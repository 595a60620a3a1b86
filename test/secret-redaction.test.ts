import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createLogger, type DeadLetter, type StrandConfig } from '@strand/runtime';
import { startRole } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { connectPool } from '@strand/db';
import { repoRoot } from '@strand/stack';
import { startNcbiStandin, type NcbiStandin } from '@strand/standins';
import { isolatedConfig, readTopic, runCli, serviceEnv, topicsOf } from './helpers.js';

/**
 * One known secret in every secret-bearing variable (NCBI API key; the passwords of the database,
 * Redis and registry URLs); then what a user sees and what the pipeline keeps (CLI output, service
 * logs, dead letters, a metrics scrape, spans, the demo) must not hold it anywhere. Each check also
 * asserts that the place did name the URL or value the secret belongs to (api_key=, redis://,
 * the registry address, psql postgres://...), so it fails if the redaction is taken away.
 */
const SECRET = 'Zx9-strand-secret-7Qw2';

/** The OpenTelemetry SDK with an in-memory exporter: the spans Strand really emits. */
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
});

/** A service's real entry point with the test's environment, all of its stderr kept. */
function spawnService(role: string, config: StrandConfig, extra: Record<string, string> = {}): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  let stderr = '';
  const child = spawn(process.execPath, [join(repoRoot, 'services', role, 'dist', 'main.js')], { env: serviceEnv(config, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

async function stopService(s: { child: ChildProcess; exited: Promise<number | null> }): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  await s.exited;
}

async function dropSchema(config: StrandConfig): Promise<void> {
  const pool = await connectPool({ ...config, databaseUrl: 'postgres://postgres@127.0.0.1:5432/strand' });
  await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
  await pool.end();
}

describe('secrets never leave the process', () => {
  let ncbi: NcbiStandin;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => { ncbi = await startNcbiStandin({ dataDir: join(repoRoot, 'test-data', 'genbank') }); });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await ncbi?.close();
    await provider.shutdown();
  });

  /** Every secret-bearing variable holds SECRET; E-utilities is a path the stand-in answers 404 on, so every efetch and esearch fails at once. */
  const secretConfig = (env: Record<string, string> = {}) => isolatedConfig({
    STRAND_NCBI_API_KEY: SECRET,
    STRAND_NCBI_EUTILS_URL: `${ncbi.url}/moved/entrez/eutils`,
    STRAND_DATABASE_URL: `postgres://postgres:${SECRET}@127.0.0.1:5432/strand`, // the local PostgreSQL trusts local connections: the password is carried, not checked
    ...env,
  });

  it('a failing E-utilities fetch: not in the CLI error, the fetcher log, the dead letter, `strand dlq list` or the metrics', async () => {
    const port = await freePort();
    const config = secretConfig();
    cleanups.push(() => dropSchema(config));
    const fetcher = spawnService('fetcher', config, { STRAND_LOG_LEVEL: 'debug', STRAND_METRICS_PORT: String(port) });
    cleanups.push(() => stopService(fetcher));

    // The CLI's own esearch: the error names the request URL, which carries api_key.
    const search = await runCli(['fetch', 'genbank', '--query', 'Yersinia'], config);
    expect(search.code, search.stderr).toBe(1);
    expect(search.stderr).toMatch(/esearch\.fcgi\?.*api_key=/);
    expect(search.stdout + search.stderr).not.toContain(SECRET);

    // The fetcher's efetch fails (HTTP 404, not retriable): the request is dead-lettered, naming the URL.
    const queued = await runCli(['fetch', 'genbank', '--ids', 'NC_005816'], config);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout + queued.stderr).not.toContain(SECRET);
    const [dead] = await readTopic<DeadLetter>(config, topicsOf(config).deadLetter, 1);
    expect(dead!.value).toMatchObject({ stage: 'genbank.fetcher', errorCode: 'HTTP_STATUS' });
    expect(dead!.value.reason).toMatch(/efetch\.fcgi\?.*api_key=/);
    expect(JSON.stringify(dead!.value)).not.toContain(SECRET);

    const listed = await runCli(['dlq', 'list'], config);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('api_key=');
    expect(listed.stdout + listed.stderr).not.toContain(SECRET);

    let metrics = '';
    for (let i = 0; i < 150 && !/strand_stage_messages_total\{[^}]*outcome="dead_lettered"/.test(metrics); i++) {
      await new Promise((r) => setTimeout(r, 200));
      metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).catch(() => '');
    }
    expect(metrics).toMatch(/strand_stage_messages_total\{[^}]*stage="genbank.fetcher"/);
    expect(metrics).not.toContain(SECRET);

    await stopService(fetcher);
    expect(fetcher.stderr()).toMatch(/"record dead-lettered".*api_key=/);
    expect(fetcher.stderr()).not.toContain(SECRET);
  });

  it('a failing E-utilities fetch: not in any span or log line of the fetcher stage', async () => {
    const config = secretConfig();
    cleanups.push(() => dropSchema(config));
    const lines: string[] = [];
    const logger = createLogger('debug', { test: config.topicPrefix }, (line) => lines.push(line));
    const service = await startRole('fetcher', { config, logger, sources: builtInSources });
    let stopped = false;
    const stop = async () => { if (!stopped) { stopped = true; await service.stop(); } };
    cleanups.push(stop);
    exporter.reset();
    const queued = await runCli(['fetch', 'genbank', '--ids', 'NC_005816'], config);
    expect(queued.code, queued.stderr).toBe(0);
    await readTopic<DeadLetter>(config, topicsOf(config).deadLetter, 1);
    await stop();

    const spans = exporter.getFinishedSpans().filter((s) => s.name.startsWith('genbank.fetcher'));
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.some((s) => /efetch\.fcgi\?.*api_key=/.test(s.status.message ?? '')), 'the span status names the request').toBe(true);
    for (const s of spans) {
      expect(JSON.stringify({ name: s.name, attributes: s.attributes, status: s.status, events: s.events, links: s.links })).not.toContain(SECRET);
    }
    expect(lines.some((l) => l.includes('api_key='))).toBe(true);
    for (const line of lines) expect(line).not.toContain(SECRET);
  });

  it('an unreachable Redis with a password: not in the CLI error nor the service output', async () => {
    // A Redis that accepts connections and never answers (the AUTH goes unanswered): the connect deadline names the URL.
    const held = new Set<import('node:net').Socket>();
    const silent = createServer((socket) => { held.add(socket); socket.on('error', () => undefined); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => { for (const s of held) s.destroy(); silent.close(() => resolve()); }));
    const config = secretConfig({ STRAND_REDIS_URL: `redis://:${SECRET}@127.0.0.1:${(silent.address() as { port: number }).port}`, STRAND_CONNECT_TIMEOUT_MS: '3000' });
    cleanups.push(() => dropSchema(config));
    const search = await runCli(['fetch', 'genbank', '--query', 'Yersinia'], config);
    expect(search.code).toBe(1);
    expect(search.stderr).toMatch(/REDIS_UNREACHABLE.*redis:\/\//);
    expect(search.stdout + search.stderr).not.toContain(SECRET);

    const fetcher = spawnService('fetcher', config, { STRAND_LOG_LEVEL: 'debug' });
    cleanups.push(() => stopService(fetcher));
    expect(await fetcher.exited).toBe(1);
    expect(fetcher.stderr()).toContain('REDIS_UNREACHABLE');
    expect(fetcher.stderr()).not.toContain(SECRET);
  });

  it('an unreachable registry with a password: not in the CLI output nor the service output', async () => {
    const config = secretConfig({ STRAND_REGISTRY_URL: `http://strand:${SECRET}@127.0.0.1:${await freePort()}/apis/ccompat/v7`, STRAND_CONNECT_TIMEOUT_MS: '3000' });
    const status = await runCli(['stack', 'status'], config);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/schema-registry\s+DOWN\s+http:\/\/strand:/);
    expect(status.stdout + status.stderr).not.toContain(SECRET);

    const queued = await runCli(['fetch', 'genbank', '--ids', 'NC_005816'], config);
    expect(queued.code).toBe(1);
    expect(queued.stderr).toMatch(/REGISTRY_UNREACHABLE.*Schema registry http:\/\/127\.0\.0\.1/);
    expect(queued.stdout + queued.stderr).not.toContain(SECRET);

    const parser = spawnService('parser', config, { STRAND_LOG_LEVEL: 'debug' });
    cleanups.push(() => stopService(parser));
    expect(await parser.exited).toBe(1);
    expect(parser.stderr()).toContain('REGISTRY_UNREACHABLE');
    expect(parser.stderr()).not.toContain(SECRET);
  });

  it('the demo: not in what it prints (its psql hint names the database without the password) nor in its service logs', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'strand-demo-secret-'));
    cleanups.push(async () => rmSync(stateDir, { recursive: true, force: true }));
    const config = secretConfig({ STRAND_STATE_DIR: stateDir, STRAND_LOG_LEVEL: 'info' });
    cleanups.push(() => dropSchema(config));
    const demo = await runCli(['demo'], config, { killAfterMs: 600_000 });
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('psql postgres://postgres@127.0.0.1:5432/strand');
    expect(demo.stdout + demo.stderr).not.toContain(SECRET);
    const logs = join(stateDir, 'logs');
    const files = readdirSync(logs);
    expect(files.sort()).toEqual(['enricher.log', 'fetcher.log', 'parser.log', 'sink.log']);
    for (const f of files) expect(readFileSync(join(logs, f), 'utf8'), f).not.toContain(SECRET);
  }, 660_000);
});
