import { describe, expect, it } from 'vitest';
import { TapeReader, TapeWriter } from '../src/record-tape.js';

function roundTrip(values: unknown[]): unknown[] {
  const writer = new TapeWriter();
  for (const v of values) writer.write(v);
  const reader = new TapeReader(writer.finish());
  const out: unknown[] = [];
  while (!reader.done) out.push(reader.read());
  return out;
}

describe('record tape', () => {
  it('rebuilds nested values with the same property order', () => {
    const values = [
      { b: 1, a: [null, true, false, '', 'x'.repeat(40)], c: { z: -5, y: 2 ** 31, x: 0.5, w: 'é→𝄞' } },
      [],
      'last',
    ];
    const out = roundTrip(values);
    expect(out).toEqual(values);
    expect(JSON.stringify(out)).toBe(JSON.stringify(values));
  });

  it('keeps a "__proto__" qualifier as an own property', () => {
    const value = JSON.parse('{"__proto__":["x"],"gene":["y"]}') as Record<string, string[]>;
    const [out] = roundTrip([value]) as [Record<string, string[]>];
    expect(Object.keys(out)).toEqual(['__proto__', 'gene']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('rejects what JSON cannot hold', () => {
    expect(() => new TapeWriter().write(() => 1)).toThrow(TypeError);
  });
});
