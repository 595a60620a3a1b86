import type { Redis } from 'ioredis';

/** One shared budget as Redis holds it now (see SharedRateLimiter for the keys). */
export interface RateLimitState {
  /** The limiter's key, e.g. `strand:pubchem`. */
  key: string;
  /** Grants in each window's last interval (Redis clock), by the window's length. */
  windows: { perMs: number; grants: number }[];
  /** End of the pause shared by every instance (PubChem said Black), epoch ms; null when not paused. */
  pausedUntil: number | null;
}

// SharedRateLimiter's keys: strand:ratelimit:{<key>}:per<ms> (one sorted set of grant times per window) and strand:ratelimit:{<key>}:pause.
const KEY = /^strand:ratelimit:\{(.+)\}:(per(\d+)|pause)$/;

/**
 * Reads every shared rate limiter whose key starts with `budgetKey` (STRAND_RATE_LIMIT_KEY): the
 * grants in each window and the shared pause. Read-only; an idle limiter's keys expire, so a
 * budget unused lately is absent. The per-instance slowdown (PubChem's Yellow/Red) lives in each
 * fetcher's memory, not in Redis, and is not here.
 */
export async function readRateLimitStates(redis: Redis, budgetKey: string): Promise<RateLimitState[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `strand:ratelimit:{${budgetKey}*`, 'COUNT', 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const [seconds, micros] = await redis.time();
  const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  const byKey = new Map<string, RateLimitState>();
  for (const k of keys.sort()) {
    const m = KEY.exec(k);
    if (!m) continue;
    const state = byKey.get(m[1]!) ?? { key: m[1]!, windows: [], pausedUntil: null };
    byKey.set(m[1]!, state);
    if (m[2] === 'pause') {
      const until = Number(await redis.get(k));
      state.pausedUntil = until > now ? until : null;
    } else {
      const perMs = Number(m[3]);
      state.windows.push({ perMs, grants: await redis.zcount(k, now - perMs + 1, '+inf') });
    }
  }
  for (const s of byKey.values()) s.windows.sort((a, b) => a.perMs - b.perMs);
  return [...byKey.values()];
}
