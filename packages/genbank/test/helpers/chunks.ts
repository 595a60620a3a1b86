import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../../test-data/genbank/', import.meta.url));

/** The bytes of a fixture, decompressed when gzipped. */
export function fixtureBytes(name: string): Buffer {
  const raw = readFileSync(`${FIXTURE_DIR}${name}`);
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
}

export function fixtureText(name: string): string {
  return fixtureBytes(name).toString('utf8');
}

/** Feed bytes as an async stream of chunks of `size` bytes. */
export async function* inChunks(bytes: Buffer | string, size: number): AsyncIterable<Buffer> {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, Math.min(buf.length, i + size));
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** A minimal valid record, for building inline cases. */
export function miniRecord(accession: string, opts: { locus?: string; features?: string; origin?: string | null } = {}): string {
  const locus = opts.locus ?? `LOCUS       ${accession}                  12 bp    DNA     linear   SYN 01-JAN-2020`;
  const features = opts.features ?? '     source          1..12\n                     /organism="synthetic construct"\n';
  const origin = opts.origin === undefined ? 'ORIGIN      \n        1 acgtacgtac gt\n' : opts.origin === null ? '' : opts.origin;
  return `${locus}\nDEFINITION  Test record ${accession}.\nACCESSION   ${accession}\nVERSION     ${accession}.1\nFEATURES             Location/Qualifiers\n${features}${origin}//\n`;
}
