import { describe, expect, it } from 'vitest';
import { countLineFeeds, firstInvalidUtf8 } from '../src/utf8-check.js';

const b = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('firstInvalidUtf8', () => {
  it('is -1 for well-formed UTF-8, multi-byte characters included', () => {
    expect(firstInvalidUtf8(b('plain ASCII\n'))).toBe(-1);
    expect(firstInvalidUtf8(b('é 中 😀 \u{10FFFF}'))).toBe(-1);
    expect(firstInvalidUtf8(b(''))).toBe(-1);
  });

  it('finds the first malformed byte: lone continuation, bad lead, overlong, surrogate, above U+10FFFF, cut sequence', () => {
    expect(firstInvalidUtf8(b('ab', [0x80], 'c'))).toBe(2);
    expect(firstInvalidUtf8(b('abc', [0xff]))).toBe(3);
    expect(firstInvalidUtf8(b('x', [0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8(b('x', [0xe0, 0x80, 0xaf]))).toBe(1); // overlong 3-byte form
    expect(firstInvalidUtf8(b('xy', [0xed, 0xa0, 0x80]))).toBe(2); // U+D800
    expect(firstInvalidUtf8(b([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // U+110000
    expect(firstInvalidUtf8(b('é', [0xe4, 0xb8]))).toBe(2); // cut at the end
    expect(firstInvalidUtf8(b('é', [0xe4, 0x41, 0x41]))).toBe(2); // lead without its continuations
  });

  it('agrees with a fatal TextDecoder on random bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    for (let n = 0; n < 2000; n += 1) {
      const bytes = Buffer.from(Array.from({ length: 6 }, () => (Math.random() < 0.5 ? 0x41 : Math.floor(Math.random() * 256))));
      let valid = true;
      try {
        fatal.decode(bytes);
      } catch {
        valid = false;
      }
      const at = firstInvalidUtf8(bytes);
      expect(at === -1).toBe(valid);
      if (!valid) {
        // everything before the reported byte decodes
        expect(() => fatal.decode(bytes.subarray(0, at))).not.toThrow();
      }
    }
  });

  it('checks only the range it is given', () => {
    const bytes = b([0xff], 'ok', [0xff]);
    expect(firstInvalidUtf8(bytes, 1, 3)).toBe(-1);
    expect(firstInvalidUtf8(bytes, 1)).toBe(3);
  });
});

describe('countLineFeeds', () => {
  it('counts LF bytes in a range', () => {
    const bytes = b('a\nb\n\nc');
    expect(countLineFeeds(bytes, 0, bytes.length)).toBe(3);
    expect(countLineFeeds(bytes, 2, 4)).toBe(1);
    expect(countLineFeeds(bytes.subarray(1), 0, 1)).toBe(1);
  });
});
