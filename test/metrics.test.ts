import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { repoRoot } from '@strand/stack';
import { isolatedConfig, runCli, testData } from './helpers.js';

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
});

describe('Prometheus metrics of a service process', () => {
  const children: ChildProcess[] = [];
  afterAll(() => { for (const c of children) c.kill('SIGTERM'); });

  it('exposes per-stage message counts and consumer lag per partition', async () => {
    const config = isolatedConfig();
    const port = await freePort();
    const env = { ...process.env, STRAND_TOPIC_PREFIX: config.topicPrefix, STRAND_DB_SCHEMA: config.dbSchema, STRAND_LOG_LEVEL: 'warn', STRAND_METRICS_PORT: String(port) };
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
    const env = { ...process.env, STRAND_TOPIC_PREFIX: config.topicPrefix, STRAND_DB_SCHEMA: config.dbSchema, STRAND_RATE_LIMIT_KEY: config.rateLimitKey, STRAND_LOG_LEVEL: 'warn', STRAND_METRICS_PORT: String(port) };
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
