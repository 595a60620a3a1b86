import { StrandError, type StreamOutput, type StreamDeadLetter } from '@strand/runtime';
import type { PubchemFetchRequest, PubchemPayloadFormat, PubchemRawValue } from '@strand/pipeline';
import type { CidCache } from './cid-cache.js';
import type { PugRestClient } from './pug-rest-client.js';
import { expandCids, requestFormats } from './request-plan.js';

/** Counts of one fetch job, for its log line. */
export interface FetchJobResult {
  cids: number;
  /** Payloads published from the cache, without a request. */
  fromCache: number;
  /** Payloads fetched from PubChem. */
  fetched: number;
  notFound: number;
}

/** MGET at most this many keys at once. */
const CACHE_CHUNK = 1000;

const notFound = (key: string, reason: string): StreamDeadLetter => ({ deadLetter: { key, error: new StrandError('PUBCHEM_NOT_FOUND', reason), value: null } });

/**
 * One fetch request as a stream: resolves names and SMILES to CIDs, then for each asked format
 * yields the cached payloads and fetches the rest in adaptively sized batches, caching what
 * arrives; what PubChem does not know is yielded as a dead letter. Re-running a request (after a
 * crash or a rebalance) yields it again, mostly from the cache; the sink's upsert makes that harmless.
 */
export async function* pubchemFetchJob(request: PubchemFetchRequest, client: PugRestClient, cache: CidCache, result: FetchJobResult, signal?: AbortSignal): AsyncGenerator<StreamOutput<PubchemRawValue> | StreamDeadLetter> {
  const formats = requestFormats(request);
  const cids = expandCids(request);
  const seen = new Set(cids);

  for (const [kind, values] of [['name', request.names], ['smiles', request.smiles]] as const) {
    for (const value of values) {
      const found = kind === 'name' ? await client.cidsForName(value, signal) : await client.cidsForSmiles(value, signal);
      if (found.length === 0) {
        result.notFound++;
        yield notFound(value, `PUGREST.NotFound: PubChem has no compound for ${kind} "${value}" (request ${request.requestId})`);
      }
      for (const cid of found) if (!seen.has(cid)) { seen.add(cid); cids.push(cid); }
    }
  }
  result.cids = cids.length;

  let batch = 0;
  const raw = (format: PubchemPayloadFormat, cid: number, text: string, uri: string, fromCache: boolean): StreamOutput<PubchemRawValue> => ({
    key: String(cid),
    value: { requestId: request.requestId, batch, format, uri, cids: [cid], fromCache, text, firstLine: 1, recordIndex: 0, fetchedAt: Date.now() },
    attributes: { 'strand.pubchem.cid': cid, 'strand.pubchem.format': format },
  });

  for (const format of formats) {
    const missing: number[] = [];
    for (let i = 0; i < cids.length; i += CACHE_CHUNK) {
      const chunk = cids.slice(i, i + CACHE_CHUNK);
      const cached = await cache.getMany(format, chunk);
      for (const [cid, text] of cached) yield raw(format, cid, text, `cache:${format}`, true);
      if (cached.size > 0) batch++;
      result.fromCache += cached.size;
      for (const cid of chunk) if (!cached.has(cid)) missing.push(cid);
    }

    for (let i = 0; i < missing.length;) {
      const take = missing.slice(i, i + client.sizers[format].size);
      i += take.length;
      const answer = await client.fetchBatch(format, take, signal);
      if (answer.payloads.size > 0) await cache.setMany(format, answer.payloads);
      for (const [cid, text] of answer.payloads) yield raw(format, cid, text, answer.url, false);
      result.fetched += answer.payloads.size;
      for (const cid of answer.notFound) {
        result.notFound++;
        yield notFound(String(cid), `PUGREST.NotFound: PubChem has no compound with CID ${cid} (${format}, request ${request.requestId})`);
      }
      for (const [cid, error] of answer.refused) yield { deadLetter: { key: String(cid), error, value: null } };
      batch++;
    }
  }
}
