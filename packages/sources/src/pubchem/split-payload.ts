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

function splitSdf(text: string, url: string): Map<number, string> {
  const out = new Map<number, string>();
  const normalized = text.replace(/\r\n/g, '\n');
  if (normalized.trim() !== '' && !/^\$\$\$\$\s*$/m.test(normalized)) {
    throw new StrandError('PUBCHEM_BAD_ANSWER', `${url}: SDF answer has no $$$$ record terminator (truncated?)`);
  }
  for (const part of normalized.split(/^\$\$\$\$[ \t]*\n?/m)) {
    if (part.trim() === '') continue;
    const cid = Number(CID_TAG.exec(part)?.[1] ?? Number.NaN);
    const body = part.startsWith('\n') ? part.slice(1) : part;
    if (Number.isSafeInteger(cid) && cid > 0) out.set(cid, `${body.endsWith('\n') ? body : `${body}\n`}$$$$\n`);
  }
  return out;
}
