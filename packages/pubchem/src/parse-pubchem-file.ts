import type { CompoundRecord } from './compound-record.js';
import { openPubchemFile, type OpenPubchemOptions } from './open-pubchem-file.js';
import { parsePubchemJson } from './parse-pubchem-json.js';
import { parseSdf } from './parse-sdf.js';
import type { SplitSdfOptions } from './sdf-split.js';

/**
 * Parses a PubChem file (PUG REST JSON or SDF, plain or gzip, told apart by content: see
 * openPubchemFile). SD records are streamed one at a time; the first bad record throws. `opts`
 * are the size limits (maxJsonBytes, maxRecordChars, maxLineChars).
 */
export async function* parsePubchemFile(path: string, opts: OpenPubchemOptions & Pick<SplitSdfOptions, 'maxRecordChars' | 'maxLineChars'> = {}): AsyncIterable<CompoundRecord> {
  const file = await openPubchemFile(path, opts);
  if (file.format === 'json') yield* parsePubchemJson(file.text, { source: path });
  else yield* parseSdf(file.bytes, { ...opts, source: path });
}
