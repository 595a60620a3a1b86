import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { repoRoot } from '@strand/stack';
import { isolatedConfig, runCli, testData, testFetchRules, testAdminUrl } from './helpers.js';

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
});

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) => new Promise<boolean>((resolve) => {
  const socket = connect({ host, port });
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

/** This machine's first non-loopback IPv4 address, if it has one. */
const outsideAddress = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Starts the parser service with the metrics endpoint on `port` and returns the parsed 'metrics endpoint up' log line. */
async function metricsLogLine(children: ChildProcess[], port: number, env: Record<string, string> = {}): Promise<{ address: string; port: number; url: string }> {
  const config = isolatedConfig();
  const child = spawn(process.execPath, [join(repoRoot, 'services', 'parser', 'dist', 'main.js')], {
    env: { ...process.env, STRAND_TOPIC_PREFIX: config.topicPrefix, STRAND_DB_SCHEMA: config.dbSchema, STRAND_DATABASE_ADMIN_URL: testAdminUrl, STRAND_LOG_LEVEL: 'info', STRAND_METRICS_PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const line = stderr.split('\n').find((l) => l.includes('"metrics endpoint up"'));
      if (line) resolve(JSON.parse(line) as { address: string; port: number; url: string });
    });
    child.once('exit', (code) => reject(new Error(`parser exited with ${code} before its metrics endpoint was up:\n${stderr}`)));
  });
}

describe('the metrics endpoint address', () => {
  const children: ChildProcess[] = [];
  afterAll(() => { for (const c of children) c.kill('SIGTERM'); });

  it('listens on 127.0.0.1 by default, as its log line says, and not on the other interfaces', async () => {
    const port = await freePort();
    const logged = await metricsLogLine(children, port);
    expect(logged).toMatchObject({ address: '127.0.0.1', port, url: `http://127.0.0.1:${port}/metrics` });
    expect(await accepts('127.0.0.1', port)).toBe(true);
    if (outsideAddress) expect(await accepts(outsideAddress, port), `not reachable on ${outsideAddress}`).toBe(false);
  });

  it('listens where STRAND_METRICS_HOST says, and logs the address it really bound', async () => {
    const port = await freePort();
    const logged = await metricsLogLine(children, port, { STRAND_METRICS_HOST: '0.0.0.0' });
    expect(logged).toMatchObject({ address: '0.0.0.0', port });
    if (outsideAddress) expect(await accepts(outsideAddress, port)).toBe(true);
    // A name is logged as the address it resolved to.
    const named = await freePort();
    expect(await metricsLogLine(children, named, { STRAND_METRICS_HOST: 'localhost' })).toMatchObject({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/), port: named });
  });
});

describe('Prometheus metrics of a service process', () => {
  const children: ChildProcess[] = [];
  afterAll(() => { for (const c of children) c.kill('SIGTERM'); });

  it('exposes per-stage message counts and consumer lag per partition', async () => {
    const config = isolatedConfig();
    const port = await freePort();
    const env = { ...process.env, STRAND_TOPIC_PREFIX: config.topicPrefix, STRAND_DB_SCHEMA: config.dbSchema, STRAND_DATABASE_ADMIN_URL: testAdminUrl, STRAND_LOG_LEVEL: 'warn', STRAND_METRICS_PORT: String(port) };
    const parser = spawn(process.execPath, [join(repoRoot, 'services', 'parser', 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    parser.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    children.push(parser);
    const ingested = await runCli(['ingest', 'genbank', testData('genbank', 'sample-division.gbff.gz')], config);
    expect(ingested.code, ingested.stderr).toBe(0);
    let text = '';
    for (let i = 0; i < 300 && !/strand_stage_messages_total\{[^}]*stage="genbank.parser"[^}]*\} 11\b/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 200));
      text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).catch(() => '');
    }
    expect(text, stderr).toMatch(/strand_stage_messages_total\{[^}]*stage="genbank.parser"[^}]*outcome="processed"[^}]*\} 11\b|strand_stage_messages_total\{[^}]*outcome="processed"[^}]*stage="genbank.parser"[^}]*\} 11\b/);
    const lagLines = text.split('\n').filter((l) => l.startsWith('strand_consumer_lag{') && l.includes(`${config.topicPrefix}.genbank.raw`));
    expect(lagLines.length).toBeGreaterThan(0);
    for (const line of lagLines) {
      expect(line).toMatch(/partition="\d+"/);
      expect(line).toMatch(/\} 0$/);
    }
    expect(text).toContain('strand_stage_chunk_duration_bucket');
  });

  it('gives fetcher groups the same stage metrics and lag as every other stage', async () => {
    const config = isolatedConfig();
    const port = await freePort();
    const env = { ...process.env, ...testFetchRules, STRAND_TOPIC_PREFIX: config.topicPrefix, STRAND_DB_SCHEMA: config.dbSchema, STRAND_RATE_LIMIT_KEY: config.rateLimitKey, STRAND_DATABASE_ADMIN_URL: testAdminUrl, STRAND_LOG_LEVEL: 'warn', STRAND_METRICS_PORT: String(port) };
    const fetcher = spawn(process.execPath, [join(repoRoot, 'services', 'fetcher', 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    fetcher.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    children.push(fetcher);
    const queued = await runCli(['fetch', 'genbank', '--file', testData('genbank', 'sample-division.gbff.gz')], config);
    expect(queued.code, queued.stderr).toBe(0);
    let text = '';
    for (let i = 0; i < 300 && !/strand_stage_outputs_total\{[^}]*stage="genbank.fetcher"[^}]*\} 11\b/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 200));
      text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).catch(() => '');
    }
    expect(text, stderr).toMatch(/strand_stage_outputs_total\{[^}]*stage="genbank.fetcher"[^}]*\} 11\b/);
    expect(text).toMatch(/strand_stage_messages_total\{[^}]*stage="genbank.fetcher"[^}]*\} 1\b/);
    const lagLines = text.split('\n').filter((l) => l.startsWith('strand_consumer_lag{') && l.includes(`${config.topicPrefix}.genbank.fetch"`));
    expect(lagLines.length).toBeGreaterThan(0);
    expect(lagLines.some((l) => l.includes(`group="${config.topicPrefix}.genbank.fetcher"`))).toBe(true);
  });
});
