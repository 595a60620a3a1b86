import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPipeline, produceValues, type GenbankFetchRequest } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { connectPool } from '@strand/db';
import type { DeadLetter } from '@strand/runtime';
import { startNcbiStandin, type NcbiStandin } from '@strand/standins';
import { isolatedConfig, readTopic, spawnServices, testData, topicsOf, type ServiceProcesses } from './helpers.js';

// Issue 11, item 3: downloads are bounded in size and in silence, and a gzip bomb is refused. One
// real fetcher service, fed straight from the fetch topic (one key, so in order), against two
// NCBI stand-ins: one serving real files (the first GET of them stalls half-way), one announcing
// a 1 TB Content-Length for every file. The download limit is lowered to 64 KiB so that the real
// 70 kB division file is over it; the stall timeout to 1 s.

describe('downloads are bounded (STRAND_FETCH_MAX_DOWNLOAD_BYTES, STRAND_FETCH_STALL_TIMEOUT_MS) and gzip bombs refused (STRAND_INPUT_MAX_INFLATE_RATIO)', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'strand-download-limits-')));
  const genbank = (name: string) => readFileSync(testData('genbank', name), 'utf8');
  const small = join(dir, 'small.seq.gz');
  const bomb = join(dir, 'bomb.gb.gz');
  const good = join(dir, 'good.gb');
  let files: NcbiStandin;
  let liar: NcbiStandin;
  let config: ReturnType<typeof isolatedConfig>;
  let services: ServiceProcesses;

  beforeAll(async () => {
    // Six records, 5 kB of gzip: under the 64 KiB limit.
    writeFileSync(small, gzipSync(genbank('cor6_6.gb')));
    // The bomb, 1/48 of its size: one record, then 64 MiB of newlines, in about 64 kB of gzip.
    writeFileSync(bomb, gzipSync(Buffer.concat([Buffer.from(genbank('iro.gb')), Buffer.alloc(64 << 20, '\n')]), { level: 9 }));
    writeFileSync(good, genbank('NC_005816.gb'));
    files = await startNcbiStandin({ dataDir: testData('genbank'), divisionFiles: { 'gbsmp1.seq.gz': testData('genbank', 'sample-division.gbff.gz'), 'small.seq.gz': small }, faults: { stall: { next: 1 } } });
    liar = await startNcbiStandin({ dataDir: testData('genbank'), divisionFiles: { 'gbsmp1.seq.gz': testData('genbank', 'sample-division.gbff.gz') }, faults: { announceBytes: 1e12 } });
    config = isolatedConfig({
      STRAND_NCBI_FTP_URL: `${files.url}/genbank`,
      STRAND_FETCH_URL_HOSTS: new URL(liar.url).host,
      STRAND_FETCH_FILE_ROOTS: dir,
      STRAND_STATE_DIR: dir,
      STRAND_FETCH_MAX_DOWNLOAD_BYTES: String(64 * 1024),
      STRAND_FETCH_STALL_TIMEOUT_MS: '1000',
    });
    services = spawnServices(config, ['fetcher']);
  });
  afterAll(async () => {
    await services?.stop();
    const pool = await connectPool(config);
    await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
    await pool.end();
    await files?.close();
    await liar?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an oversized or 1 TB download before spooling it, and a gzip bomb, naming the limit and the setting; resumes a stalled body; the requests around them land', async () => {
    const topics = topicsOf(config);
    const request = (source: string): GenbankFetchRequest => ({ requestId: randomUUID(), source, requestedAt: Date.now(), ids: [] });
    const tooLarge = `${files.url}/genbank/gbsmp1.seq.gz`;
    const terabyte = `${liar.url}/genbank/gbsmp1.seq.gz`;
    const stalled = `${files.url}/genbank/small.seq.gz`;
    const ctx = await connectPipeline('test', { config, sources: builtInSources });
    try {
      await produceValues(ctx, topics.genbankFetch, [request(tooLarge), request(terabyte), request(stalled), request(bomb), request(good)], () => 'one-partition');
    } finally {
      await ctx.close();
    }

    const dead = await readTopic<DeadLetter>(config, topics.deadLetter, 3);
    expect(dead.map((d) => d.value.errorCode)).toEqual(['INPUT_TOO_LARGE', 'INPUT_TOO_LARGE', 'INPUT_TOO_LARGE']);
    expect(dead.map((d) => d.value.stage)).toEqual(['genbank.fetcher', 'genbank.fetcher', 'genbank.fetcher']);
    expect(dead[0]!.value.reason).toBe(`${tooLarge} announces 70458 bytes (Content-Length), more than the download limit of 65536 bytes; nothing was downloaded (raise STRAND_FETCH_MAX_DOWNLOAD_BYTES to accept it)`);
    expect(dead[1]!.value.reason).toBe(`${terabyte} announces 1000000000000 bytes (Content-Length), more than the download limit of 65536 bytes; nothing was downloaded (raise STRAND_FETCH_MAX_DOWNLOAD_BYTES to accept it)`);
    expect(dead[2]!.value.reason).toMatch(new RegExp(`^${bomb.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the gzip input inflates more than 100 times \\(\\d+ bytes from the first \\d+ compressed bytes\\); reading stopped there \\(raise STRAND_INPUT_MAX_INFLATE_RATIO to accept it\\) \\(after 1 records\\)$`));

    // The stalled download was resumed with a Range request from where it stopped, and all six records landed; so did the good file.
    const raw = await readTopic<{ origin: { uri: string } }>(config, topics.genbankRaw, 7);
    expect(raw.filter((r) => r.value.origin.uri === stalled)).toHaveLength(6);
    expect(raw.filter((r) => r.value.origin.uri === good)).toHaveLength(1);
    // The request that held the bomb was dead-lettered whole: the record before the bomb is in its dead letter's request, not on the raw topic.
    expect(raw.filter((r) => r.value.origin.uri === bomb)).toHaveLength(0);
    expect(files.stats().injected.stall).toBe(1);
    const smallGets = files.stats().log.filter((e) => e.method === 'GET' && e.path === '/genbank/small.seq.gz');
    expect(smallGets.map((e) => e.range)).toEqual(['bytes=0-', expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
    // Nothing was asked of a file over the limit but its size.
    expect(files.stats().log.filter((e) => e.path === '/genbank/gbsmp1.seq.gz').map((e) => e.method)).toEqual(['HEAD']);
    expect(liar.stats().log.map((e) => e.method)).toEqual(['HEAD']);
    expect(services.children.every((c) => c.child.exitCode === null)).toBe(true);
  });
});
