import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig, createLogger, type StrandConfig } from '@strand/runtime';
import { startStageService, type StageService } from '@strand/pipeline';
import { connectPool, migrate } from '@strand/db';
import { genbankParseStage } from '@strand/parser';
import { genbankEnrichStage } from '@strand/enricher';
import { genbankRowsStage, genbankWriter } from '@strand/sink';
import { repoRoot } from '@strand/stack';
import type pg from 'pg';

/** A config with a topic prefix, consumer groups and a Postgres schema of its own, so tests never share state. */
export function isolatedConfig(env: Record<string, string> = {}): StrandConfig {
  const id = randomBytes(4).toString('hex');
  const vars = { STRAND_TOPIC_PREFIX: `test-${id}`, STRAND_DB_SCHEMA: `test_${id}`, STRAND_RATE_LIMIT_KEY: `test-${id}`, STRAND_LOG_LEVEL: 'warn', ...env };
  const config = loadConfig({ ...process.env, ...vars });
  configVars.set(config, vars);
  return config;
}

/** The variables each isolated config was made from, so a CLI child process gets the same ones. */
const configVars = new WeakMap<StrandConfig, Record<string, string>>();

export interface InProcessPipeline {
  pool: pg.Pool;
  /** Stops the three services, keeping the schema (to restart them on the same data). */
  stopServices(): Promise<void>;
  /** Stops the services and drops the test's schema. */
  stop(): Promise<void>;
}

/** Runs parser, enricher and sink in this process against the real stack, with the config's topics and schema. */
export async function startGenbankPipeline(config: StrandConfig): Promise<InProcessPipeline> {
  const logger = createLogger('warn', { test: config.topicPrefix });
  const pool = await connectPool(config);
  await migrate(pool, config.dbSchema);
  const services: StageService[] = [];
  services.push(await startStageService({ serviceName: 'parser', config, logger, stage: genbankParseStage, input: (t) => t.genbankRaw, output: (ctx) => ({ kind: 'topic', topic: ctx.topics.genbankParsed, key: (v) => v.accession }) }));
  services.push(await startStageService({ serviceName: 'enricher', config, logger, stage: genbankEnrichStage, input: (t) => t.genbankParsed, output: (ctx) => ({ kind: 'topic', topic: ctx.topics.genbankEnriched, key: (v) => v.accession }) }));
  services.push(await startStageService({ serviceName: 'sink', config, logger, stage: genbankRowsStage, input: (t) => t.genbankEnriched, output: (ctx) => genbankWriter(ctx.pool) }));
  let stopped = false;
  const stopServices = async () => {
    if (stopped) return;
    stopped = true;
    for (const s of services) await s.stop();
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

/** Starts the fetcher worker in this process (it consumes the fetch topic of the config's prefix). */
export async function startFetcher(config: StrandConfig, spoolDir: string): Promise<{ stop(): Promise<void> }> {
  const { connectPipeline } = await import('@strand/pipeline');
  const { runFetchWorker } = await import('@strand/fetcher');
  const ctx = await connectPipeline('fetcher', { config, logger: createLogger('warn', { test: config.topicPrefix }) });
  const worker = await runFetchWorker(ctx, { spoolDir });
  return { stop: async () => { await worker.stop(); await ctx.close(); } };
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
