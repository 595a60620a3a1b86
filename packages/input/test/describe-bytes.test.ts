import { describe, expect, it } from 'vitest';
import { describeBytes } from '@strand/input';

describe('describeBytes', () => {
  it('gives the length and whether the bytes are text, never the bytes', () => {
    expect(describeBytes('root:x:0:0:root:/root:/bin/bash')).toBe('31 bytes of text');
    expect(describeBytes(Buffer.from('Größe\tμ\r\n'))).toBe('12 bytes of text');
    expect(describeBytes('x')).toBe('1 byte of text');
    expect(describeBytes('')).toBe('no bytes');
  });

  it('calls NUL, many control bytes or malformed UTF-8 binary', () => {
    expect(describeBytes(Buffer.from('KEY=v\0PATH=/bin\0'))).toBe('16 bytes of binary data');
    expect(describeBytes(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]))).toBe('7 bytes of binary data');
    expect(describeBytes(Buffer.from([0x41, 0xff, 0x42]))).toBe('3 bytes of binary data');
  });

  it('judges a long input from its first bytes, without copying it all', () => {
    const long = `${'é'.repeat(5000)}`;
    expect(describeBytes(long)).toBe('10000 bytes of text');
    expect(describeBytes(Buffer.from(long).subarray(0, 4097))).toBe('4097 bytes of text'); // a cut character at the sample's end
  });
});
