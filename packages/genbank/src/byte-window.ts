/**
 * A growable byte window over a stream: append chunks at the end, consume from the front.
 * Appending copies only the new bytes (amortized O(n)); consumed space is reclaimed lazily,
 * so feeding a stream one byte at a time stays linear.
 */
export class ByteWindow {
  private buf: Buffer;
  /** Index of the first unconsumed byte in buf. */
  head = 0;
  /** Index one past the last valid byte in buf. */
  tail = 0;

  constructor(initialCapacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  get length(): number {
    return this.tail - this.head;
  }

  append(chunk: Buffer): void {
    if (this.tail + chunk.length > this.buf.length) this.makeRoom(chunk.length);
    chunk.copy(this.buf, this.tail);
    this.tail += chunk.length;
  }

  /** Byte at offset i from head (i < length). */
  at(i: number): number {
    return this.buf[this.head + i] as number;
  }

  /** Offset (from head) of needle starting at or after `from` and ending at or before `end` (default: length), or -1. */
  indexOf(needle: Buffer, from: number, end = this.length): number {
    if (from >= end) return -1;
    return this.buf.subarray(this.head, this.head + end).indexOf(needle, from);
  }

  /** Offset (from head) of the last `byte` in [from, end), or -1. */
  lastIndexOf(byte: number, from: number, end: number): number {
    if (from >= end) return -1;
    const at = this.buf.subarray(this.head + from, this.head + end).lastIndexOf(byte);
    return at < 0 ? -1 : from + at;
  }

  startsWith(needle: Buffer, at = 0): boolean {
    if (at + needle.length > this.length) return false;
    return this.buf.compare(needle, 0, needle.length, this.head + at, this.head + at + needle.length) === 0;
  }

  /** A view of bytes [start, end) from head: valid until the next append or consume. */
  view(start: number, end: number): Buffer {
    return this.buf.subarray(this.head + start, this.head + end);
  }

  toString(start: number, end: number): string {
    return this.buf.toString('utf8', this.head + start, this.head + end);
  }

  consume(n: number): void {
    this.head += n;
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
    }
  }

  private makeRoom(extra: number): void {
    const live = this.tail - this.head;
    const needed = live + extra;
    if (needed * 2 <= this.buf.length) {
      // Plenty of consumed space at the front: slide the live bytes down (copy handles overlap).
      this.buf.copy(this.buf, 0, this.head, this.tail);
    } else {
      const next = Buffer.allocUnsafe(Math.max(needed * 2, this.buf.length));
      this.buf.copy(next, 0, this.head, this.tail);
      this.buf = next;
    }
    this.head = 0;
    this.tail = live;
  }
}
