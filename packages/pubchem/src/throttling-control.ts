/** PubChem's traffic-light levels, from least to most throttled. Black means the client is blocked. */
export const THROTTLING_LEVELS = ['Green', 'Yellow', 'Red', 'Black'] as const;
export type ThrottlingLevel = (typeof THROTTLING_LEVELS)[number];

export interface ThrottlingMeasure {
  status: ThrottlingLevel;
  /** Percent of the limit used, or null when the header gives no percentage. */
  percent: number | null;
}

export interface ThrottlingStatus {
  requestCount: ThrottlingMeasure | null;
  requestTime: ThrottlingMeasure | null;
  service: ThrottlingMeasure | null;
  /** The most throttled level among the measures present. */
  worst: ThrottlingLevel;
}

const MEASURE_PATTERN = /(Request\s+Count|Request\s+Time|Service)\s+status\s*:\s*(Green|Yellow|Red|Black)\s*(?:\(\s*(\d+(?:\.\d+)?)\s*%\s*\))?/gi;

const FIELD_BY_NAME: Record<string, 'requestCount' | 'requestTime' | 'service'> = {
  'request count': 'requestCount',
  'request time': 'requestTime',
  service: 'service',
};

/**
 * Parses PubChem's `X-Throttling-Control` header, e.g.
 * `Request Count status: Green (0%), Request Time status: Green (0%), Service status: Green (20%)`.
 * Returns null when the header is missing or names no measure; never throws (PubChem sometimes
 * omits the header, and a client must not crash on that).
 */
export function parseThrottlingControl(header: string | undefined | null): ThrottlingStatus | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  const status: Omit<ThrottlingStatus, 'worst'> = { requestCount: null, requestTime: null, service: null };
  let worstRank = -1;
  for (const match of header.matchAll(MEASURE_PATTERN)) {
    const field = FIELD_BY_NAME[(match[1] ?? '').toLowerCase().replace(/\s+/g, ' ')];
    const level = THROTTLING_LEVELS.find((l) => l.toLowerCase() === (match[2] ?? '').toLowerCase());
    if (field === undefined || level === undefined) continue;
    status[field] = { status: level, percent: match[3] === undefined ? null : Number(match[3]) };
    worstRank = Math.max(worstRank, THROTTLING_LEVELS.indexOf(level));
  }
  const worst = THROTTLING_LEVELS[worstRank];
  return worst === undefined ? null : { ...status, worst };
}
