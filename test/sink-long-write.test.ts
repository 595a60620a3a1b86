import { describe, it, expect, afterAll } from 'vitest';
import type pg from 'pg';
import { connectPool, migrate } from '@strand/db';
import { createKafka, createLogger, connectAdmin } from '@strand/runtime';
import { isolatedConfig, startGenbankPipeline, runCli, testData, storedSequences, type InProcessPipeline } from './helpers.js';

/**
 * A sink write that outlasts the consumer session (a lock held in Postgres for 3x the session
 * timeout) must end with every record stored and the sink still consuming: the runner heartbeats
 * while it writes, so the group never drops it.
 */
describe('a sink write longer than the session timeout', () => {
  const config = isolatedConfig({ STRAND_SESSION_TIMEOUT_MS: '6000' });
  let pipeline: InProcessPipeline | undefined;
  let locker: pg.Pool | undefined;
  afterAll(async () => { await locker?.end(); await pipeline?.stop(); });

  it('stores every record and keeps consuming afterwards', async () => {
    locker = await connectPool(config);
    await migrate(locker, config.dbSchema);
    const lock = await locker.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE sequences IN ACCESS EXCLUSIVE MODE');
    pipeline = await startGenbankPipeline(config);
    const ingest = await runCli(['ingest', 'genbank', testData('genbank', 'sample-division.gbff.gz')], config);
    expect(ingest.code, ingest.stderr).toBe(0);
    // The sink is now blocked on the lock; hold it for 18 s (3 session timeouts).
    const admin = await connectAdmin(createKafka(config, createLogger('error'), 'test'), config);
    const sinkGroup = `${config.topicPrefix}.genbank.sink`;
    await new Promise((r) => setTimeout(r, 18_000));
    const during = (await admin.describeGroups([sinkGroup])).groups[0]!;
    await lock.query('COMMIT');
    lock.release();
    expect(during.members, 'the sink kept its membership during the write').toHaveLength(1);

    const done = await runCli(['ingest', 'genbank', testData('genbank', 'NC_000932.gb'), '--wait', '--timeout-s', '120'], config, { killAfterMs: 150_000 });
    expect(done.code, done.stderr).toBe(0);
    const stored = await storedSequences(pipeline.pool);
    expect(stored.size).toBe(12);
    expect(stored.has('NC_000932')).toBe(true);
    const after = (await admin.describeGroups([sinkGroup])).groups[0]!;
    expect(after.members).toHaveLength(1);
    expect(after.members[0]!.memberId).toBe(during.members[0]!.memberId);
    await admin.disconnect();
  });
});
