import { describeUtf8Problem, locateInvalidUtf8 } from '@strand/input';
import { PubchemErrorCodes, PubchemParseError } from './pubchem-parse-error.js';

/**
 * Passes byte chunks through unchanged, and throws INPUT_NOT_UTF8 (naming the source, the line and
 * the byte offset in the input) at the first byte that is not well-formed UTF-8, so that no decoder
 * after it puts U+FFFD in its place. A sequence cut by a chunk boundary is checked with the next
 * chunk; one cut by the end of the input is malformed. Strings pass unchecked (already decoded).
 */
export async function* strictUtf8Chunks(input: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>, source?: string): AsyncIterable<Buffer | Uint8Array | string> {
  let carry: Buffer = Buffer.alloc(0); // an incomplete sequence at the end of the last chunk
  let consumed = 0; // bytes of the input before `carry`
  let lines = 0; // newlines in those bytes
  let column = 0; // bytes of them after the last newline
  const fail = (bytes: Buffer): never => {
    const found = locateInvalidUtf8(bytes)!;
    const problem = found.line === 1 ? { ...found, column: found.column + column } : found;
    throw new PubchemParseError(PubchemErrorCodes.NOT_UTF8, `${describeUtf8Problem(problem, consumed, lines + 1)}; the input is refused rather than read with U+FFFD in place of the bad bytes`, {
      ...(source === undefined ? {} : { source }),
      line: lines + problem.line,
    });
  };
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    const bytes = carry.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([carry, chunk]);
    const cut = incompleteTail(bytes);
    const whole = bytes.subarray(0, bytes.length - cut);
    if (locateInvalidUtf8(whole) !== null) fail(whole);
    let lastNewline = -1;
    for (let at = whole.indexOf(10); at !== -1; at = whole.indexOf(10, at + 1)) {
      lines += 1;
      lastNewline = at;
    }
    column = lastNewline < 0 ? column + whole.length : whole.length - lastNewline - 1;
    consumed += whole.length;
    carry = Buffer.from(bytes.subarray(bytes.length - cut));
    yield chunk;
  }
  if (carry.length > 0) fail(carry);
}

/** Bytes at the end of `bytes` that start a multi-byte sequence the chunk does not finish (0 to 3). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return length > back ? back : 0;
    }
  }
  return 0;
}
