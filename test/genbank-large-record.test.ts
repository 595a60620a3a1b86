import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { isolatedConfig, startGenbankPipeline, runCli, type InProcessPipeline } from './helpers.js';

/** Writes a syntactically complete GenBank record with `length` bases; returns the SHA-256 of its sequence. */
async function writeLargeRecord(path: string, length: number): Promise<string> {
  const out = createWriteStream(path);
  const write = async (s: string) => { if (!out.write(s)) await once(out, 'drain'); };
  await write(`LOCUS       BIG000001 ${String(length).padStart(12)} bp    DNA     linear   CON 01-JAN-2026\n`);
  await write('DEFINITION  Generated 50 MB test record (not real data).\nACCESSION   BIG000001\nVERSION     BIG000001.1\nKEYWORDS    .\n');
  await write('SOURCE      synthetic construct\n  ORGANISM  synthetic construct\n            other sequences; artificial sequences.\n');
  await write(`FEATURES             Location/Qualifiers\n     source          1..${length}\n                     /mol_type="genomic DNA"\nORIGIN\n`);
  const hash = createHash('sha256');
  const bases = 'acgt';
  let seed = 12345;
  for (let pos = 0; pos < length; pos += 60) {
    let line = String(pos + 1).padStart(9);
    for (let block = 0; block < 60 && pos + block < length; block += 10) {
      let chunk = '';
      for (let i = block; i < block + 10 && pos + i < length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        chunk += bases[seed % 4];
      }
      hash.update(chunk.toUpperCase());
      line += ` ${chunk}`;
    }
    await write(line + '\n');
  }
  await write('//\n');
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

describe('a record far over the 1 MB Kafka message limit', () => {
  const config = isolatedConfig();
  let pipeline: InProcessPipeline;
  const dir = mkdtempSync(join(tmpdir(), 'strand-big-'));

  beforeAll(async () => { pipeline = await startGenbankPipeline(config); });
  afterAll(async () => { await pipeline?.stop(); rmSync(dir, { recursive: true, force: true }); });

  it('passes through the whole pipeline (by reference) and lands with the right SHA-256', async () => {
    const length = 50_000_000;
    const file = join(dir, 'big.gb');
    const sha256 = await writeLargeRecord(file, length);
    const result = await runCli(['ingest', 'genbank', file, '--wait'], config, { killAfterMs: 600_000 });
    expect(result.stderr).toContain('published 1 records');
    expect(result.code).toBe(0);
    const { rows } = await pipeline.pool.query<{ sequence_length: string; sequence_sha256: string; check: string }>(
      `SELECT sequence_length, sequence_sha256, encode(sha256(convert_to(sequence, 'UTF8')), 'hex') AS check FROM sequences WHERE accession = 'BIG000001'`);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.sequence_length)).toBe(length);
    expect(rows[0]!.sequence_sha256).toBe(sha256);
    expect(rows[0]!.check).toBe(sha256); // what Postgres holds, hashed by Postgres
    const { rows: stored } = await pipeline.pool.query<{ n: string }>('SELECT count(*) AS n FROM payloads');
    expect(Number(stored[0]!.n)).toBeGreaterThanOrEqual(3); // raw, parsed and enriched each went by reference
  });
});
