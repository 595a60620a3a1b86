import type { GenbankFixtureRecord } from './genbank-fixtures.js';
import { jsonResponse, xmlEscape, XML_TYPE } from './eutils-response.js';
import type { EutilsResponse } from './eutils-response.js';
import type { SearchHistory } from './search-history.js';

export const SEQUENCE_DBS = new Set(['nuccore', 'nucleotide', 'protein']);
const MAX_RETMAX = 10_000;

/**
 * True if `record` matches `term`. The stand-in understands a small part of Entrez syntax:
 * ALL (or all[filter], *) matches everything; otherwise OR-separated alternatives of AND-ed
 * words, each matching the accession, accession.version or LOCUS name exactly, or a whole word
 * of the organism or definition. Field tags like [orgn] and quotes are ignored.
 */
export function matchesTerm(record: GenbankFixtureRecord, term: string): boolean {
  const cleaned = term.replace(/\[[^\]]*\]/g, ' ').replace(/["()]/g, ' ').trim();
  if (/^(all|\*)?$/i.test(cleaned)) return true;
  const ids = new Set([record.accession, record.accessionVersion, record.locus].map((s) => s.toLowerCase()));
  const words = new Set(`${record.organism} ${record.definition}`.toLowerCase().split(/[^a-z0-9_.]+/).filter(Boolean));
  return cleaned.split(/\s+OR\s+/i).some((alternative) =>
    alternative
      .split(/\s+(?:AND\s+)?/i)
      .filter((w) => w && !/^and$/i.test(w))
      .every((w) => ids.has(w.toLowerCase()) || words.has(w.toLowerCase())),
  );
}

/** esearch.fcgi over the fixture records. Ids are accession.version strings (see README). */
export function esearch(params: URLSearchParams, records: GenbankFixtureRecord[], history: SearchHistory): EutilsResponse {
  const db = params.get('db') ?? 'pubmed';
  const json = params.get('retmode') === 'json';
  const fail = (message: string): EutilsResponse =>
    json
      ? jsonResponse(200, { header: { type: 'esearch', version: '0.3' }, esearchresult: { ERROR: message } })
      : { status: 200, contentType: XML_TYPE, body: `<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><ERROR>${xmlEscape(message)}</ERROR></eSearchResult>\n` };
  if (!SEQUENCE_DBS.has(db)) return fail(`Invalid db name specified: ${db}`);
  const term = params.get('term');
  if (term === null || term.trim() === '') return fail('Empty term and query_key - nothing todo');
  const retstart = Math.max(0, Number(params.get('retstart') ?? 0) || 0);
  const retmax = Math.min(MAX_RETMAX, Math.max(0, Number(params.get('retmax') ?? 20) || 0));

  const all = records.filter((r) => matchesTerm(r, term)).map((r) => r.accessionVersion);
  const page = all.slice(retstart, retstart + retmax);
  const historyInfo = params.get('usehistory') === 'y' ? history.store(all, params.get('WebEnv') ?? undefined) : undefined;

  if (json) {
    return jsonResponse(200, {
      header: { type: 'esearch', version: '0.3' },
      esearchresult: {
        count: String(all.length),
        retmax: String(page.length),
        retstart: String(retstart),
        ...(historyInfo ? { querykey: historyInfo.queryKey, webenv: historyInfo.webEnv } : {}),
        idlist: page,
        translationset: [],
        querytranslation: term,
      },
    });
  }
  const historyXml = historyInfo ? `<QueryKey>${historyInfo.queryKey}</QueryKey><WebEnv>${historyInfo.webEnv}</WebEnv>` : '';
  const body =
    `<?xml version="1.0" encoding="UTF-8" ?>\n` +
    `<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n` +
    `<eSearchResult><Count>${all.length}</Count><RetMax>${page.length}</RetMax><RetStart>${retstart}</RetStart>${historyXml}` +
    `<IdList>\n${page.map((id) => `<Id>${id}</Id>\n`).join('')}</IdList><TranslationSet/><QueryTranslation>${xmlEscape(term)}</QueryTranslation></eSearchResult>\n`;
  return { status: 200, contentType: XML_TYPE, body };
}
