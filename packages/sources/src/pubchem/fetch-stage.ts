import type { StreamingStage, StreamOutput, StreamDeadLetter } from '@strand/runtime';
import type { PubchemFetchRequest, PubchemRawValue } from '@strand/pipeline';
import type { CidCache } from './cid-cache.js';
import type { PugRestClient } from './pug-rest-client.js';
import { pubchemFetchJob, type FetchJobResult } from './fetch-job.js';

/**
 * The PubChem fetch stage: one request in (CIDs, a range, names, SMILES), one raw payload per CID
 * and format out, plus a dead letter per CID, name or SMILES PubChem does not know. Outages
 * (PubChem down, Redis unreachable) are retriable: the runner runs the request again, served
 * mostly from the per-CID cache.
 */
export function pubchemFetchStage(client: PugRestClient, cache: CidCache): StreamingStage<PubchemFetchRequest, PubchemRawValue> {
  return {
    kind: 'streaming',
    name: 'pubchem.fetcher',
    async *stream(request, ctx): AsyncGenerator<StreamOutput<PubchemRawValue> | StreamDeadLetter> {
      ctx.logger.info('pubchem fetch request', { requestId: request.requestId, cids: request.cids.length, range: request.cidRange, names: request.names.length, smiles: request.smiles.length, formats: request.formats });
      const result: FetchJobResult = { cids: 0, fromCache: 0, fetched: 0, notFound: 0 };
      yield* pubchemFetchJob(request, client, cache, result, ctx.signal);
      ctx.logger.info('pubchem fetch done', { requestId: request.requestId, ...result, batchSizes: Object.fromEntries(Object.entries(client.sizers).map(([f, s]) => [f, s.size])) });
    },
  };
}
