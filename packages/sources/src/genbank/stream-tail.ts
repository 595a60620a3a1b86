/**
 * The bytes of a stream that a consumer has not let go of yet, by offset from the stream's start:
 * pass the stream through `pass()`, slice a record's original bytes by its byteOffset and
 * byteLength, and `release()` what lies before the next record. It holds references to the chunks,
 * no copies: as much as the splitter reading the same stream holds (one record plus one chunk), and
 * never more than `maxHeld` bytes besides the newest chunk (older ones are let go of: a record
 * longer than that, which the splitter refuses anyway, cannot be sliced).
 */
export class StreamTail {
  private chunks: Buffer[] = [];
  /** Stream offset of chunks[0]. */
  private start = 0;
  private end = 0;

  constructor(private readonly maxHeld: number) {}

  async *pass(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      this.chunks.push(chunk);
      this.end += chunk.length;
      while (this.chunks.length > 1 && this.end - this.start - chunk.length > this.maxHeld) this.start += this.chunks.shift()!.length;
      yield chunk;
    }
  }

  /** Bytes [from, to) of the stream, or null when they are not all held (released, let go of, or not passed yet). */
  slice(from: number, to: number): Buffer | null {
    if (from < this.start || to > this.end) return null;
    if (from === to) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    let at = this.start;
    for (const chunk of this.chunks) {
      const next = at + chunk.length;
      if (next > from && at < to) parts.push(chunk.subarray(Math.max(0, from - at), Math.min(chunk.length, to - at)));
      if (next >= to) break;
      at = next;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Lets go of the chunks that end at or before `offset`. */
  release(offset: number): void {
    while (this.chunks.length > 0 && this.start + this.chunks[0]!.length <= offset) this.start += this.chunks.shift()!.length;
  }
}
