import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { repoRoot } from '@strand/stack';
import { Redis } from 'ioredis';
import { SharedRateLimiter } from '@strand/resilience';
import { connectPipeline, stageGroups } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { isolatedConfig, startGenbankPipeline, runCli, serviceEnv, testData, readTopic, topicsOf, type InProcessPipeline } from '../../../test/helpers.js';
import { clearRedisKeys } from '../../../test/pubchem-helpers.js';
import type { StatusReport } from '../../src/status/collect-status.js';

describe('strand status (real stack, running services)', () => {
  const config = isolatedConfig();
  let pipeline: InProcessPipeline;
  let redis: Redis;

  beforeAll(async () => {
    pipeline = await startGenbankPipeline(config); // parser, enricher and sink services; no fetcher
    redis = new Redis(config.redisUrl);
    const ingest = await runCli(['ingest', 'genbank', testData('genbank', 'sample-division.gbff.gz'), '--wait'], config);
    expect(ingest.code, ingest.stderr).toBe(0);
    // One poison record on the parser's input (not Avro at all): the parser dead-letters it.
    const ctx = await connectPipeline('test', { config, sources: builtInSources });
    await ctx.producer.send({ topic: topicsOf(config).genbankRaw, acks: -1, messages: [{ key: 'POISON1', value: Buffer.from('not avro') }] });
    await ctx.close();
    const [dead] = await readTopic<{ stage: string }>(config, `${config.topicPrefix}.dlq`, 1);
    expect(dead!.value.stage).toBe('genbank.parser');
    // A PubChem budget in use, and paused (as PubChem's Black makes the fetchers do).
    const limiter = new SharedRateLimiter(redis, { key: `${config.rateLimitKey}:pubchem`, windows: [{ limit: 5, perMs: 1100 }, { limit: 400, perMs: 61_000 }] });
    await limiter.acquire();
    await limiter.acquire();
    await limiter.pauseFor(600_000);
    // A paused stage (strand pause): status names it.
    const paused = await runCli(['pause', '--stage', 'genbank.fetcher'], config);
    expect(paused.code, paused.stderr).toBe(0);
  });
  afterAll(async () => {
    await pipeline?.stop();
    await clearRedisKeys(config);
    redis?.disconnect();
  });

  it('--json: every declared stage with its live instances, lag and rates; dead letters; the budget and its pause; the stack', async () => {
    const result = await runCli(['status', '--json', '--sample-s', '1'], config);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as StatusReport;
    expect(report.prefix).toBe(config.topicPrefix);
    expect(report.stages.map((s) => s.stage)).toEqual(stageGroups(config.topicPrefix, builtInSources).map((g) => g.stage));
    const stage = (name: string) => report.stages.find((s) => s.stage === name)!;
    for (const name of ['genbank.parser', 'genbank.enricher', 'genbank.sink']) {
      expect(stage(name).instances, name).toBe(1);
      expect(stage(name).lag, name).toBe(0);
      expect(stage(name).topicExists).toBe(true);
      expect(stage(name).outPerSec).not.toBeNull();
    }
    expect(stage('genbank.fetcher').instances).toBe(0); // no fetcher service in this test
    expect(stage('genbank.fetcher').paused).toMatchObject({ by: expect.stringContaining('@') });
    expect(stage('genbank.parser').paused).toBeNull();
    // The 11 records of the sample and the poison record reached the parser's input within the last minute.
    expect(stage('genbank.parser').inPerSec).toBeCloseTo(12 / 60, 5);
    expect(report.deadLettersLastHour).toBe(1);
    expect(report.deadLettersCounted).toBe(1);
    expect(stage('genbank.parser').deadLettersLastHour).toBe(1);
    for (const other of report.stages.filter((s) => s.stage !== 'genbank.parser')) expect(other.deadLettersLastHour, other.stage).toBe(0);
    const budget = report.budgets!.find((b) => b.key === `${config.rateLimitKey}:pubchem`)!;
    expect(budget.windows).toEqual([{ perMs: 1100, grants: expect.any(Number) }, { perMs: 61_000, grants: 2 }]);
    expect(budget.pausedUntil).toBeGreaterThan(Date.now());
    expect(report.stack.filter((c) => !c.optional).every((c) => c.up)).toBe(true);
  });

  it('as text: one screen of at most 80 columns naming every stage, its instances and the budget\'s pause', async () => {
    const result = await runCli(['status', '--sample-s', '1'], config);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(result.stdout).toMatch(/genbank\.parser +1 +0 +\S+ +\S+ +1  running/);
    expect(result.stdout).toMatch(/genbank\.fetcher +0 .* PAUSED by \S+@/);
    expect(result.stdout).toMatch(/genbank\.enricher +1 .* running/);
    expect(result.stdout).toContain('dead letters, last hour: 1');
    expect(result.stdout).toMatch(new RegExp(`${config.rateLimitKey}:pubchem +\\d+ in 1\\.1s, 2 in 61s; PAUSED until`));
  });

  it('--watch redraws until Ctrl-C, then exits 0', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'cli', 'dist', 'main.js'), 'status', '--watch', '--json', '--interval', '1', '--sample-s', '1'], { env: serviceEnv(config), stdio: ['ignore', 'pipe', 'pipe'] });
    const reports: StatusReport[] = [];
    let buffer = '';
    const twoReports = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) reports.push(JSON.parse(line) as StatusReport);
        if (reports.length >= 2) resolve();
      });
    });
    await twoReports;
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(reports[1]!.at).toBeGreaterThan(reports[0]!.at);
    expect(reports[1]!.stages.find((s) => s.stage === 'genbank.sink')!.instances).toBe(1);
  });
});
