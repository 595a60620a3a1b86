import { describe, expect, it } from 'vitest';
import { ByteWindow } from '../src/byte-window.js';

describe('ByteWindow', () => {
  it('appends, searches, decodes and consumes across growth and compaction', () => {
    const w = new ByteWindow(8);
    const expected: string[] = [];
    let all = '';
    for (let i = 0; i < 200; i += 1) {
      const piece = `line ${i}\n`;
      w.append(Buffer.from(piece));
      all += piece;
      if (i % 3 === 2) {
        const nl = w.indexOf(Buffer.from('\n'), 0);
        const taken = w.toString(0, nl + 1);
        expected.push(all.slice(0, nl + 1));
        all = all.slice(nl + 1);
        w.consume(nl + 1);
        expect(taken).toBe(expected.at(-1));
      }
      expect(w.length).toBe(Buffer.byteLength(all));
      expect(w.toString(0, w.length)).toBe(all);
    }
  });

  it('bounds indexOf by end and answers startsWith and at', () => {
    const w = new ByteWindow(4);
    w.append(Buffer.from('ab\n//\nLOCUS'));
    expect(w.indexOf(Buffer.from('\n//'), 0)).toBe(2);
    expect(w.indexOf(Buffer.from('\n//'), 0, 4)).toBe(-1);
    expect(w.indexOf(Buffer.from('LOCUS'), 7)).toBe(-1);
    expect(w.startsWith(Buffer.from('ab'))).toBe(true);
    expect(w.startsWith(Buffer.from('//'), 3)).toBe(true);
    expect(w.at(0)).toBe(97);
  });
});
