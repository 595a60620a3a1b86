import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requireGenbank } from '../../src/genbank/require-genbank.js';

const testData = (name: string) => readFileSync(new URL(`../../../../test-data/${name}`, import.meta.url));

async function* chunks(bytes: Buffer, size: number, onClose?: () => void): AsyncGenerator<Buffer> {
  try {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  } finally {
    onClose?.();
  }
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of stream) out.push(c);
  return Buffer.concat(out);
}

describe('requireGenbank', () => {
  it('passes GenBank through whole, however it is chunked', async () => {
    const gb = testData('genbank/NC_005816.gb');
    for (const size of [1, 100, 1 << 20]) expect((await readAll(requireGenbank(chunks(gb, size), 'x.gb'))).equals(gb)).toBe(true);
  });

  it('rejects anything else as INPUT_INVALID naming the file, the line and what it looks like, and closes the input', async () => {
    let closed = false;
    await expect(readAll(requireGenbank(chunks(Buffer.from('\n>NC_1 a FASTA record\nACGT\n'), 4, () => { closed = true; }), 'x.fa'))).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: 'x.fa: line 2: not a GenBank flat file (the first non-blank line, 20 bytes of text, is not a LOCUS line or an NCBI division header)',
    });
    expect(closed).toBe(true);
    // What the input holds is described, never quoted: it may be any file (e.g. /etc/passwd, /proc/self/environ).
    const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
    const refused = await readAll(requireGenbank(chunks(Buffer.from(passwd), 8), '/etc/passwd')).catch((e: Error) => e);
    expect((refused as Error).message).toBe('/etc/passwd: line 1: not a GenBank flat file (the first non-blank line, 31 bytes of text, is not a LOCUS line or an NCBI division header)');
    const environ = Buffer.from('SECRET_TOKEN=abc\0PATH=/usr/bin\0HOME=/root\0');
    const binary = await readAll(requireGenbank(chunks(environ, 8), '/proc/self/environ')).catch((e: Error) => e);
    expect((binary as Error).message).toContain('of binary data');
    expect((binary as Error).message).not.toMatch(/SECRET_TOKEN|abc|PATH/);
    await expect(readAll(requireGenbank(chunks(testData('pubchem/aspirin_properties.json'), 64), 'a.json'))).rejects.toThrow('a.json: line 1: not a GenBank flat file (it looks like JSON)');
    await expect(readAll(requireGenbank(chunks(testData('pubchem/Structure2D_CID_2244.sdf'), 64), 'a.sdf'))).rejects.toThrow('(it looks like an SD file)');
    await expect(readAll(requireGenbank(chunks(Buffer.alloc(0), 1), 'empty'))).rejects.toThrow('(the input is empty or blank)');
  });
});
