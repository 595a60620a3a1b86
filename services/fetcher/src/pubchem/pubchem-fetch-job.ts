import type { PubchemFetchRequest, PubchemPayloadFormat, PubchemRawValue } from '@strand/pipeline';
import type { CidCache } from './cid-cache.js';
import type { PugRestClient } from './pug-rest-client.js';
import { expandCids, requestFormats } from './pubchem-request-plan.js';

/** Where a fetch job's results go; each call resolves once its output is durable. */
export interface FetchJobOutputs {
  /** Publishes raw payloads (one per CID and format); resolves when the broker acknowledged them. */
  publish(raws: PubchemRawValue[]): Promise<void>;
  /** Reports something PubChem does not know (a CID, name or SMILES); it is not retried. */
  notFound(key: string, reason: string): Promise<void>;
  /** Called between steps (a consumer heartbeat). */
  progress(): Promise<void>;
}

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

/**
 * Does one fetch request: resolves names and SMILES to CIDs, then for each asked format publishes
 * the cached payloads and fetches the rest in adaptively sized batches, caching what arrives.
 * Everything is published before this resolves, so the caller may commit the request afterwards.
 * Re-running a request (after a crash) republishes it, mostly from the cache; the sink's upsert
 * makes that harmless.
 */
export async function runPubchemFetchJob(request: PubchemFetchRequest, client: PugRestClient, cache: CidCache, out: FetchJobOutputs): Promise<FetchJobResult> {
  const formats = requestFormats(request);
  const cids = expandCids(request);
  const result: FetchJobResult = { cids: 0, fromCache: 0, fetched: 0, notFound: 0 };
  const seen = new Set(cids);
  const heartbeat = (): void => void out.progress().catch(() => undefined);

  for (const [kind, values] of [['name', request.names], ['smiles', request.smiles]] as const) {
    for (const value of values) {
      const found = kind === 'name' ? await client.cidsForName(value, heartbeat) : await client.cidsForSmiles(value, heartbeat);
      if (found.length === 0) {
        result.notFound++;
        await out.notFound(value, `PUGREST.NotFound: PubChem has no compound for ${kind} "${value}" (request ${request.requestId})`);
      }
      for (const cid of found) if (!seen.has(cid)) { seen.add(cid); cids.push(cid); }
      await out.progress();
    }
  }
  result.cids = cids.length;

  let batch = 0;
  const raw = (format: PubchemPayloadFormat, cid: number, text: string, uri: string, fromCache: boolean): PubchemRawValue =>
    ({ requestId: request.requestId, batch, format, uri, cids: [cid], fromCache, text, firstLine: 1, recordIndex: 0, fetchedAt: Date.now() });

  for (const format of formats) {
    const missing: number[] = [];
    for (let i = 0; i < cids.length; i += CACHE_CHUNK) {
      const chunk = cids.slice(i, i + CACHE_CHUNK);
      const cached = await cache.getMany(format, chunk);
      if (cached.size > 0) {
        await out.publish([...cached].map(([cid, text]) => raw(format, cid, text, `cache:${format}`, true)));
        result.fromCache += cached.size;
        batch++;
      }
      for (const cid of chunk) if (!cached.has(cid)) missing.push(cid);
    }

    for (let i = 0; i < missing.length;) {
      const take = missing.slice(i, i + client.sizers[format].size);
      i += take.length;
      const answer = await client.fetchBatch(format, take, heartbeat);
      if (answer.payloads.size > 0) {
        await out.publish([...answer.payloads].map(([cid, text]) => raw(format, cid, text, answer.url, false)));
        await cache.setMany(format, answer.payloads);
        result.fetched += answer.payloads.size;
      }
      for (const cid of answer.notFound) {
        result.notFound++;
        await out.notFound(String(cid), `PUGREST.NotFound: PubChem has no compound with CID ${cid} (${format}, request ${request.requestId})`);
      }
      batch++;
      await out.progress();
    }
  }
  return result;
}
