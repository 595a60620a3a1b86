import { decodeUtf8Strict, describeUtf8Problem, openInput, peekHead, sniffFormat, SNIFF_BYTES } from '@strand/input';
import { PubchemErrorCodes, PubchemParseError } from './pubchem-parse-error.js';
import { readCapped } from './read-capped.js';

/** 256 MiB: a JSON document is parsed from one string, and V8 strings stop at 512 MiB. */
export const DEFAULT_MAX_JSON_BYTES = 256 * 1024 * 1024;

export interface OpenPubchemOptions {
  /** Most bytes of a JSON document once gunzipped (STRAND_PUBCHEM_MAX_JSON_BYTES). Default DEFAULT_MAX_JSON_BYTES. */
  maxJsonBytes?: number;
}

/**
 * A PubChem file, opened: a JSON document is read whole (JSON.parse needs all of it), SD records
 * stay a stream so that a big SD file is never held in memory.
 */
export type PubchemFile = { format: 'json'; text: string } | { format: 'sdf'; bytes: AsyncIterable<Buffer> };

/**
 * Opens a PubChem file, plain or gzip, telling PUG REST JSON (full records or a property table)
 * from SDF by content rather than by name (see @strand/input's sniffFormat). Whatever does not look
 * like JSON is read as SDF, so that a bad SD record is reported with its line rather than the file
 * being refused. A file that cannot be read or inflated throws PUBCHEM_INPUT_UNREADABLE naming it;
 * a JSON file that is not well-formed UTF-8 throws INPUT_NOT_UTF8 naming the line and byte offset
 * (an SD file does when its reader reaches the bad byte: parseSdfResults). A JSON document is
 * read (and inflated) only up to opts.maxJsonBytes: past it, reading stops with INPUT_TOO_LARGE
 * naming the file and the setting, so a gzip bomb never fills memory.
 */
export async function openPubchemFile(path: string, opts: OpenPubchemOptions = {}): Promise<PubchemFile> {
  const maxJsonBytes = opts.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
  let bytes: Buffer | null;
  try {
    const { head, stream } = await peekHead(openInput(path), SNIFF_BYTES);
    if (sniffFormat(head).format !== 'json') return { format: 'sdf', bytes: stream };
    bytes = await readCapped(stream, maxJsonBytes);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PubchemParseError(PubchemErrorCodes.INPUT_UNREADABLE, `cannot read ${path}: ${reason}`, { source: path }, { cause });
  }
  if (bytes === null) {
    const what = `the JSON document is larger than ${maxJsonBytes} bytes (counted after gunzip)`;
    throw new PubchemParseError(PubchemErrorCodes.TOO_LARGE, `${path}: ${what}; reading stopped there (raise STRAND_PUBCHEM_MAX_JSON_BYTES to accept it)`, { source: path });
  }
  // Never decoded with U+FFFD in place of bad bytes: INPUT_NOT_UTF8 names the line and byte offset.
  const decoded = decodeUtf8Strict(bytes);
  if ('problem' in decoded) {
    throw new PubchemParseError(PubchemErrorCodes.NOT_UTF8, `${describeUtf8Problem(decoded.problem)}; the file is refused rather than read with U+FFFD in place of the bad bytes`, { source: path, line: decoded.problem.line });
  }
  return { format: 'json', text: decoded.text };
}
