import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { DeadLetter } from '@strand/runtime';
import { isolatedConfig, startGenbankPipeline, runCli, testData, readTopic, type InProcessPipeline } from './helpers.js';
import { topicsOf } from './helpers.js';

const read = (name: string) => readFileSync(testData('genbank', name), 'utf8');

/** Real records with bad ones between them: garbage, an unknown LOCUS layout, a broken location, and a record cut off at the end. */
function buildMixedFile(path: string): { good: string[]; badLines: number[] } {
  const eu = read('EU851978.gbk');
  const unknownLocus = read('iro.gb').replace(/^LOCUS.*$/m, 'LOCUS       ??? this is not a locus line at all');
  const badLocation = eu.replace('     CDS             1..1698', '     CDS             complement(12..')
    .replace(/ACCESSION   EU851978/, 'ACCESSION   XX000001').replace(/VERSION     EU851978\.1/, 'VERSION     XX000001.1');
  const truncated = read('PX1CG.gb');
  const parts = [
    read('NC_005816.gb'),
    'Some notes that someone pasted here\nby accident.\n',
    unknownLocus,
    eu,
    badLocation,
    truncated.slice(0, Math.floor(truncated.length / 2)),
  ];
  const text = parts.join('');
  writeFileSync(path, text);
  // 1-based first line of each bad chunk, to check the dead letters point at the right place.
  const lineOf = (i: number) => parts.slice(0, i).join('').split('\n').length;
  return { good: ['NC_005816', 'EU851978'], badLines: [lineOf(1), lineOf(2), lineOf(4), lineOf(5)] };
}

describe('bad records between good ones', () => {
  const config = isolatedConfig();
  let pipeline: InProcessPipeline;
  beforeAll(async () => { pipeline = await startGenbankPipeline(config); });
  afterAll(async () => { await pipeline?.stop(); });

  it('lands the good records and dead-letters each bad one with its reason and source offset; the counts add up', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'strand-bad-')), 'mixed.gb');
    const { good, badLines } = buildMixedFile(file);
    const result = await runCli(['ingest', 'genbank', file, '--wait'], config);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('published 6 records');

    const { rows } = await pipeline.pool.query<{ accession: string }>('SELECT accession FROM sequences ORDER BY accession');
    expect(rows.map((r) => r.accession)).toEqual([...good].sort());

    const topics = topicsOf(config);
    const dead = await readTopic<DeadLetter>(config, topics.deadLetter, 4);
    expect(dead).toHaveLength(4);
    expect(dead.every((d) => d.value.stage === 'genbank.parser' && d.value.sourceTopic === topics.genbankRaw)).toBe(true);
    const byCode = dead.map((d) => d.value.errorCode).sort();
    expect(byCode).toEqual(['GENBANK_BAD_LOCATION', 'GENBANK_BAD_LOCUS', 'GENBANK_NOT_A_RECORD', 'GENBANK_TRUNCATED']);
    for (const d of dead) {
      expect(d.value.reason).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: `)); // names the file and the line
      expect(d.value.value).not.toBeNull(); // keeps the original message for replay
    }
    const reasonLines = dead.map((d) => Number(/:(\d+): /.exec(d.value.reason)![1]));
    for (const line of badLines) expect(reasonLines.some((l) => l >= line && l < line + 250), `a dead letter points into the chunk starting at line ${line}`).toBe(true);
    // Operators see the same through the CLI.
    const listed = await runCli(['dlq', 'list'], config);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { errorCode: string; sourceTopic: string; sourceOffset: number });
    expect(lines.map((l) => l.errorCode).sort()).toEqual(byCode);
    // Every raw record is accounted for: stored or dead-lettered.
    const raw = await readTopic<unknown>(config, topics.genbankRaw, 6);
    expect(rows.length + dead.length).toBe(raw.length);
  });
});
