import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetter } from '@strand/runtime';
import { connectPool, migrate } from '@strand/db';
import { isolatedConfig, readTopic, runCli, spawnServices, testData, topicsOf, type ServiceProcesses } from './helpers.js';

// Issue 11, item 3: every input is bounded. The limits are lowered in each test so that the inputs
// stay small; the attacks keep their shape (one line too long, a record too large, a gzip bomb).

const dir = mkdtempSync(join(tmpdir(), 'strand-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const genbank = (name: string) => readFileSync(testData('genbank', name), 'utf8');
const lineOf = (text: string, at: number) => text.slice(0, at).split('\n').length;

/** NC_005816 and EU851978 around a copy of EU851978 (renamed XX000009) whose DEFINITION line is `definitionBytes` long. */
function genbankWithLongLine(definitionBytes: number): { text: string; longLine: number } {
  const eu = genbank('EU851978.gbk');
  const long = eu
    .replace(/^LOCUS       EU851978/, 'LOCUS       XX000009')
    .replace(/ACCESSION   EU851978/, 'ACCESSION   XX000009')
    .replace(/VERSION     EU851978\.1/, 'VERSION     XX000009.1')
    .replace(/^DEFINITION  .*$/m, `DEFINITION  ${'x'.repeat(definitionBytes)}`);
  const text = `${genbank('NC_005816.gb')}${long}${eu}`;
  return { text, longLine: lineOf(text, text.indexOf('DEFINITION  xxx')) };
}

describe('GenBank line limit through the fetcher (STRAND_GENBANK_MAX_LINE_BYTES)', () => {
  const config = isolatedConfig({ STRAND_GENBANK_MAX_LINE_BYTES: '4096', STRAND_FETCH_FILE_ROOTS: dir });
  let pool: Awaited<ReturnType<typeof connectPool>>;
  let services: ServiceProcesses;
  beforeAll(async () => {
    pool = await connectPool(config);
    await migrate(pool, config.dbSchema);
    services = spawnServices(config, ['fetcher', 'parser', 'enricher', 'sink']);
  });
  afterAll(async () => {
    await services?.stop();
    await pool?.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
    await pool?.end();
  });

  it('dead-letters the record with the long line (INPUT_TOO_LARGE: file, line, setting) and lands the records around it', async () => {
    const { text, longLine } = genbankWithLongLine(20_000);
    const file = join(dir, 'long-line.gb');
    writeFileSync(file, text);
    const result = await runCli(['fetch', 'genbank', '--file', file, '--wait', '--timeout-s', '180'], config, { killAfterMs: 200_000 });
    // --wait reports the dead letter and exits 1 (honest results).
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('2 records stored in PostgreSQL');
    expect(result.stderr).toContain('1 dead-lettered (1 INPUT_TOO_LARGE');

    const { rows } = await pool.query<{ accession: string }>(`SELECT accession FROM ${config.dbSchema}.sequences ORDER BY accession`);
    expect(rows.map((r) => r.accession)).toEqual(['EU851978', 'NC_005816']);
    const [dead] = await readTopic<DeadLetter>(config, topicsOf(config).deadLetter, 1);
    expect(dead?.key).toBe('XX000009');
    expect(dead?.value).toMatchObject({
      stage: 'genbank.fetcher',
      errorCode: 'INPUT_TOO_LARGE',
      reason: `${file}:${longLine}: a line of record XX000009 is longer than 4096 bytes; it was skipped without being read whole (raise STRAND_GENBANK_MAX_LINE_BYTES to accept it)`,
    });
  });
});

describe('strand parse genbank within the limits', () => {
  it('reports the record over STRAND_GENBANK_MAX_RECORD_BYTES on stderr and prints the others', async () => {
    // 65 kB, between the good records (32 kB and 5 kB) and a lowered limit of 48 KiB.
    const { text } = genbankWithLongLine(60_000);
    const file = join(dir, 'big-record.gb.gz');
    writeFileSync(file, gzipSync(text));
    const config = isolatedConfig({ STRAND_GENBANK_MAX_RECORD_BYTES: '49152' });
    const result = await runCli(['parse', 'genbank', file], config);
    expect(result.code).toBe(1);
    const printed = result.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { accession: string }).accession);
    expect(printed).toEqual(['NC_005816', 'EU851978']);
    const recordLine = lineOf(text, text.indexOf('LOCUS       XX000009'));
    expect(result.stderr).toContain(`strand: INPUT_TOO_LARGE: ${file}:${recordLine}: record XX000009 (from line ${recordLine}, byte `);
    expect(result.stderr).toContain('is larger than 49152 bytes; it was skipped without being read whole (raise STRAND_GENBANK_MAX_RECORD_BYTES to accept it)');
  });
});

describe('strand parse pubchem within the limits', () => {
  const aspirin = readFileSync(testData('pubchem', 'Structure2D_CID_2244.sdf'), 'utf8');

  it('reports the SD record with a line over STRAND_SDF_MAX_LINE_CHARS and prints the records around it', async () => {
    const long = aspirin.replace('> <PUBCHEM_COMPOUND_CID>\n2244\n', `> <PUBCHEM_COMPOUND_CID>\n2244\n\n> <NOTE>\n${'x'.repeat(20_000)}\n`);
    const text = `${aspirin}${long}${aspirin}`;
    const file = join(dir, 'long-line.sdf');
    writeFileSync(file, text);
    const result = await runCli(['parse', 'pubchem', file], isolatedConfig({ STRAND_SDF_MAX_LINE_CHARS: '4096' }));
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const line = lineOf(text, text.indexOf('xxx'));
    expect(result.stderr).toContain(`INPUT_TOO_LARGE: SD line ${line} is longer than 4096 characters; the record is refused without being read whole (raise STRAND_SDF_MAX_LINE_CHARS to accept it) (${file}, record 1, line ${line})`);
  });

  it('stops a gzip bomb at STRAND_PUBCHEM_MAX_JSON_BYTES, naming the file and the setting', async () => {
    const json = readFileSync(testData('pubchem', 'aspirin_properties.json'), 'utf8').trimEnd();
    const file = join(dir, 'bomb.json.gz');
    // 64 MiB of JSON (whitespace-padded), a few tens of kB of gzip: the attack's shape, 1/32 of its size.
    writeFileSync(file, gzipSync(Buffer.concat([Buffer.from(json.slice(0, -1)), Buffer.alloc(64 << 20, ' '), Buffer.from('}')]), { level: 9 }));
    const result = await runCli(['parse', 'pubchem', file], isolatedConfig({ STRAND_PUBCHEM_MAX_JSON_BYTES: String(1 << 20) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`[INPUT_TOO_LARGE]: ${file}: the JSON document is larger than 1048576 bytes (counted after gunzip); reading stopped there (raise STRAND_PUBCHEM_MAX_JSON_BYTES to accept it)`);
    // Under a limit that fits it, the same file parses.
    const fits = await runCli(['parse', 'pubchem', file], isolatedConfig({ STRAND_PUBCHEM_MAX_JSON_BYTES: String(128 << 20) }));
    expect(fits.code, fits.stderr).toBe(0);
    expect(fits.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
