import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openPubchemFile, parsePubchemFile } from '../src/index.js';
import { readCapped } from '../src/read-capped.js';

const fixture = (path: string): string => fileURLToPath(new URL(`../../../test-data/${path}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'strand-pubchem-open-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MiB = 1 << 20;

/** A gzip bomb in the shape of the attack: a small gzip of a PUG REST JSON padded with whitespace to `inflated` bytes. */
function jsonBomb(inflated: number): string {
  const json = readFileSync(fixture('pubchem/aspirin_properties.json'), 'utf8').trimEnd();
  const path = join(scratch, `bomb-${inflated}.json.gz`);
  writeFileSync(path, gzipSync(Buffer.concat([Buffer.from(json.slice(0, -1)), Buffer.alloc(inflated - json.length, ' '), Buffer.from('}')]), { level: 9 }));
  return path;
}

describe('openPubchemFile: capped decompression of a JSON document', () => {
  it('stops inflating at maxJsonBytes with INPUT_TOO_LARGE naming the file and the setting', async () => {
    // The limit is lowered (the attack: 2 MB of gzip inflating to 2 GB, against 256 MiB).
    const bomb = jsonBomb(16 * MiB);
    await expect(openPubchemFile(bomb, { maxJsonBytes: MiB })).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE',
      where: { source: bomb },
      message: expect.stringContaining(`${bomb}: the JSON document is larger than ${MiB} bytes (counted after gunzip); reading stopped there (raise STRAND_PUBCHEM_MAX_JSON_BYTES to accept it)`),
    });
    const records = [];
    for await (const r of parsePubchemFile(bomb, { maxJsonBytes: 32 * MiB })) records.push(r);
    expect(records.map((r) => r.cid)).toEqual([2244]);
  });

  it('reads no further than one chunk past the limit', async () => {
    let pulled = 0;
    async function* endless(): AsyncIterable<Buffer> {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(64 * 1024, 32);
      }
    }
    expect(await readCapped(endless(), MiB)).toBeNull();
    expect(pulled).toBe(MiB / (64 * 1024) + 1);
    async function* small(): AsyncIterable<Buffer> {
      yield Buffer.from('{"a":');
      yield Buffer.from('1}');
    }
    expect((await readCapped(small(), 7))?.toString()).toBe('{"a":1}');
  });
});
