import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createKafka, connectAdmin, createLogger } from '@strand/runtime';
import { isolatedConfig, startGenbankPipeline, runCli, testData, type InProcessPipeline } from './helpers.js';
import { topicsOf } from './helpers.js';

/** Expected rows computed straight from the file, without Strand's parser: accession, length, SHA-256 of the ORIGIN letters. */
function expectedFromFile(path: string): Map<string, { length: number; sha256: string }> {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  const expected = new Map<string, { length: number; sha256: string }>();
  for (const chunk of text.split(/^\/\/\n/m)) {
    const accession = /^ACCESSION\s+(\S+)/m.exec(chunk)?.[1];
    if (!accession) continue;
    const origin = chunk.slice(chunk.indexOf('\nORIGIN') + 7);
    const sequence = origin.replace(/[^A-Za-z]/g, '').toUpperCase();
    expected.set(accession, { length: sequence.length, sha256: createHash('sha256').update(sequence).digest('hex') });
  }
  return expected;
}

describe('GenBank end to end: CLI ingest -> Kafka -> parser -> enricher -> sink -> Postgres', () => {
  const config = isolatedConfig();
  const sample = testData('genbank', 'sample-division.gbff.gz');
  let pipeline: InProcessPipeline;

  beforeAll(async () => { pipeline = await startGenbankPipeline(config); });
  afterAll(async () => { await pipeline?.stop(); });

  const rows = async () => (await pipeline.pool.query<{ accession: string; sequence_length: string; sequence_sha256: string; ingested_at: Date }>(
    'SELECT accession, sequence_length, sequence_sha256, ingested_at FROM sequences ORDER BY accession')).rows;

  it('lands the 11 sample records with the right accessions, lengths and SHA-256', async () => {
    const result = await runCli(['ingest', 'genbank', sample, '--wait'], config);
    expect(result.stderr).toContain('published 11 records');
    expect(result.code).toBe(0);
    const expected = expectedFromFile(sample);
    expect(expected.size).toBe(11);
    const got = await rows();
    expect(got.map((r) => r.accession)).toEqual([...expected.keys()].sort());
    for (const r of got) {
      expect(Number(r.sequence_length), r.accession).toBe(expected.get(r.accession)!.length);
      expect(r.sequence_sha256, r.accession).toBe(expected.get(r.accession)!.sha256);
    }
  });

  it('ingesting the same file again still leaves 11 rows, untouched', async () => {
    const before = await rows();
    const result = await runCli(['ingest', 'genbank', sample, '--wait'], config);
    expect(result.code).toBe(0);
    const after = await rows();
    expect(after).toHaveLength(11);
    expect(after.map((r) => r.ingested_at.getTime())).toEqual(before.map((r) => r.ingested_at.getTime()));
  });

  it('rejects a file that is not GenBank with a clear error and a non-zero exit, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strand-'));
    const bogus = join(dir, 'not-genbank.txt');
    writeFileSync(bogus, 'hello\nthis is a shopping list\n');
    const kafka = createKafka(config, createLogger('error'), 'test');
    const admin = await connectAdmin(kafka, config);
    const raw = topicsOf(config).genbankRaw;
    const endsBefore = await admin.fetchTopicOffsets(raw);
    const result = await runCli(['ingest', 'genbank', bogus], config);
    const endsAfter = await admin.fetchTopicOffsets(raw);
    await admin.disconnect();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/INPUT_INVALID/);
    expect(result.stderr).toContain(`${bogus}: line 1: not a GenBank flat file`);
    expect(endsAfter).toEqual(endsBefore);
    expect(await rows()).toHaveLength(11);
  });

  it('names the broker address when Kafka is unreachable, instead of hanging', async () => {
    const result = await runCli(['ingest', 'genbank', sample], config, { env: { STRAND_KAFKA_BROKERS: '127.0.0.1:1', STRAND_CONNECT_TIMEOUT_MS: '10000' }, killAfterMs: 30_000 });
    expect(result.signal).toBeNull(); // it exited by itself, it was not killed at the 30 s bound
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KAFKA_UNREACHABLE');
    expect(result.stderr).toContain('127.0.0.1:1');
  });
});
