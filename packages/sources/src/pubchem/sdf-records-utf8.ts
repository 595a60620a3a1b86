import { decodeUtf8Strict, describeUtf8Problem } from '@strand/input';
import { StrandError } from '@strand/runtime';

const CID_TAG = /^>\s*<PUBCHEM_COMPOUND_CID>[^\n]*\n\s*(\d+)/m;
const NEWLINE = 0x0a;
const DOLLAR = 0x24;
const lossy = new TextDecoder('utf-8');

/** Whether bytes[i..] starts a `$$$$` line (the SD record terminator). */
function isTerminatorLine(bytes: Uint8Array, i: number): boolean {
  if (bytes[i] !== DOLLAR || bytes[i + 1] !== DOLLAR || bytes[i + 2] !== DOLLAR || bytes[i + 3] !== DOLLAR) return false;
  const after = bytes[i + 4];
  return after === undefined || after === NEWLINE || (after === 0x0d && (bytes[i + 5] === undefined || bytes[i + 5] === NEWLINE));
}

/**
 * Decodes an SDF answer record by record, strictly: the SD records that are well-formed UTF-8 are
 * returned as one text (to split as usual), and a record with a bad byte is refused alone
 * (INPUT_NOT_UTF8, naming its CID and the byte offset and line in the answer) so its batch-mates
 * still land. Never decoded with U+FFFD in place of bad bytes. A bad byte outside any record that
 * names its CID refuses the whole answer. UTF-8 never uses the bytes of `$` or a newline inside a
 * multi-byte character, so cutting the bytes at `$$$$` lines is safe.
 */
export function decodeSdfRecords(bytes: Uint8Array, url: string): { text: string; refused: Map<number, StrandError> } {
  const pieces: string[] = [];
  const refused = new Map<number, StrandError>();
  let start = 0;
  let line = 1;
  const take = (end: number, linesInside: number) => {
    const chunk = bytes.subarray(start, end);
    const decoded = decodeUtf8Strict(chunk);
    if ('text' in decoded) {
      pieces.push(decoded.text);
    } else {
      const where = describeUtf8Problem(decoded.problem, start, line);
      const cid = Number(CID_TAG.exec(lossy.decode(chunk))?.[1] ?? Number.NaN);
      if (!Number.isSafeInteger(cid) || cid <= 0) throw new StrandError('INPUT_NOT_UTF8', `POST ${url}: the answer is ${where}, in no record naming its CID; it is refused rather than stored with U+FFFD in place of the bad bytes`);
      refused.set(cid, new StrandError('INPUT_NOT_UTF8', `POST ${url}: the SD record of CID ${cid} is ${where}; that compound is refused rather than stored with U+FFFD in place of the bad bytes (the rest of its batch is kept)`));
    }
    line += linesInside;
    start = end;
  };
  let linesInside = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (i === 0 || bytes[i - 1] === NEWLINE) {
      if (isTerminatorLine(bytes, i)) {
        let end = i + 4;
        while (end < bytes.length && bytes[end] !== NEWLINE) end++;
        if (end < bytes.length) { end++; linesInside++; }
        take(end, linesInside);
        linesInside = 0;
        i = end - 1;
        continue;
      }
    }
    if (bytes[i] === NEWLINE) linesInside++;
  }
  if (start < bytes.length) take(bytes.length, linesInside);
  return { text: pieces.join(''), refused };
}
