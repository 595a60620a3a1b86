import type { IHeaders } from 'kafkajs';

/**
 * When the record was fetched (ms since the epoch), set by the first hop (the fetcher or ingest)
 * and carried unchanged to every later hop, so the sink can measure end-to-end freshness.
 */
export const fetchedAtHeader = 'strand-fetched-at';

/** The fetch time a message carries, or undefined when it carries none (or an unreadable one). */
export function fetchedAt(headers: IHeaders | undefined): number | undefined {
  const v = headers?.[fetchedAtHeader];
  const one = Array.isArray(v) ? v[0] : v;
  if (one === undefined) return undefined;
  const ms = Number(one.toString());
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** The header to pass on from an input to its outputs (empty when the input carries none). */
export function carryFetchedAt(headers: IHeaders | undefined): Record<string, string> {
  const ms = fetchedAt(headers);
  return ms === undefined ? {} : { [fetchedAtHeader]: String(ms) };
}
