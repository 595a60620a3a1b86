import { splitSdfText } from '@strand/pubchem';
import { StrandError } from '@strand/runtime';
import type { PubchemPayloadFormat } from '@strand/pipeline';

/**
 * Splits a PUG REST answer into one self-contained payload per CID (a one-row property table, a
 * one-compound PC_Compounds document, one SD record), so each CID can be cached and published on
 * its own and a bad record never takes its batch-mates with it. An answer that cannot be read
 * (truncated JSON, say) is retriable: the next attempt usually gets a whole body.
 */
export function splitPayload(format: PubchemPayloadFormat, text: string, url: string): Map<number, string> {
  if (format === 'sdf') return splitSdf(text, url);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new StrandError('PUBCHEM_BAD_ANSWER', `${url}: unreadable JSON answer (${(err as Error).message})`, { cause: err });
  }
  const out = new Map<number, string>();
  if (format === 'property-table') {
    const rows = (document as { PropertyTable?: { Properties?: unknown } }).PropertyTable?.Properties;
    if (!Array.isArray(rows)) throw new StrandError('PUBCHEM_BAD_ANSWER', `${url}: answer has no PropertyTable.Properties`);
    for (const row of rows) {
      const cid = Number((row as { CID?: unknown }).CID);
      if (Number.isSafeInteger(cid) && cid > 0) out.set(cid, JSON.stringify({ PropertyTable: { Properties: [row] } }));
    }
    return out;
  }
  const compounds = (document as { PC_Compounds?: unknown }).PC_Compounds;
  if (!Array.isArray(compounds)) throw new StrandError('PUBCHEM_BAD_ANSWER', `${url}: answer has no PC_Compounds`);
  for (const compound of compounds) {
    const cid = Number((compound as { id?: { id?: { cid?: unknown } } }).id?.id?.cid);
    if (Number.isSafeInteger(cid) && cid > 0) out.set(cid, JSON.stringify({ PC_Compounds: [compound] }));
  }
  return out;
}

const CID_TAG = /^>\s*<PUBCHEM_COMPOUND_CID>[^\n]*\n\s*(\d+)/m;

/**
 * One SD record per CID, each with its own `$$$$` line, cut by @strand/pubchem's splitter. No size
 * limit here: the answer is already in memory, and the parser applies the limit per payload, so an
 * oversize compound is dead-lettered alone instead of failing its whole batch.
 */
function splitSdf(text: string, url: string): Map<number, string> {
  const { records, terminated } = splitSdfText(text, { source: url, maxRecordChars: Number.POSITIVE_INFINITY, maxLineChars: Number.POSITIVE_INFINITY });
  if (!terminated) throw new StrandError('PUBCHEM_BAD_ANSWER', `${url}: SDF answer does not end with a $$$$ record terminator (truncated?)`);
  const out = new Map<number, string>();
  for (const record of records) {
    const cid = Number(CID_TAG.exec(record.text)?.[1] ?? Number.NaN);
    if (Number.isSafeInteger(cid) && cid > 0) out.set(cid, `${record.text}\n$$$$\n`);
  }
  return out;
}
