import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedConfig, startGenbankPipeline, runCli, testData, type InProcessPipeline } from '../../../test/helpers.js';

describe('strand ingest --wait: honest results', () => {
  const config = isolatedConfig();
  const dir = mkdtempSync(join(tmpdir(), 'strand-ingest-'));
  let pipeline: InProcessPipeline;
  beforeAll(async () => { pipeline = await startGenbankPipeline(config); });
  afterAll(async () => {
    await pipeline?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 and counts the dead letter when a record is poison; the good one lands', async () => {
    const file = join(dir, 'mixed.gb');
    const broken = readFileSync(testData('genbank', 'EU851978.gbk'), 'utf8').replace(/^LOCUS .*$/m, 'LOCUS       BROKEN');
    writeFileSync(file, readFileSync(testData('genbank', 'iro.gb'), 'utf8') + broken);
    const result = await runCli(['ingest', 'genbank', file, '--wait'], config);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('published 2 records');
    expect(result.stderr).toContain('1 records stored in PostgreSQL');
    expect(result.stderr).toContain('1 dead-lettered (1 GENBANK_BAD_LOCUS');
    const { rows } = await pipeline.pool.query<{ accession: string }>('SELECT accession FROM sequences');
    expect(rows).toHaveLength(1);
  });

  it('counts only what happened after it started: a clean ingest exits 0 although the dead-letter topic holds an older letter', async () => {
    const result = await runCli(['ingest', 'genbank', testData('genbank', 'NC_005816.gb'), '--wait'], config);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('1 records stored in PostgreSQL');
    expect(result.stderr).toContain('0 dead-lettered');
  });
});
