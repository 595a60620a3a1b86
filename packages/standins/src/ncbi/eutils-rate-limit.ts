import { ArrivalLog } from '../arrival-log.js';

export type RateDecision = { allowed: true; count: number; limit: number } | { allowed: false; count: number; limit: number; retryAfterMs: number };

/**
 * NCBI's E-utilities limit: at most `limit` requests in any second per API key (or per client
 * address without one). Only allowed requests are counted, so a client that backs off recovers.
 */
export class EutilsRateLimit {
  private readonly logs = new Map<string, ArrivalLog>();

  constructor(
    private readonly limitWithoutKey: number,
    private readonly limitWithKey: number,
  ) {}

  check(who: string, hasKey: boolean, now: number): RateDecision {
    const limit = hasKey ? this.limitWithKey : this.limitWithoutKey;
    const log = this.logs.get(who) ?? new ArrivalLog();
    this.logs.set(who, log);
    const count = log.countSince(now, 1000) + 1;
    if (count > limit) {
      const freeAt = log.oldestInWindowExpiresAt(now, 1000) ?? now + 1000;
      return { allowed: false, count, limit, retryAfterMs: Math.max(1, freeAt - now) };
    }
    log.record(now);
    return { allowed: true, count, limit };
  }
}
