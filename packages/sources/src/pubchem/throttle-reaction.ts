import type { ThrottlingStatus } from '@strand/pubchem';

/** What a fetcher does about one X-Throttling-Control reading. */
export interface ThrottleReaction {
  /** New slowdown factor for this instance's limiter; null = keep the current one (header missing). */
  slowdown: number | null;
  /** Pause every instance (PubChem said Black: this client is blocked). */
  pause: boolean;
}

export const SLOWDOWN_BY_LEVEL = { Green: 1, Yellow: 0.5, Red: 0.25 } as const;

/**
 * Maps PubChem's traffic lights to limiter settings: Black on any measure pauses all instances;
 * otherwise the worst of "Request Time" and "Service" sets the slowdown (Yellow 0.5, Red 0.25,
 * Green 1). "Request Count" is left out of the slowdown on purpose: it measures our own request
 * rate, which the shared limiter already holds under PubChem's published counts, so at full use of
 * the budget it reads Red by design, and slowing down on it would waste three quarters of the
 * budget. A missing or unreadable header (PubChem sometimes omits it) changes nothing.
 */
export function throttleReaction(status: ThrottlingStatus | null): ThrottleReaction {
  if (status === null) return { slowdown: null, pause: false };
  const measures = [status.requestCount, status.requestTime, status.service];
  if (measures.some((m) => m?.status === 'Black')) return { slowdown: null, pause: true };
  let slowdown = 1;
  for (const m of [status.requestTime, status.service]) {
    if (m && m.status !== 'Black') slowdown = Math.min(slowdown, SLOWDOWN_BY_LEVEL[m.status]);
  }
  return { slowdown, pause: false };
}
