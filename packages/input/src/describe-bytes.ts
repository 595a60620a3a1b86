/**
 * What some input bytes are, for an error message, without the bytes themselves: their length and
 * whether they are text or binary. Messages about an input never quote it: the input may be a file
 * a fetch request should not have named (/etc/passwd, /proc/self/environ), and error messages end
 * up in logs and dead letters.
 */
export function describeBytes(input: Uint8Array | string): string {
  const length = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (length === 0) return 'no bytes';
  // The class is judged from the first bytes (a huge line costs no copy); a cut UTF-8 sequence at the end is not held against them.
  const sample = typeof input === 'string'
    ? Buffer.from(input.slice(0, SAMPLE), 'utf8')
    : Buffer.from(input.buffer, input.byteOffset, Math.min(input.byteLength, SAMPLE));
  return `${length} byte${length === 1 ? '' : 's'} of ${isText(sample, length > sample.length) ? 'text' : 'binary data'}`;
}

const SAMPLE = 4096;

/** Text: well-formed UTF-8 without NUL and with few control characters (tab, CR, LF and form feed are text). */
function isText(bytes: Buffer, cut: boolean): boolean {
  let controls = 0;
  for (const b of bytes) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  if (controls * 20 > bytes.length) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut });
    return true;
  } catch {
    return false;
  }
}
