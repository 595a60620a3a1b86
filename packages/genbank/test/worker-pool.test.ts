import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParserPool } from '../src/worker-pool.js';
import { TapeReader } from '../src/record-tape.js';
import { miniRecord } from './helpers/chunks.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The workers run the compiled package (dist): build it first. */
beforeAll(() => {
  execFileSync('npx', ['tsc', '-b', 'packages/genbank'], { cwd: ROOT, stdio: 'inherit' });
}, 120_000);

function batch(texts: string[]): { buffer: ArrayBuffer; starts: Int32Array; textEnds: Int32Array; complete: Uint8Array; source: string } {
  const bytes = Buffer.from(texts.join(''));
  const buffer = new ArrayBuffer(bytes.length);
  bytes.copy(Buffer.from(buffer));
  const ends = texts.map((_, i) => Buffer.byteLength(texts.slice(0, i + 1).join('')));
  return {
    buffer,
    starts: Int32Array.from([0, ...ends.slice(0, -1)]),
    textEnds: Int32Array.from(ends),
    complete: Uint8Array.from(texts.map(() => 1)),
    source: 'pool.gb',
  };
}

describe('ParserPool', () => {
  const pool = new ParserPool(2);
  afterAll(() => pool.close());

  it('parses batches in workers; results come back to the batch that asked, records in order, failures marked', async () => {
    const requests = [0, 1, 2, 3].map((b) => batch([miniRecord(`PA${b}0001`), 'garbage\n', miniRecord(`PA${b}0002`)]));
    const results = await Promise.all(requests.map((r) => pool.parse(r)));
    results.forEach((result, b) => {
      const reader = new TapeReader(result.tape);
      const accessions = [reader.read(), reader.read()].map((r) => (r as { accession: string }).accession);
      expect(accessions).toEqual([`PA${b}0001`, `PA${b}0002`]);
      expect(reader.done).toBe(true);
      expect([...result.failed]).toEqual([0, 1, 0]);
      expect(result.buffer).not.toBeNull();
    });
  });

  it('rejects the batch with the worker error when a worker throws something other than a parse error', async () => {
    const bad = batch([miniRecord('PB000001')]);
    // A malformed request (no `complete` flags) makes the worker throw a TypeError, not a GenbankParseError.
    const broken = { ...bad, complete: undefined as unknown as Uint8Array };
    await expect(pool.parse(broken)).rejects.toThrow(/genbank parser worker: .*(undefined|reading)/);
    // The pool keeps working afterwards.
    const ok = await pool.parse(batch([miniRecord('PB000002')]));
    expect((new TapeReader(ok.tape).read() as { accession: string }).accession).toBe('PB000002');
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new ParserPool(0)).toThrow(RangeError);
  });
});
