import { describe, expect, it } from 'vitest';
import { peekHead } from '@strand/input';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) yield p;
}

async function rest(stream: AsyncIterable<Buffer>): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of stream) out.push(c);
  return Buffer.concat(out).toString();
}

describe('peekHead', () => {
  it('reads whole chunks until it has the bytes asked for, and gives them back first', async () => {
    const { head, stream } = await peekHead(chunks('ab', 'cd', new Uint8Array([0x65, 0x66]), 'gh'), 3);
    expect(head.toString()).toBe('abcd');
    expect(await rest(stream)).toBe('abcdefgh');
  });

  it('gives the whole input as head when it is shorter, and an empty head for an empty input', async () => {
    const short = await peekHead(chunks('ab'), 10);
    expect(short.head.toString()).toBe('ab');
    expect(await rest(short.stream)).toBe('ab');
    const empty = await peekHead(chunks(), 10);
    expect(empty.head).toHaveLength(0);
    expect(await rest(empty.stream)).toBe('');
  });

  it('closes the input on return(), even before anything past the head was read', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<string> {
      try {
        yield 'head';
        yield 'never read';
      } finally {
        closed = true;
      }
    }
    const { stream } = await peekHead(source(), 1);
    await stream.return?.();
    expect(closed).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('rejects when the input fails before the head is complete', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'a';
      throw new Error('reset');
    }
    await expect(peekHead(failing(), 10)).rejects.toThrow('reset');
  });
});
