/**
 * The metrics port of each service on the local stack (`strand demo`), which the local Prometheus
 * scrapes; in docker-compose every service listens on 9464 in its own container.
 */
export const LOCAL_METRICS_PORTS = { fetcher: 9464, parser: 9465, enricher: 9466, sink: 9467 } as const;

export type LocalRole = keyof typeof LOCAL_METRICS_PORTS;
