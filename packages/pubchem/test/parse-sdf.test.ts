import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PubchemParseError, parseSdf, parseSdfResults, type CompoundRecord, type SdfParseResult } from '../src/index.js';

const read = (path: string): string => readFileSync(new URL(`../../../test-data/${path}`, import.meta.url), 'utf8');

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** cdk2.sdf with record 5's bond block corrupted (a bond to atom 999). */
function cdk2WithBadRecord(): { text: string; badLine: number } {
  const records = read('molecules/cdk2.sdf').split('$$$$\n');
  const lines = records[5]!.split('\n');
  const counts = lines[3]!;
  const atoms = Number(counts.slice(0, 3));
  lines[4 + atoms] = `999${lines[4 + atoms]!.slice(3)}`;
  records[5] = lines.join('\n');
  const text = records.join('$$$$\n');
  // Each piece ends with "\n", so its split length counts its lines plus the $$$$ line that followed it.
  const firstLineOf5 = records.slice(0, 5).reduce((n, r) => n + r.split('\n').length, 0) + 1;
  expect(text.split('\n')[firstLineOf5 - 1]).toBe(lines[0]);
  return { text, badLine: firstLineOf5 + 4 + atoms };
}

describe('parseSdf', () => {
  it('parses the 257-record solubility set (CRLF, short atom lines, non-ASCII titles)', async () => {
    const records = await all(parseSdf([readFileSync(new URL('../../../test-data/molecules/solubility.test.sdf', import.meta.url))]));
    expect(records).toHaveLength(257);
    expect(records.every((r) => r.cid === null && r.molblock !== null && r.sourceFormat === 'sdf')).toBe(true);
    expect(records[0]?.title).toBe('3-methylpentane');
    expect(records.at(-1)).toMatchObject({ recordIndex: 256, title: 'Diosgenin' });
    expect(records.filter((r) => r.title?.includes('\uFFB4')).length).toBeGreaterThan(0);
  });

  it('parses the 47-record cdk2 set whose field set varies between records', async () => {
    const records = await all(parseSdf([read('molecules/cdk2.sdf')]));
    expect(records).toHaveLength(47);
    expect(records.map((r) => r.title?.startsWith('ZINC'))).toEqual(Array(47).fill(true));
  });

  it('throws the first bad record with its index and line', async () => {
    const { text, badLine } = cdk2WithBadRecord();
    const seen: CompoundRecord[] = [];
    const error = await (async () => {
      try {
        for await (const record of parseSdf([text], { source: 'cdk2.sdf' })) seen.push(record);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(seen).toHaveLength(5);
    expect(error).toBeInstanceOf(PubchemParseError);
    expect((error as PubchemParseError).where).toMatchObject({ source: 'cdk2.sdf', recordIndex: 5, line: badLine });
  });
});

describe('parseSdfResults', () => {
  it('reports one bad record and goes on with the rest, for a dead-letter route', async () => {
    const { text, badLine } = cdk2WithBadRecord();
    const results: SdfParseResult[] = await all(parseSdfResults([text]));
    expect(results).toHaveLength(47);
    const bad = results.filter((r) => !r.ok);
    expect(bad).toHaveLength(1);
    const [failure] = bad;
    if (failure === undefined || failure.ok) throw new Error('expected one failure');
    expect(failure.recordIndex).toBe(5);
    expect(failure.line).toBe(badLine);
    expect(failure.error.code).toBe('PUBCHEM_BAD_SDF_RECORD');
    expect(failure.text.split('\n')[0]).toBe(text.split('$$$$\n')[5]!.split('\n')[0]);
    expect(results.filter((r) => r.ok).map((r) => (r.ok ? r.record.recordIndex : -1))).toEqual([...Array(47).keys()].filter((i) => i !== 5));
  });
});
