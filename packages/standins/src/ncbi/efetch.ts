import type { GenbankFixtureRecord } from './genbank-fixtures.js';
import { SEQUENCE_DBS } from './esearch.js';
import { TEXT_TYPE } from './eutils-response.js';
import type { EutilsResponse } from './eutils-response.js';
import type { SearchHistory } from './search-history.js';

/** NCBI's rule of thumb: up to 200 ids in a GET; more must be POSTed. */
export const MAX_GET_IDS = 200;
export const MAX_POST_IDS = 10_000;

function text(status: number, body: string): EutilsResponse {
  return { status, contentType: TEXT_TYPE, body };
}

/**
 * efetch.fcgi rettype=gb|gbwithparts retmode=text: the records for the ids (accession or
 * accession.version), in request order, each as in the fixture file followed by a blank line,
 * as NCBI separates records. Unknown ids are skipped; if none is known the answer is 400.
 */
export function efetch(method: string, params: URLSearchParams, index: Map<string, GenbankFixtureRecord>, history: SearchHistory): EutilsResponse {
  const db = params.get('db') ?? '';
  if (!SEQUENCE_DBS.has(db)) return text(400, `Error: Invalid db name specified: ${db}\n`);
  const rettype = params.get('rettype') ?? 'gb';
  if (rettype !== 'gb' && rettype !== 'gbwithparts') return text(400, `Error: the stand-in serves rettype=gb only, not ${rettype}\n`);
  const retmode = params.get('retmode') ?? 'text';
  if (retmode !== 'text') return text(400, `Error: the stand-in serves retmode=text only, not ${retmode}\n`);

  let ids: string[];
  const webEnv = params.get('WebEnv');
  const queryKey = params.get('query_key');
  if (params.get('id')) {
    ids = params.get('id')!.split(',').map((s) => s.trim()).filter(Boolean);
  } else if (webEnv && queryKey) {
    const stored = history.lookup(webEnv, queryKey);
    if (!stored) return text(400, `Error: Unknown WebEnv/query_key ${webEnv}/${queryKey}\n`);
    const retstart = Math.max(0, Number(params.get('retstart') ?? 0) || 0);
    const retmax = Math.max(0, Number(params.get('retmax') ?? 20) || 0);
    ids = stored.slice(retstart, retstart + retmax);
  } else {
    return text(400, 'Error: Empty id list - nothing todo\n');
  }
  const max = method === 'POST' ? MAX_POST_IDS : MAX_GET_IDS;
  if (ids.length > max) {
    return text(400, `Error: Too many UIDs in request: ${ids.length} (at most ${max} with ${method}${method === 'GET' ? '; use HTTP POST for more' : ''})\n`);
  }
  const found = ids.map((id) => index.get(id)).filter((r): r is GenbankFixtureRecord => r !== undefined);
  if (found.length === 0) return text(400, `Error: F a i l e d  t o  f i n d  i d s: ${ids.join(',')}\n`);
  return text(200, found.map((r) => `${r.text}\n`).join(''));
}

/** Records by accession and by accession.version. */
export function indexRecords(records: GenbankFixtureRecord[]): Map<string, GenbankFixtureRecord> {
  const index = new Map<string, GenbankFixtureRecord>();
  for (const r of records) {
    index.set(r.accessionVersion, r);
    if (!index.has(r.accession)) index.set(r.accession, r);
  }
  return index;
}
