import { ArrivalLog } from '../arrival-log.js';

export interface PubchemLimits {
  /** Requests per second (PubChem publishes 5). */
  perSecond: number;
  /** Requests per minute (PubChem publishes 400). */
  perMinute: number;
  /** Running time per minute, ms (PubChem publishes 300 s). */
  runtimePerMinuteMs?: number;
  /** Requests refused for rate within `violationWindowMs` that get a client blocked (default 20). */
  blockAfterViolations?: number;
  violationWindowMs?: number;
  /** How long a block lasts (default 60 s). While blocked every request gets 503 and Black. */
  blockMs?: number;
  /** Concurrent requests that count as 100% for "Service status" (default 10). */
  serviceCapacity?: number;
}

export const PUBCHEM_LIMITS: PubchemLimits = { perSecond: 5, perMinute: 400 };

export type Admission = { admitted: true } | { admitted: false; reason: 'rate-limit' | 'blocked' };

export type ThrottleColor = 'Green' | 'Yellow' | 'Red' | 'Black';

/** Green under 50% of a limit, Yellow 50-75%, Red over 75% (PubChem's dynamic request throttling). */
export function throttleColor(percent: number): ThrottleColor {
  if (percent < 50) return 'Green';
  if (percent <= 75) return 'Yellow';
  return 'Red';
}

/**
 * PubChem's throttling, computed from its own sliding windows: requests admitted in the last second
 * and minute, running time in the last minute (all three enforced), requests in flight (reported). Refused requests are not counted
 * as load, but each counts as a violation; enough violations block the client for a while.
 */
export class PubchemThrottle {
  private readonly admitted = new ArrivalLog();
  private readonly violations = new ArrivalLog();
  private readonly runtime: { t: number; ms: number }[] = [];
  private blockedUntil = 0;
  inFlight = 0;
  private readonly limits: Required<PubchemLimits>;

  constructor(limits: PubchemLimits) {
    this.limits = {
      runtimePerMinuteMs: 300_000,
      blockAfterViolations: 20,
      violationWindowMs: 60_000,
      blockMs: 60_000,
      serviceCapacity: 10,
      ...limits,
    };
  }

  isBlocked(now: number): boolean {
    return now < this.blockedUntil;
  }

  admit(now: number): Admission {
    if (this.isBlocked(now)) return { admitted: false, reason: 'blocked' };
    const overSecond = this.admitted.countSince(now, 1000) >= this.limits.perSecond;
    const overMinute = this.admitted.countSince(now, 60_000) >= this.limits.perMinute;
    const overRuntime = this.runtimeLastMinute(now) >= this.limits.runtimePerMinuteMs;
    if (overSecond || overMinute || overRuntime) {
      this.violations.record(now);
      if (this.violations.countSince(now, this.limits.violationWindowMs) >= this.limits.blockAfterViolations) this.blockedUntil = now + this.limits.blockMs;
      return { admitted: false, reason: 'rate-limit' };
    }
    this.admitted.record(now);
    return { admitted: true };
  }

  recordRuntime(now: number, ms: number): void {
    this.runtime.push({ t: now, ms });
    while (this.runtime.length > 0 && this.runtime[0]!.t <= now - 60_000) this.runtime.shift();
  }

  private runtimeLastMinute(now: number): number {
    return this.runtime.filter((r) => r.t > now - 60_000).reduce((sum, r) => sum + r.ms, 0);
  }

  /** The X-Throttling-Control value as of `now`, e.g. "Request Count status: Green (20%), Request Time status: Green (0%), Service status: Green (10%)". */
  header(now: number): string {
    const countPct = Math.max(this.admitted.countSince(now, 1000) / this.limits.perSecond, this.admitted.countSince(now, 60_000) / this.limits.perMinute) * 100;
    const timePct = (this.runtimeLastMinute(now) / this.limits.runtimePerMinuteMs) * 100;
    const servicePct = (this.inFlight / this.limits.serviceCapacity) * 100;
    const part = (label: string, pct: number, blocked: boolean): string => {
      const shown = Math.round(blocked ? Math.max(100, pct) : pct);
      return `${label} status: ${blocked ? 'Black' : throttleColor(shown)} (${shown}%)`;
    };
    const blocked = this.isBlocked(now);
    return [part('Request Count', countPct, blocked), part('Request Time', timePct, false), part('Service', servicePct, false)].join(', ');
  }
}
