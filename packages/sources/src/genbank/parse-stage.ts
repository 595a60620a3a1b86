import { createHash } from 'node:crypto';
import { parseGenbankRecord } from '@strand/genbank';
import type { Stage } from '@strand/runtime';
import type { GenbankRawValue, GenbankParsedValue } from '@strand/pipeline';

/**
 * Raw GenBank text -> parsed record. A record that is truncated, not GenBank, or has an
 * unparseable LOCUS or location throws a non-retriable GenbankParseError naming the line, so the
 * runner dead-letters it and the records around it carry on.
 */
export const genbankParseStage: Stage<GenbankRawValue, GenbankParsedValue> = {
  name: 'genbank.parser',
  process(raw) {
    // A record cut short (complete=false) has no // terminator, which the parser reports as GENBANK_TRUNCATED.
    const record = parseGenbankRecord(raw.text, { firstLine: raw.origin.firstLine, source: raw.origin.uri });
    const recordSha256 = createHash('sha256').update(raw.text).digest('hex');
    return [{ ...record, origin: raw.origin, recordSha256 }];
  },
};
