import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { GenbankParseError, parseGenbank, parseGenbankSettled } from '@strand/genbank';
import type { GenbankRecord, ParseOutcome } from '@strand/genbank';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = (name: string): Buffer => readFileSync(`${ROOT}test-data/genbank/${name}`);

/** The workers run the compiled package (dist): build it first. */
beforeAll(() => {
  execFileSync('npx', ['tsc', '-b', 'packages/genbank'], { cwd: ROOT, stdio: 'inherit' });
}, 120_000);

async function* pieces(bytes: Buffer, size: number, pulled?: { count: number }): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) {
    if (pulled) pulled.count += 1;
    yield bytes.subarray(at, at + size);
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const WHOLE = Buffer.concat(['NC_005816.gb', 'cor6_6.gb', 'iro.gb', 'protein_refseq2.gb', 'EU851978.gbk', 'NT_019265.gb', 'PX1CG.gb'].map(FIXTURE));

describe('parseGenbank with workers', () => {
  it('gives the same records in the same order as the serial parser, across batch and piece sizes', async () => {
    const serial = await collect(parseGenbank(pieces(WHOLE, 1 << 20)));
    expect(serial.length).toBeGreaterThan(10);
    for (const [workers, batchBytes, pieceSize] of [
      [1, 1 << 20, 1 << 16],
      [2, 4096, 777],
      [3, 1, 1 << 20],
    ] as const) {
      const parallel: GenbankRecord[] = await collect(parseGenbank(pieces(WHOLE, pieceSize), { workers, batchBytes }));
      expect(parallel.map((r) => r.accession)).toEqual(serial.map((r) => r.accession));
      expect(parallel).toEqual(serial);
    }
  });

  it('reports a bad record with the line number the serial parser gives, and keeps going in settled mode', async () => {
    const bad = FIXTURE('cor6_6.gb').toString('utf8').replace('     gene            ', '     gene            (1..');
    const input = Buffer.concat([FIXTURE('iro.gb'), Buffer.from(bad), Buffer.from('\r\n\r\ngarbage line\r\n'), FIXTURE('NC_005816.gb')]);
    const serial = await collect(parseGenbankSettled(pieces(input, 1000), { source: 'x.gb' }));
    const parallel: ParseOutcome[] = await collect(parseGenbankSettled(pieces(input, 1000), { source: 'x.gb', workers: 2, batchBytes: 2048 }));
    const failures = parallel.filter((o) => !o.ok);
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(parallel.map((o) => (o.ok ? o.record.accession : `${o.error.code} ${o.error.message}`))).toEqual(
      serial.map((o) => (o.ok ? o.record.accession : `${o.error.code} ${o.error.message}`)),
    );
    expect(parallel.map((o) => [o.firstLine, o.byteOffset, o.byteLength])).toEqual(serial.map((o) => [o.firstLine, o.byteOffset, o.byteLength]));
    const first = failures[0];
    if (first === undefined || first.ok) throw new Error('unreachable');
    expect(first.error).toBeInstanceOf(GenbankParseError);
    expect(first.error.line).toBeGreaterThan(FIXTURE('iro.gb').toString().split('\n').length - 1);
    await expect(collect(parseGenbank(pieces(input, 1000), { source: 'x.gb', workers: 2 }))).rejects.toThrow(first.error.message);
  });

  it('does not read further ahead of a slow consumer than maxBatchesInFlight batches', async () => {
    const big = Buffer.concat(Array.from({ length: 20 }, () => WHOLE));
    const pulled = { count: 0 };
    const pieceSize = 4096;
    const batchBytes = 16384;
    const it = parseGenbank(pieces(big, pieceSize, pulled), { workers: 2, batchBytes, maxBatchesInFlight: 2 })[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // In flight: 2 batches, one being packed, plus what the splitter holds (at most the largest record + a piece).
    const largestRecord = Math.max(...WHOLE.toString('latin1').split(/\n\/\/\n/).map((r) => r.length));
    const boundBytes = 4 * batchBytes + 2 * largestRecord + 2 * pieceSize;
    expect(pulled.count * pieceSize).toBeLessThanOrEqual(boundBytes);
    expect(pulled.count * pieceSize).toBeLessThan(big.length / 4);
    await it.return?.();
  });
});
