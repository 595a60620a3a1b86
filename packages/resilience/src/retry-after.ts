/**
 * Parses an HTTP Retry-After header (RFC 9110 10.2.3): either delay-seconds or an HTTP-date.
 * Returns milliseconds to wait (never negative), or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
