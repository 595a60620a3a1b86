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
      message: "x.fa: line 2: not a GenBank flat file (the first non-blank line is '>NC_1 a FASTA record', not a LOCUS line or an NCBI division header)",
    });
    expect(closed).toBe(true);
    await expect(readAll(requireGenbank(chunks(testData('pubchem/aspirin_properties.json'), 64), 'a.json'))).rejects.toThrow('a.json: line 1: not a GenBank flat file (it looks like JSON)');
    await expect(readAll(requireGenbank(chunks(testData('pubchem/Structure2D_CID_2244.sdf'), 64), 'a.sdf'))).rejects.toThrow('(it looks like an SD file)');
    await expect(readAll(requireGenbank(chunks(Buffer.alloc(0), 1), 'empty'))).rejects.toThrow('(the input is empty or blank)');
  });
});
