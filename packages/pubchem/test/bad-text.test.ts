import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePubchemFile, parsePubchemJson, parseSdfRecord, parseSdfResults, PubchemParseError, type CompoundRecord } from '../src/index.js';
import { strictUtf8Chunks } from '../src/strict-utf8-chunks.js';

const fixture = (path: string): string => fileURLToPath(new URL(`../../../test-data/${path}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'strand-pubchem-bad-text-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const aspirinSdf = readFileSync(fixture('pubchem/Structure2D_CID_2244.sdf'), 'utf8');
const aspirinJson = readFileSync(fixture('pubchem/aspirin_properties.json'), 'utf8');
const IUPAC = '2-acetyloxybenzoic acid';
/** The PUBCHEM_IUPAC_NAME item (the title of the record: its title line is the CID); its value is line 76 of the file. */
const IUPAC_ITEM = `> <PUBCHEM_IUPAC_NAME>\n${IUPAC}`;
const iupacItem = (value: string): string => aspirinSdf.replace(IUPAC_ITEM, `> <PUBCHEM_IUPAC_NAME>\n${value}`);

/** `text` with the first `find` replaced by raw bytes (so invalid UTF-8 stays invalid). */
function spliceBytes(text: string, find: string, bytes: number[]): Buffer {
  const at = text.indexOf(find);
  expect(at).toBeGreaterThanOrEqual(0);
  return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bytes), Buffer.from(text.slice(at + find.length))]);
}

async function thrown(fn: () => Promise<unknown> | unknown): Promise<PubchemParseError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PubchemParseError);
    return e as PubchemParseError;
  }
  throw new Error('nothing was thrown');
}

async function all(path: string): Promise<CompoundRecord[]> {
  const out: CompoundRecord[] = [];
  for await (const record of parsePubchemFile(path)) out.push(record);
  return out;
}

describe('PubChem input that is not UTF-8', () => {
  it('a JSON file (plain or gzip) throws INPUT_NOT_UTF8 naming the file, line and byte offset', async () => {
    const bytes = spliceBytes(aspirinJson, 'acetyloxy', [0x61, 0xff, 0x63]); // "a\xffc"
    const at = bytes.indexOf(0xff);
    const line = aspirinJson.slice(0, aspirinJson.indexOf('acetyloxy')).split('\n').length;
    for (const [name, content] of [['bad.json', bytes], ['bad.json.gz', gzipSync(bytes)]] as const) {
      const path = join(scratch, name);
      writeFileSync(path, content);
      const e = await thrown(() => all(path));
      expect([e.code, e.retriable, e.where.source, e.where.line]).toEqual(['INPUT_NOT_UTF8', false, path, line]);
      expect(e.message).toContain(`not well-formed UTF-8 at byte offset ${at} (line ${line}, column 34, byte 0xff)`);
    }
  });

  it('an SD file gives the records read before the chunk holding the bad byte, then throws INPUT_NOT_UTF8 naming the line and byte offset, even across chunk boundaries', async () => {
    const good = Buffer.from(aspirinSdf);
    const bad = spliceBytes(aspirinSdf, IUPAC_ITEM, [...Buffer.from('> <PUBCHEM_IUPAC_NAME>\n'), 0xe4, 0xb8]); // a 3-byte sequence cut short
    const input = Buffer.concat([good, bad]);
    const at = input.indexOf(0xe4);
    const line = 154 + 76;
    for (const size of [1, 7, 4096, input.length]) {
      const chunks = Array.from({ length: Math.ceil(input.length / size) }, (_, i) => input.subarray(i * size, (i + 1) * size));
      const seen: number[] = [];
      const e = await thrown(async () => {
        for await (const result of parseSdfResults(chunks, { source: 'two.sdf' })) if (result.ok) seen.push(result.record.cid!);
      });
      // The first record comes out when a chunk before the one holding the bad byte completes it.
      expect(seen).toEqual(Math.floor(at / size) * size >= good.length ? [2244] : []);
      expect([e.code, e.where.line]).toEqual(['INPUT_NOT_UTF8', line]);
      expect(e.message).toContain(`not well-formed UTF-8 at byte offset ${at} (line ${line}, column 1, byte 0xe4)`);
      expect(e.message).toContain('two.sdf');
    }
  });

  it('strictUtf8Chunks passes well-formed chunks through unchanged, a character split across chunks included, and refuses a sequence cut by the end', async () => {
    const text = Buffer.from('né 中 😀\n');
    const pieces = Array.from(text, (b) => Buffer.from([b]));
    const out: Buffer[] = [];
    for await (const chunk of strictUtf8Chunks(pieces)) out.push(chunk as Buffer);
    expect(Buffer.concat(out).equals(text)).toBe(true);
    const e = await thrown(async () => {
      for await (const _ of strictUtf8Chunks([Buffer.from('ab\n'), Buffer.from([0x63, 0xf0, 0x9f])])) void _;
    });
    expect(e.message).toContain('at byte offset 4 (line 2, column 2, byte 0xf0)');
  });
});

describe('PubChem text fields holding NUL', () => {
  it('JSON (\\u0000 in a string): TEXT_HAS_NUL naming the field, the record and its CID', async () => {
    const json = aspirinJson.replace(IUPAC, '2-acetyloxy\\u0000benzoic acid');
    const e = await thrown(() => parsePubchemJson(json, { source: 'props.json' }));
    expect([e.code, e.retriable, e.where.field, e.where.cid, e.where.recordIndex]).toEqual(['TEXT_HAS_NUL', false, 'title', 2244, 0]);
    expect(e.message).toBe('NUL character (U+0000) in title, which PostgreSQL text cannot store (props.json, record 0, field title, CID 2244)');
    const smiles = aspirinJson.replace(/"SMILES": "[^"]*"/, '"SMILES": "CC(=O)\\u0000"');
    expect((await thrown(() => parsePubchemJson(smiles))).where.field).toBe('properties.smiles');
  });

  it('SDF: TEXT_HAS_NUL naming the field, the line and the CID', async () => {
    const withNul = iupacItem('2-acetyloxy\0benzoic acid');
    const e = await thrown(() => parseSdfRecord(withNul, { source: 'a.sdf', firstLine: 1 }));
    expect([e.code, e.where.field, e.where.line, e.where.cid]).toEqual(['TEXT_HAS_NUL', 'title', 76, 2244]);
    const inMolblock = aspirinSdf.replace('-OEChem-', '-OE\0Chem-');
    expect((await thrown(() => parseSdfRecord(inMolblock, { firstLine: 1 }))).where).toMatchObject({ field: 'molblock', line: 2 });
  });

  it('parseSdfResults dead-letters the NUL record and keeps the records around it', async () => {
    const input = [aspirinSdf, iupacItem('x\0y'), aspirinSdf].join('');
    const results = [];
    for await (const r of parseSdfResults([Buffer.from(input)], { source: 'three.sdf' })) results.push(r.ok ? r.record.cid : r.error.code);
    expect(results).toEqual([2244, 'TEXT_HAS_NUL', 2244]);
  });
});
