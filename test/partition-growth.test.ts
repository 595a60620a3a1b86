import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import { connectPool, migrate } from '@strand/db';
import { stageGroups, waitForDrain } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { createKafka, createLogger, connectAdmin } from '@strand/runtime';
import { isolatedConfig, spawnServices, runCli, topicsOf, readTopic, type ServiceProcesses } from './helpers.js';
import { genbankVariants } from './genbank-variants.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const accessions = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ accession: `${prefix}${String(i).padStart(6, '0')}`, version: 1 }));

/**
 * `strand topics grow` on a running pipeline. Services refresh topic metadata every 2 s here
 * (STRAND_KAFKA_METADATA_MAX_AGE_MS), so they write to and read from new partitions promptly.
 */
describe('growing partitions on a running pipeline', () => {
  const config = isolatedConfig();
  const env = { STRAND_KAFKA_METADATA_MAX_AGE_MS: '2000' };
  const stages = stageGroups(config.topicPrefix, builtInSources).filter((s) => s.source === 'genbank' && s.role !== 'fetcher');
  const sink = stages.find((s) => s.role === 'sink')!;
  const topics = topicsOf(config);
  const variants = genbankVariants();
  const running: ServiceProcesses[] = [];
  let pool: pg.Pool;
  let admin: Admin;

  const start = (roles: ('parser' | 'enricher' | 'sink')[]) => { const s = spawnServices(config, roles, env); running.push(s); return s; };
  const stored = async () => new Map((await pool.query<{ accession: string; version: string }>('SELECT accession, version FROM sequences')).rows.map((r) => [r.accession, r.version]));
  const grow = async (stage: string, partitions: number) => {
    const result = await runCli(['topics', 'grow', '--stage', stage, '--partitions', String(partitions), '--execute', '--json'], config);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { current: number; new: number; executed: boolean };
  };
  const ingest = async (records: { accession: string; version: number }[]) => {
    const result = await runCli(['ingest', 'genbank', variants.write(records)], config);
    expect(result.code, result.stderr).toBe(0);
  };
  const deadLetters = async () => (await admin.fetchTopicOffsets(topics.deadLetter)).reduce((n, p) => n + Number(p.high), 0);

  beforeAll(async () => {
    pool = await connectPool(config);
    await migrate(pool, config.dbSchema);
    admin = await connectAdmin(createKafka(config, createLogger('error'), 'test'), config);
  });
  afterAll(async () => {
    for (const s of running) await s.stop();
    await admin?.disconnect();
    await pool?.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
    await pool?.end();
  });

  it('loses nothing when every topic of the flow grows while records flow, and uses the new partitions', async () => {
    const services = start(['parser', 'enricher', 'sink']);
    await ingest(accessions('ZA', 60));
    // While those flow: 3 -> 6 partitions for the inputs of parser, enricher and sink.
    for (const stage of ['genbank.parser', 'genbank.enricher', 'genbank.sink']) expect(await grow(stage, 6)).toEqual(expect.objectContaining({ current: 3, new: 6, executed: true }));
    await sleep(3000); // past the services' metadata refresh (2 s), so their producers know the new partitions
    await ingest(accessions('ZB', 60));
    await waitForDrain(admin, stages, { timeoutMs: 180_000 });
    const rows = await stored();
    expect(rows.size).toBe(120);
    for (const { accession } of [...accessions('ZA', 60), ...accessions('ZB', 60)]) expect(rows.get(accession)).toBe(`${accession}.1`);
    expect(await deadLetters()).toBe(0);
    // Records went through the new partitions of every topic and the stages consumed them.
    for (const topic of [topics.genbankRaw, topics.genbankParsed, topics.genbankEnriched]) {
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets).toHaveLength(6);
      expect(offsets.filter((p) => p.partition >= 3).reduce((n, p) => n + Number(p.high), 0), topic).toBeGreaterThan(0);
    }
    const shrink = await runCli(['topics', 'grow', '--stage', 'genbank.sink', '--partitions', '4', '--execute'], config);
    expect([shrink.code, shrink.stderr]).toEqual([1, expect.stringContaining('PARTITIONS_NOT_RAISED')]);
    await services.stop();
    for (const c of services.children) expect(c.child.exitCode, c.stderr.join('')).toBe(0);
  }, 300_000);

  /**
   * After growth a key can hash to another partition: version 1 of ZV000002 waits on partition 5 of
   * the sink's input (6 partitions), version 2 is written after growth to 9 partitions, on partition 2
   * (murmur2). The sink is made to take version 2 first, then version 1 from its old partition:
   * the newer version stays.
   */
  it('keeps the newer version of an accession when an older one on its old partition is processed after it', async () => {
    const key = 'ZV000002';
    const upstream = start(['parser', 'enricher']);
    while (!(await admin.listTopics()).includes(sink.topic)) await sleep(200); // created by the services
    await grow('genbank.sink', 6); // as the test above left it (a no-op after it)
    await sleep(3000); // past the enricher's metadata refresh
    await ingest([{ accession: key, version: 1 }]);
    await waitForDrain(admin, stages.filter((s) => s.role !== 'sink'), { timeoutMs: 120_000 });
    expect(await grow('genbank.sink', 9)).toEqual(expect.objectContaining({ current: 6, new: 9, executed: true }));
    await sleep(3000); // past the enricher's metadata refresh
    await ingest([{ accession: key, version: 2 }]);
    await waitForDrain(admin, stages.filter((s) => s.role !== 'sink'), { timeoutMs: 120_000 });
    await upstream.stop();
    const total = (await admin.fetchTopicOffsets(topics.genbankEnriched)).reduce((n, p) => n + Number(p.high), 0);
    const versions = (await readTopic<unknown>(config, topics.genbankEnriched, total)).filter((m) => m.key === key);
    const v1 = versions.find((m) => JSON.stringify(m.value).includes(`${key}.1`))!;
    const v2 = versions.find((m) => JSON.stringify(m.value).includes(`${key}.2`))!;
    expect([versions.length, v1.partition, v2.partition]).toEqual([2, 5, 2]); // the key moved with the growth

    // The sink first takes version 2 alone (every other partition is set to its end)...
    const ends = await admin.fetchTopicOffsets(sink.topic);
    await admin.setOffsets({ groupId: sink.groupId, topic: sink.topic, partitions: ends.map((o) => ({ partition: o.partition, offset: o.partition === v2.partition ? v2.offset : o.high })) });
    let sinkService = start(['sink']);
    await waitForDrain(admin, [sink], { timeoutMs: 120_000 });
    await sinkService.stop();
    expect((await stored()).get(key)).toBe(`${key}.2`);
    // ...then version 1 from its old partition, after version 2: the sink keeps version 2.
    while ((await admin.describeGroups([sink.groupId])).groups[0]!.members.length > 0) await sleep(200); // the stopped sink has left
    await admin.setOffsets({ groupId: sink.groupId, topic: sink.topic, partitions: [{ partition: v1.partition, offset: v1.offset }] });
    sinkService = start(['sink']);
    await waitForDrain(admin, [sink], { timeoutMs: 120_000 });
    await sinkService.stop();
    const [committed] = await admin.fetchOffsets({ groupId: sink.groupId, topics: [sink.topic] });
    expect(committed!.partitions.find((p) => p.partition === v1.partition)!.offset).toBe(String(BigInt(v1.offset) + 1n)); // version 1 was consumed
    expect((await stored()).get(key)).toBe(`${key}.2`);
    expect(await deadLetters()).toBe(0);
  }, 300_000);
});
