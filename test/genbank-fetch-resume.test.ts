import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createKafka, connectAdmin, createLogger } from '@strand/runtime';
import { waitForDrain } from '@strand/pipeline';
import { repoRoot } from '@strand/stack';
import { startNcbiStandin, type NcbiStandin } from '@strand/standins';
import { isolatedConfig, startGenbankPipeline, runCli, testData, storedSequences, testFetchRules, type InProcessPipeline } from './helpers.js';
import { topicsOf } from './helpers.js';

const sample = testData('genbank', 'sample-division.gbff.gz');

describe('a fetcher killed in the middle of a division file', () => {
  let ncbi: NcbiStandin;
  let pipeline: InProcessPipeline;
  const stateDir = mkdtempSync(join(tmpdir(), 'strand-state-'));
  const children: ChildProcess[] = [];

  beforeAll(async () => { ncbi = await startNcbiStandin({ dataDir: testData('genbank'), divisionFiles: { 'gbsmp1.seq.gz': sample } }); });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await pipeline?.stop();
    await ncbi?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('resumes with an HTTP Range request from its spool and its Kafka checkpoint, and every record lands once', async () => {
    const config = isolatedConfig({ STRAND_STATE_DIR: stateDir, STRAND_NCBI_EUTILS_URL: `${ncbi.url}/entrez/eutils` });
    pipeline = await startGenbankPipeline(config);
    const topics = topicsOf(config);
    // The stand-in is the NCBI host (allowed), on 127.0.0.1 (listed as private by testFetchRules).
    const env = { ...process.env, ...testFetchRules, STRAND_NCBI_FTP_URL: `${ncbi.url}/genbank`, STRAND_TOPIC_PREFIX: config.topicPrefix, STRAND_DB_SCHEMA: config.dbSchema, STRAND_STATE_DIR: stateDir, STRAND_LOG_LEVEL: 'warn' };
    const startFetcherProcess = () => {
      const child = spawn(process.execPath, [join(repoRoot, 'services', 'fetcher', 'dist', 'main.js')], { env, stdio: 'ignore' });
      children.push(child);
      return child;
    };

    // A slow body: the file arrives in ten pieces over 12 s, so the fetcher checkpoints part-way.
    ncbi.setFaults({ slowBodyMs: 12_000 });
    const first = startFetcherProcess();
    const url = `${ncbi.url}/genbank/gbsmp1.seq.gz`;
    expect((await runCli(['fetch', 'genbank', '--url', url], config)).code).toBe(0);
    // The first checkpoint the fetcher saves (Postgres, table fetch_checkpoints) after a durable flush.
    let checkpoint: { records: string; done: boolean } | undefined;
    while (!checkpoint) {
      ({ rows: [checkpoint] } = await pipeline.pool.query<{ records: string; done: boolean }>('SELECT records, done FROM fetch_checkpoints'));
      if (!checkpoint) await new Promise((r) => setTimeout(r, 100));
    }
    expect(checkpoint.done).toBe(false);
    expect(Number(checkpoint.records)).toBeGreaterThan(0);
    expect(Number(checkpoint.records)).toBeLessThan(11);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    ncbi.setFaults({});
    const requestsBefore = ncbi.stats().log.length;
    startFetcherProcess();
    const kafka = createKafka(config, createLogger('error'), 'test');
    const admin = await connectAdmin(kafka, config);
    try {
      await waitForDrain(admin, [
        { groupId: `${config.topicPrefix}.genbank.fetcher`, topic: topics.genbankFetch },
        { groupId: `${config.topicPrefix}.genbank.parser`, topic: topics.genbankRaw },
        { groupId: `${config.topicPrefix}.genbank.enricher`, topic: topics.genbankParsed },
        { groupId: `${config.topicPrefix}.genbank.sink`, topic: topics.genbankEnriched },
      ], { timeoutMs: 120_000 });
    } finally {
      await admin.disconnect();
    }

    const stored = await storedSequences(pipeline.pool);
    expect(stored.size).toBe(11);
    // The restarted fetcher asked only for the bytes its predecessor had not received.
    const resumed = ncbi.stats().log.slice(requestsBefore).filter((e) => e.method === 'GET' && e.path === '/genbank/gbsmp1.seq.gz');
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed[0]!.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(resumed[0]!.status).toBe(206);
    // It did not start over: the raw topic holds each record once, plus at most the one batch in flight at the kill.
    const ends = await (async () => {
      const a = await connectAdmin(kafka, config);
      try { return await a.fetchTopicOffsets(topics.genbankRaw); } finally { await a.disconnect(); }
    })();
    const rawCount = ends.reduce((n, p) => n + Number(p.high), 0);
    expect(rawCount).toBeGreaterThanOrEqual(11);
    expect(rawCount).toBeLessThan(11 + 11);
  });
});
