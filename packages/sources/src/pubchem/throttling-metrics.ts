import { meter } from '@strand/runtime';
import { THROTTLING_LEVELS, type ThrottlingStatus } from '@strand/pubchem';

const KINDS = { requestCount: 'Request Count', requestTime: 'Request Time', service: 'Service' } as const;

/** The latest reading per kind: level index (0 Green .. 3 Black) and percent of the limit used. */
const latest = new Map<string, { level: number; percent: number | null }>();
let registered = false;

/**
 * Records one X-Throttling-Control reading for the gauges strand.pubchem.throttling{kind} (0 Green,
 * 1 Yellow, 2 Red, 3 Black) and strand.pubchem.throttling.percent{kind}. A missing header changes nothing.
 */
export function recordThrottling(status: ThrottlingStatus | null): void {
  if (!registered) {
    registered = true;
    const m = meter();
    m.createObservableGauge('strand.pubchem.throttling', { description: 'PubChem\'s X-Throttling-Control level per kind (Request Count, Request Time, Service): 0 Green, 1 Yellow, 2 Red, 3 Black (blocked)' })
      .addCallback((result) => { for (const [kind, { level }] of latest) result.observe(level, { service: 'pubchem', kind }); });
    m.createObservableGauge('strand.pubchem.throttling.percent', { unit: '%', description: 'Percent of PubChem\'s limit used per kind, as its X-Throttling-Control header says' })
      .addCallback((result) => { for (const [kind, { percent }] of latest) if (percent !== null) result.observe(percent, { service: 'pubchem', kind }); });
  }
  if (status === null) return;
  for (const [field, kind] of Object.entries(KINDS) as [keyof typeof KINDS, string][]) {
    const measure = status[field];
    if (measure) latest.set(kind, { level: THROTTLING_LEVELS.indexOf(measure.status), percent: measure.percent });
  }
}
