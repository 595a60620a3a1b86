import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openInput } from '@strand/input';

const dir = mkdtempSync(join(tmpdir(), 'strand-inflate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function drain(stream: NodeJS.ReadableStream): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

/** 64 MiB of newlines in about 64 kB of gzip: a ratio of about 1000, gzip's most. */
const bomb = gzipSync(Buffer.alloc(64 << 20, '\n'), { level: 9 });

describe('openInput with an inflate ratio limit (STRAND_INPUT_MAX_INFLATE_RATIO)', () => {
  it('stops a gzip bomb file soon after 1 MiB of output, naming the file and the setting', async () => {
    const file = join(dir, 'bomb.gz');
    writeFileSync(file, bomb);
    let seen = 0;
    const stream = openInput(file, { limits: { maxInflateRatio: 100 } });
    stream.on('data', (c: Buffer) => { seen += c.length; });
    await expect(drain(stream)).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE',
      retriable: false,
      message: expect.stringMatching(new RegExp(`^${file}: the gzip input inflates more than 100 times \\(\\d+ bytes from the first \\d+ compressed bytes\\); reading stopped there \\(raise STRAND_INPUT_MAX_INFLATE_RATIO to accept it\\)$`)),
    });
    expect(seen).toBeLessThan(16 << 20);
  });

  it('stops a bomb arriving as a stream, under the name given', async () => {
    async function* pieces() { for (let i = 0; i < bomb.length; i += 4096) yield bomb.subarray(i, i + 4096); }
    await expect(drain(openInput(pieces(), { name: 'https://example.test/x.gz', limits: { maxInflateRatio: 100 } }))).rejects.toThrow(/^https:\/\/example\.test\/x\.gz: the gzip input inflates more than 100 times/);
  });

  it('passes the same bomb under a ratio above it, and real data under the default ratio; no limit without options', async () => {
    const file = join(dir, 'bomb2.gz');
    writeFileSync(file, bomb);
    expect(await drain(openInput(file, { limits: { maxInflateRatio: 2000 } }))).toBe(64 << 20);
    expect(await drain(openInput(file))).toBe(64 << 20);
    const division = new URL('../../../test-data/genbank/sample-division.gbff.gz', import.meta.url).pathname;
    expect(await drain(openInput(division, { limits: { maxInflateRatio: 100 } }))).toBe(213_328);
  });
});
