import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import { connectPool, migrate } from '@strand/db';
import { stageGroups, waitForDrain, readPausedStages } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { createKafka, createLogger, connectAdmin } from '@strand/runtime';
import { isolatedConfig, spawnServices, runCli, testData, topicsOf, type ServiceProcesses } from './helpers.js';
import { genbankVariants } from './genbank-variants.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (check: () => Promise<boolean>) => { while (!(await check())) await sleep(200); };
const records = (file: string) => (file.endsWith('.gz') ? gunzipSync(readFileSync(file)) : readFileSync(file)).toString('latin1').match(/^LOCUS /gm)!.length;

/**
 * `strand pause` / `strand resume` across processes, on the real services: the sink service is
 * paused through the control topic, before it starts and while it runs. Records wait in Kafka for
 * longer than the session timeout; the sink commits nothing, writes nothing and keeps its group
 * membership (same member, no rebalance); resume drains what waited.
 */
describe('pausing and resuming a stage across processes', () => {
  const config = isolatedConfig();
  const stages = stageGroups(config.topicPrefix, builtInSources).filter((s) => s.source === 'genbank');
  const sink = stages.find((s) => s.role === 'sink')!;
  const upstream = stages.filter((s) => s.role === 'parser' || s.role === 'enricher');
  const services: ServiceProcesses[] = [];
  let pool: pg.Pool;
  let admin: Admin;
  const kafka = createKafka(config, createLogger('error'), 'test');

  const stored = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM sequences')).rows[0]!.n);
  const committed = async () => JSON.stringify((await admin.fetchOffsets({ groupId: sink.groupId, topics: [sink.topic] }))[0]!.partitions.sort((a, b) => a.partition - b.partition));
  const sinkGroup = async () => (await admin.describeGroups([sink.groupId])).groups[0]!;
  const memberIds = async () => (await sinkGroup()).members.map((m) => m.memberId).sort();

  /** Records wait for the sink for a measured interval, longer than the 6 s session timeout: nothing moves, the member stays. */
  let log: () => string = () => '';
  const expectHeld = async (expectedStored: number) => {
    await waitForDrain(admin, upstream, { timeoutMs: 120_000 }); // everything waits in the sink's input topic
    await until(async () => (await sinkGroup()).state === 'Stable');
    const members = await memberIds();
    expect(members).toHaveLength(1);
    const offsets = await committed();
    await sleep(10_000);
    expect(await committed()).toBe(offsets);
    expect(await stored()).toBe(expectedStored);
    expect(await memberIds(), log()).toEqual(members);
    expect((await sinkGroup()).state).toBe('Stable');
    return members;
  };

  beforeAll(async () => {
    pool = await connectPool(config);
    await migrate(pool, config.dbSchema);
    admin = await connectAdmin(kafka, config);
  });
  afterAll(async () => {
    for (const s of services) await s.stop();
    await admin?.disconnect();
    await pool?.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
    await pool?.end();
  });

  it('keeps a stage paused before its process starts, and a running one paused live; resume drains each time', async () => {
    const paused = await runCli(['pause', '--stage', 'genbank.sink'], config);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stderr).toContain('no instance is running now; instances started later stay paused');
    expect((await readPausedStages(kafka, config.topicPrefix)).map((p) => p.stage)).toEqual(['genbank.sink']);

    const env = { STRAND_SESSION_TIMEOUT_MS: '6000' };
    services.push(spawnServices(config, ['parser', 'enricher'], env));
    const sinkService = spawnServices(config, ['sink'], { ...env, STRAND_LOG_LEVEL: 'info' });
    services.push(sinkService);
    const sinkLog = () => sinkService.children[0]!.stderr.join('');
    log = sinkLog;

    // 1. Paused before the sink process started: it joins its group and consumes nothing.
    const first = testData('genbank', 'sample-division.gbff.gz');
    const ingested = await runCli(['ingest', 'genbank', first], config);
    expect(ingested.code, ingested.stderr).toBe(0);
    const members = await expectHeld(0);
    expect(JSON.parse(await committed()).map((p: { offset: string }) => p.offset)).toEqual(['-1', '-1', '-1']); // nothing committed

    const resumed = await runCli(['resume', '--stage', 'genbank.sink'], config);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('its 1 live instance(s)');
    await waitForDrain(admin, [sink], { timeoutMs: 120_000 });
    expect(await stored()).toBe(records(first));
    expect(await memberIds()).toEqual(members); // resumed without a rebalance
    expect(await readPausedStages(kafka, config.topicPrefix)).toEqual([]);

    // 2. Paused while it runs: it stops fetching but stays in the group.
    const again = await runCli(['pause', '--stage', 'genbank.sink'], config);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('its 1 live instance(s) in group');
    await until(async () => /"msg":"stage paused"[^\n]*"stage":"genbank.sink"/.test(sinkLog()));
    const second = genbankVariants().write(Array.from({ length: 20 }, (_, i) => ({ accession: `ZP${String(i).padStart(6, '0')}`, version: 1 })));
    const more = await runCli(['ingest', 'genbank', second], config);
    expect(more.code, more.stderr).toBe(0);
    expect(await expectHeld(records(first))).toEqual(members);

    expect((await runCli(['resume', '--stage', 'genbank.sink'], config)).code).toBe(0);
    await waitForDrain(admin, [sink], { timeoutMs: 120_000 });
    expect(await stored()).toBe(records(first) + 20);
    expect(await memberIds()).toEqual(members);
    const dlq = await admin.fetchTopicOffsets(topicsOf(config).deadLetter);
    expect(dlq.reduce((n, p) => n + Number(p.high), 0)).toBe(0);
    for (const c of sinkService.children) expect(c.child.exitCode, c.stderr.join('')).toBeNull();
  }, 300_000);
});
