import type pg from 'pg';
import { meter } from '@strand/runtime';

interface ObservedPool {
  pool: pg.Pool;
  attrs: { pool: string; schema: string };
}

const pools = new Set<ObservedPool>();
let acquireDuration: ReturnType<ReturnType<typeof meter>['createHistogram']> | undefined;

/** The gauges that read every observed pool's counts at each collection, created once per process. */
function instruments() {
  if (acquireDuration) return acquireDuration;
  const m = meter();
  const gauge = (name: string, description: string, read: (p: pg.Pool) => number) =>
    m.createObservableGauge(name, { description }).addCallback((result) => { for (const { pool, attrs } of pools) result.observe(read(pool), attrs); });
  gauge('strand.db.pool.clients', 'PostgreSQL clients the pool holds (idle and in use)', (p) => p.totalCount);
  gauge('strand.db.pool.idle', 'PostgreSQL clients idle in the pool', (p) => p.idleCount);
  gauge('strand.db.pool.waiting', 'Callers waiting for a PostgreSQL client from the pool', (p) => p.waitingCount);
  gauge('strand.db.pool.max', 'Most PostgreSQL clients the pool may hold', (p) => p.options.max ?? 10);
  acquireDuration = m.createHistogram('strand.db.pool.acquire.duration', {
    unit: 's', description: 'Time to get a PostgreSQL client from the pool (connecting included), in seconds',
    advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] },
  });
  return acquireDuration;
}

/**
 * Reports a pool's clients (total, idle, waiting, max) and how long each acquire took
 * (strand.db.pool.*), until the pool ends. pool.query() acquires through pool.connect(), so both
 * are timed.
 */
export function observePool(pool: pg.Pool, attrs: { pool: string; schema: string }): void {
  const histogram = instruments();
  const observed = { pool, attrs };
  pools.add(observed);
  const end = pool.end.bind(pool);
  pool.end = ((cb?: () => void) => { pools.delete(observed); return cb ? end(cb) : end(); }) as typeof pool.end;
  const connect = pool.connect.bind(pool) as (cb?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) => Promise<pg.PoolClient> | void;
  pool.connect = ((cb?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) => {
    const started = performance.now();
    const record = () => histogram.record((performance.now() - started) / 1000, attrs);
    if (cb) return connect((err, client, done) => { record(); cb(err, client, done); });
    return (connect() as Promise<pg.PoolClient>).then((client) => { record(); return client; });
  }) as typeof pool.connect;
}
