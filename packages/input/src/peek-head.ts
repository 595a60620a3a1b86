/** The first bytes of an input, and the input itself still starting with them. */
export interface PeekedInput {
  /**
   * At least the number of bytes asked for (whole chunks, so often more), or the whole input when it
   * is shorter. Empty for an empty input.
   */
  head: Buffer;
  /**
   * The whole input from its first byte, the head included, as Buffers. `return()` closes the
   * underlying input (a file, a socket), also when nothing was read from it yet: call it when
   * giving up on an input after looking at its head.
   */
  stream: AsyncIterableIterator<Buffer>;
}

/**
 * Reads the first `bytes` bytes of a byte stream without losing them, so a caller can decide what
 * the stream is (gzip, GenBank, JSON, SDF) before handing all of it on. Only the head is buffered;
 * the rest streams through as it arrives. A read error before the head is complete rejects.
 */
export async function peekHead(input: AsyncIterable<Uint8Array | string>, bytes: number): Promise<PeekedInput> {
  const source = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < bytes) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(next.value);
    chunks.push(chunk);
    size += chunk.length;
  }
  const head = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  let pending: Buffer | null = head.length > 0 ? head : null;
  const stream: AsyncIterableIterator<Buffer> = {
    [Symbol.asyncIterator]: () => stream,
    async next(): Promise<IteratorResult<Buffer, undefined>> {
      if (pending !== null) {
        const value = pending;
        pending = null;
        return { done: false, value };
      }
      if (ended) return { done: true, value: undefined };
      const next = await source.next();
      if (next.done) {
        ended = true;
        return { done: true, value: undefined };
      }
      return { done: false, value: toBuffer(next.value) };
    },
    async return(): Promise<IteratorResult<Buffer, undefined>> {
      pending = null;
      if (!ended) {
        ended = true;
        await source.return?.();
      }
      return { done: true, value: undefined };
    },
  };
  return { head, stream };
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
