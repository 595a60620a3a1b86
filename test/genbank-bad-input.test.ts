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
    // --wait reports the dead letters and exits 1 (honest results).
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('published 6 records');
    expect(result.stderr).toContain('2 records stored in PostgreSQL');
    expect(result.stderr).toContain('4 dead-lettered');

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
    // The source and offset filters: this source's, and exactly the one at a given source offset (or a range).
    expect((await runCli(['dlq', 'list', '--source', 'genbank'], config)).stdout.trim().split('\n')).toHaveLength(byCode.length);
    expect((await runCli(['dlq', 'list', '--source', 'pubchem'], config)).stdout.trim()).toBe('');
    const one = lines[1]!;
    const atOffset = (await runCli(['dlq', 'list', '--offset', String(one.sourceOffset)], config)).stdout.trim().split('\n').map((l) => JSON.parse(l) as { sourceOffset: number });
    expect(atOffset.length).toBeGreaterThan(0);
    expect(atOffset.every((l) => l.sourceOffset === one.sourceOffset)).toBe(true);
    const offsets = lines.map((l) => l.sourceOffset).sort((a, b) => a - b);
    const ranged = (await runCli(['dlq', 'list', '--offset', `${offsets[0]}-${offsets[1]}`], config)).stdout.trim().split('\n');
    expect(ranged.length).toBe(lines.filter((l) => l.sourceOffset >= offsets[0]! && l.sourceOffset <= offsets[1]!).length);
    // Every raw record is accounted for: stored or dead-lettered.
    const raw = await readTopic<unknown>(config, topics.genbankRaw, 6);
    expect(rows.length + dead.length).toBe(raw.length);
  });
});

describe('bad text between good records (issue 11, item 4)', () => {
  const config = isolatedConfig();
  let pipeline: InProcessPipeline;
  beforeAll(async () => { pipeline = await startGenbankPipeline(config); });
  afterAll(async () => { await pipeline?.stop(); });

  it('dead-letters a record with invalid UTF-8 (INPUT_NOT_UTF8: line and byte offset) and one with a NUL (TEXT_HAS_NUL: the field); the records around them land unchanged', async () => {
    const eu = read('EU851978.gbk');
    const renamed = (text: string, accession: string) => text.replace(/ACCESSION   EU851978/, `ACCESSION   ${accession}`).replace(/VERSION     EU851978\.1/, `VERSION     ${accession}.1`);
    const accented = read('NC_005816.gb').replace(/^(DEFINITION  )/m, '$1Café ');
    const notUtf8 = Buffer.from(renamed(eu, 'XX000002'));
    const badAt = notUtf8.indexOf('DEFINITION') + 12;
    notUtf8[badAt] = 0xff; // a byte that is never UTF-8, where the definition starts
    const withNul = renamed(eu, 'XX000003').replace(/^(DEFINITION  \S+)/m, '$1\0');
    const parts = [Buffer.from(accented), notUtf8, Buffer.from(withNul), Buffer.from(eu)];
    const file = join(mkdtempSync(join(tmpdir(), 'strand-bad-text-')), 'bad-text.gb');
    writeFileSync(file, Buffer.concat(parts));
    const lineOf = (i: number) => Buffer.concat(parts.slice(0, i)).toString('latin1').split('\n').length;

    const result = await runCli(['ingest', 'genbank', file, '--wait'], config);
    expect(result.code, result.stderr).toBe(1); // two dead-lettered
    expect(result.stderr).toContain('published 4 records');
    expect(result.stderr).toContain('2 dead-lettered');

    const { rows } = await pipeline.pool.query<{ accession: string; definition: string }>('SELECT accession, definition FROM sequences ORDER BY accession');
    expect(rows.map((r) => r.accession)).toEqual(['EU851978', 'NC_005816']);
    expect(rows.find((r) => r.accession === 'NC_005816')!.definition).toMatch(/^Café /); // well-formed non-ASCII lands as it was
    expect(rows.some((r) => r.definition.includes('\uFFFD'))).toBe(false);

    const dead = await readTopic<DeadLetter>(config, topicsOf(config).deadLetter, 2);
    expect(dead).toHaveLength(2);
    const byCode = new Map(dead.map((d) => [d.value.errorCode, d.value]));
    const badLine = lineOf(1) + 1; // the DEFINITION line, right after LOCUS
    expect(byCode.get('INPUT_NOT_UTF8')).toMatchObject({
      stage: 'genbank.parser',
      reason: `${file}:${badLine}: not well-formed UTF-8 at byte offset ${Buffer.concat(parts.slice(0, 1)).length + badAt} (column 13, byte 0xff); the record is refused rather than stored with U+FFFD in place of the bad bytes`,
    });
    expect(byCode.get('TEXT_HAS_NUL')).toMatchObject({
      stage: 'genbank.parser',
      reason: `${file}:${lineOf(2) + 1}: NUL character (U+0000) in DEFINITION, which PostgreSQL text cannot store`,
    });
    // The dead letter keeps the original bytes, the bad byte included, for replay.
    expect(byCode.get('INPUT_NOT_UTF8')!.value!.includes(Buffer.from([...Buffer.from('DEFINITION  '), 0xff]))).toBe(true);
  });
});
