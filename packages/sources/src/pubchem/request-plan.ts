import { StrandError } from '@strand/runtime';
import type { PubchemFetchRequest, PubchemPayloadFormat } from '@strand/pipeline';

/** Most CIDs one request may expand to; `strand fetch pubchem` splits larger ranges into several requests. */
export const MAX_CIDS_PER_REQUEST = 100_000;

export const PAYLOAD_FORMATS: readonly PubchemPayloadFormat[] = ['property-table', 'json', 'sdf'];

/**
 * The CIDs a request names directly (list + inclusive range), de-duplicated in first-seen order.
 * Names and SMILES are resolved by the client (they cost requests). A bad CID or range is
 * INPUT_INVALID: poison for this request, never retried.
 */
export function expandCids(request: Pick<PubchemFetchRequest, 'requestId' | 'cids' | 'cidRange'>): number[] {
  const seen = new Set<number>();
  const add = (cid: number): void => {
    if (!Number.isSafeInteger(cid) || cid < 1) throw new StrandError('INPUT_INVALID', `request ${request.requestId}: CID ${cid} is not a positive integer`);
    seen.add(cid);
  };
  for (const cid of request.cids) add(Number(cid));
  if (request.cidRange) {
    const from = Number(request.cidRange.from);
    const to = Number(request.cidRange.to);
    if (!(from >= 1 && to >= from)) throw new StrandError('INPUT_INVALID', `request ${request.requestId}: CID range ${from}-${to} is empty or not positive`);
    if (to - from + 1 > MAX_CIDS_PER_REQUEST) throw new StrandError('INPUT_INVALID', `request ${request.requestId}: CID range ${from}-${to} holds more than ${MAX_CIDS_PER_REQUEST} CIDs; split it`);
    for (let cid = from; cid <= to; cid++) add(cid);
  }
  if (seen.size > MAX_CIDS_PER_REQUEST) throw new StrandError('INPUT_INVALID', `request ${request.requestId}: more than ${MAX_CIDS_PER_REQUEST} CIDs; split it`);
  return [...seen];
}

/** The payload formats a request asks for, validated; property tables when it names none. */
export function requestFormats(request: Pick<PubchemFetchRequest, 'requestId' | 'formats'>): PubchemPayloadFormat[] {
  const formats = request.formats.length === 0 ? ['property-table'] : [...new Set(request.formats)];
  for (const f of formats) {
    if (!PAYLOAD_FORMATS.includes(f as PubchemPayloadFormat)) {
      throw new StrandError('INPUT_INVALID', `request ${request.requestId}: unknown format "${f}" (known: ${PAYLOAD_FORMATS.join(', ')})`);
    }
  }
  return formats as PubchemPayloadFormat[];
}
