import { text } from 'node:stream/consumers';
import { openInput, peekHead, sniffFormat, SNIFF_BYTES } from '@strand/input';
import { PubchemErrorCodes, PubchemParseError } from './pubchem-parse-error.js';

/**
 * A PubChem file, opened: a JSON document is read whole (JSON.parse needs all of it), SD records
 * stay a stream so that a big SD file is never held in memory.
 */
export type PubchemFile = { format: 'json'; text: string } | { format: 'sdf'; bytes: AsyncIterable<Buffer> };

/**
 * Opens a PubChem file, plain or gzip, telling PUG REST JSON (full records or a property table)
 * from SDF by content rather than by name (see @strand/input's sniffFormat). Whatever does not look
 * like JSON is read as SDF, so that a bad SD record is reported with its line rather than the file
 * being refused. A file that cannot be read or inflated throws PUBCHEM_INPUT_UNREADABLE naming it.
 */
export async function openPubchemFile(path: string): Promise<PubchemFile> {
  try {
    const { head, stream } = await peekHead(openInput(path), SNIFF_BYTES);
    if (sniffFormat(head).format !== 'json') return { format: 'sdf', bytes: stream };
    return { format: 'json', text: await text(stream) };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PubchemParseError(PubchemErrorCodes.INPUT_UNREADABLE, `cannot read ${path}: ${reason}`, { source: path }, { cause });
  }
}
