import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openGenbankFile } from '@strand/genbank';
import { FIXTURE_DIR, fixtureBytes } from './helpers/chunks.js';

const dir = mkdtempSync(`${tmpdir()}/strand-genbank-open-`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of openGenbankFile(path)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('openGenbankFile', () => {
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

  it('reports a missing file and a corrupt gzip on the stream', async () => {
    await expect(readAll(`${dir}/missing.gb`)).rejects.toMatchObject({ code: 'ENOENT' });
    const corrupt = `${dir}/corrupt.gz`;
    const gz = gzipSync(fixtureBytes('iro.gb'));
    writeFileSync(corrupt, Buffer.concat([gz.subarray(0, 40), Buffer.alloc(40, 0x55), gz.subarray(80)]));
    await expect(readAll(corrupt)).rejects.toThrow();
  });
});
