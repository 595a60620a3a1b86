import { describe, expect, it } from 'vitest';
import { StreamTail } from '../../src/genbank/stream-tail.js';

async function drain(tail: StreamTail, chunks: Buffer[]): Promise<void> {
  for await (const _ of tail.pass((async function* () { yield* chunks; })())) void _;
}

describe('StreamTail', () => {
  it('slices bytes across chunks by stream offset, and lets go of released chunks', async () => {
    const tail = new StreamTail(1 << 20);
    await drain(tail, [Buffer.from('abc'), Buffer.from('defg'), Buffer.from('hi')]);
    expect(tail.slice(0, 9)?.toString()).toBe('abcdefghi');
    expect(tail.slice(2, 8)?.toString()).toBe('cdefgh');
    expect(tail.slice(4, 4)?.toString()).toBe('');
    tail.release(4); // the first chunk ends at 3: let go; the second holds offset 4
    expect(tail.slice(0, 2)).toBeNull();
    expect(tail.slice(3, 9)?.toString()).toBe('defghi');
    expect(tail.slice(8, 10)).toBeNull(); // not passed yet
  });

  it('holds at most maxHeld bytes besides the newest chunk', async () => {
    const tail = new StreamTail(4);
    await drain(tail, [Buffer.from('aaa'), Buffer.from('bbb'), Buffer.from('ccc')]);
    expect(tail.slice(0, 3)).toBeNull();
    expect(tail.slice(3, 9)?.toString()).toBe('bbbccc');
  });
});
