import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startNcbiStandin, type NcbiStandin, type Faults } from '@strand/standins';
import { isolatedConfig, startGenbankPipeline, startFetcher, runCli, testData, storedSequences } from './helpers.js';

const sample = testData('genbank', 'sample-division.gbff.gz');

describe('NCBI fetchers against the local NCBI stand-in', () => {
  let ncbi: NcbiStandin;
  const spoolRoot = mkdtempSync(join(tmpdir(), 'strand-spool-'));
  let expected: Map<string, string>;

  beforeAll(async () => {
    ncbi = await startNcbiStandin({ dataDir: testData('genbank'), divisionFiles: { 'gbsmp1.seq.gz': sample } });
    // What a clean run stores: the reference every faulty run must match exactly.
    const clean = await runOnce({});
    expected = clean;
    expect(expected.size).toBe(11);
  });
  afterAll(async () => { await ncbi?.close(); rmSync(spoolRoot, { recursive: true, force: true }); });

  /** One fresh pipeline (own topics, groups and schema), one division-file fetch with `faults`, the rows it left. */
  async function runOnce(faults: Faults, check?: (stderr: string) => void): Promise<Map<string, string>> {
    const config = isolatedConfig({ STRAND_NCBI_EUTILS_URL: `${ncbi.url}/entrez/eutils` });
    const pipeline = await startGenbankPipeline(config);
    const fetcher = await startFetcher(config, mkdtempSync(join(spoolRoot, 'run-')));
    try {
      ncbi.setFaults(faults);
      const result = await runCli(['fetch', 'genbank', '--url', `${ncbi.url}/genbank/gbsmp1.seq.gz`, '--wait'], config, { killAfterMs: 240_000 });
      expect(result.stderr).toContain('11 records stored in PostgreSQL (new, replaced or already held), 0 dead-lettered');
      expect(result.code, result.stderr).toBe(0);
      check?.(result.stderr);
      return await storedSequences(pipeline.pool);
    } finally {
      ncbi.setFaults({});
      await fetcher.stop();
      await pipeline.stop();
    }
  }

  const faultCases: [string, Faults][] = [
    ['HTTP 429 twice', { status429: 2 }],
    ['HTTP 500 twice', { status500: 2 }],
    ['a connection reset mid-body', { reset: 1 }],
    ['a slow body', { slowBodyMs: 1500 }],
    ['a truncated gzip body', { truncateGzip: 1 }],
  ];
  it('shows the download\'s progress under --wait: bytes downloaded of the file\'s size, from the fetcher\'s checkpoints', async () => {
    // The body dribbles in over 12 s, so the fetcher checkpoints (and the command reads) part-way.
    const size = readFileSync(sample).length;
    const got = await runOnce({ slowBodyMs: 12_000 }, (stderr) => {
      const lines = [...stderr.matchAll(/([\d.]+) of ([\d.]+) MB downloaded/g)];
      expect(lines.length, stderr).toBeGreaterThan(0);
      for (const [, read, total] of lines) {
        expect(total).toBe((size / 1e6).toFixed(1));
        expect(Number(read)).toBeLessThanOrEqual(Number(total));
      }
    });
    expect(got).toEqual(expected);
  });

  for (const [name, faults] of faultCases) {
    it(`lands every record of the division file exactly once despite ${name}`, async () => {
      const got = await runOnce(faults);
      expect(got).toEqual(expected);
    });
  }

  it('fetches an accession list through efetch within NCBI\'s 3 requests/s, sharing the budget between two fetchers', async () => {
    const config = isolatedConfig({ STRAND_NCBI_EUTILS_URL: `${ncbi.url}/entrez/eutils` });
    const pipeline = await startGenbankPipeline(config);
    const fetchers = [await startFetcher(config, mkdtempSync(join(spoolRoot, 'a-'))), await startFetcher(config, mkdtempSync(join(spoolRoot, 'b-')))];
    try {
      const since = ncbi.stats().log.length;
      ncbi.setFaults({ status429: 1, status500: 1 });
      const accessions = [...expected.keys()];
      // One request per id, so the two fetchers really compete for the shared budget.
      for (const id of accessions) {
        const queued = await runCli(['fetch', 'genbank', '--ids', id], config);
        expect(queued.code).toBe(0);
      }
      const result = await runCli(['fetch', 'genbank', '--query', 'Yersinia', '--wait'], config, { killAfterMs: 240_000 });
      expect(result.stderr).toContain('esearch "Yersinia": 1 ids');
      expect(result.code, result.stderr).toBe(0);
      expect(await storedSequences(pipeline.pool)).toEqual(expected);
      // NCBI's limit, measured where NCBI would measure it: E-utilities arrivals in any 1-second interval.
      const arrivals = ncbi.stats().log.slice(since).filter((e) => e.path.startsWith('/entrez/eutils/')).map((e) => e.t).sort((a, b) => a - b);
      expect(arrivals.length).toBeGreaterThanOrEqual(12); // 11 efetch + 1 esearch, plus retries
      let busiest = 0;
      for (let i = 0, j = 0; i < arrivals.length; i++) {
        while (arrivals[i]! - arrivals[j]! >= 1000) j++;
        busiest = Math.max(busiest, i - j + 1);
      }
      expect(busiest).toBeLessThanOrEqual(3);
    } finally {
      ncbi.setFaults({});
      for (const f of fetchers) await f.stop();
      await pipeline.stop();
    }
  });
});
