import type { CompoundRecord } from './compound-record.js';
import { openPubchemFile } from './open-pubchem-file.js';
import { parsePubchemJson } from './parse-pubchem-json.js';
import { parseSdf } from './parse-sdf.js';

/**
 * Parses a PubChem file (PUG REST JSON or SDF, plain or gzip, told apart by content: see
 * openPubchemFile). SD records are streamed one at a time; the first bad record throws.
 */
export async function* parsePubchemFile(path: string): AsyncIterable<CompoundRecord> {
  const file = await openPubchemFile(path);
  if (file.format === 'json') yield* parsePubchemJson(file.text, { source: path });
  else yield* parseSdf(file.bytes, { source: path });
}
