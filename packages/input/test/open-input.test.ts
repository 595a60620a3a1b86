import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openInput, startsWithGzipMagic } from '@strand/input';

const FIXTURE_DIR = fileURLToPath(new URL('../../../test-data/genbank/', import.meta.url));
const fixtureBytes = (name: string): Buffer => {
  const raw = readFileSync(`${FIXTURE_DIR}${name}`);
  return startsWithGzipMagic(raw) ? gunzipSync(raw) : raw;
};
const dir = mkdtempSync(`${tmpdir()}/strand-open-input-`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(source: Parameters<typeof openInput>[0]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of openInput(source)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Bytes as a stream of small chunks, the way a socket delivers them; the gzip magic may be split. */
async function* inChunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('openInput, a file', () => {
  it('reads a plain file as is', async () => {
    expect((await readAll(`${FIXTURE_DIR}iro.gb`)).equals(fixtureBytes('iro.gb'))).toBe(true);
  });

  it('gunzips by magic bytes, not by extension', async () => {
    const gzAsGb = `${dir}/division.gb`;
    copyFileSync(`${FIXTURE_DIR}sample-division.gbff.gz`, gzAsGb);
    expect((await readAll(gzAsGb)).equals(fixtureBytes('sample-division.gbff.gz'))).toBe(true);
    const plainAsGz = `${dir}/plain.gb.gz`;
    copyFileSync(`${FIXTURE_DIR}iro.gb`, plainAsGz);
    expect((await readAll(plainAsGz)).equals(fixtureBytes('iro.gb'))).toBe(true);
  });

  it('reads every member of a multi-member gzip file', async () => {
    const path = `${dir}/members.gz`;
    writeFileSync(path, Buffer.concat([gzipSync(fixtureBytes('iro.gb')), gzipSync(fixtureBytes('EU851978.gbk'))]));
    expect((await readAll(path)).equals(Buffer.concat([fixtureBytes('iro.gb'), fixtureBytes('EU851978.gbk')]))).toBe(true);
  });

  it('reads an empty file and a one-byte file', async () => {
    writeFileSync(`${dir}/empty`, '');
    writeFileSync(`${dir}/one`, '\x1f');
    expect(await readAll(`${dir}/empty`)).toHaveLength(0);
    expect((await readAll(`${dir}/one`)).toString()).toBe('\x1f');
  });

  it('reports a missing file and a corrupt gzip on the stream', async () => {
    await expect(readAll(`${dir}/missing.gb`)).rejects.toMatchObject({ code: 'ENOENT' });
    const corrupt = `${dir}/corrupt.gz`;
    const gz = gzipSync(fixtureBytes('iro.gb'));
    writeFileSync(corrupt, Buffer.concat([gz.subarray(0, 40), Buffer.alloc(40, 0x55), gz.subarray(80)]));
    await expect(readAll(corrupt)).rejects.toThrow();
  });
});

describe('openInput, a byte stream', () => {
  const plain = fixtureBytes('iro.gb');

  it('passes plain bytes through and gunzips gzip bytes, even when the magic arrives split', async () => {
    expect((await readAll(inChunks(plain, 1000))).equals(plain)).toBe(true);
    expect((await readAll(inChunks(gzipSync(plain), 1))).equals(plain)).toBe(true);
    expect((await readAll(inChunks(Buffer.concat([gzipSync(plain), gzipSync(plain)]), 4096))).equals(Buffer.concat([plain, plain]))).toBe(true);
    expect(await readAll(inChunks(Buffer.alloc(0), 1))).toHaveLength(0);
  });

  it('reports a failing source and a corrupt gzip on the stream', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield gzipSync(plain).subarray(0, 100);
      throw new Error('connection reset');
    }
    await expect(readAll(failing())).rejects.toThrow('connection reset');
    const gz = gzipSync(plain);
    await expect(readAll(inChunks(Buffer.concat([gz.subarray(0, 40), Buffer.alloc(40, 0x55), gz.subarray(80)]), 64))).rejects.toThrow();
  });

  it('closes the source when the reader stops early', async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<Buffer> {
      try {
        for (;;) yield Buffer.alloc(1024, 0x41);
      } finally {
        closed = true;
      }
    }
    for await (const chunk of openInput(endless())) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break;
    }
    await expect.poll(() => closed).toBe(true);
  });
});
