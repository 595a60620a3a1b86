import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type pg from 'pg';
import { connectPool } from '@strand/db';
import { roles, stageGroups } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { createKafka, createLogger, connectProducer, type DeadLetter } from '@strand/runtime';
import type { PubchemStandin } from '@strand/standins';
import { isolatedConfig, spawnServices, runCli, readTopic, testData, storedSequences, type ServiceProcesses } from './helpers.js';
import { startStandin, clearRedisKeys, storedCompounds } from './pubchem-helpers.js';

describe('poison on every input topic, fetch topics included', () => {
  let standin: PubchemStandin;
  let config: ReturnType<typeof isolatedConfig>;
  let services: ServiceProcesses;
  let pool: pg.Pool;
  beforeAll(async () => {
    standin = await startStandin();
    config = isolatedConfig({ STRAND_PUBCHEM_URL: `${standin.url}/rest/pug` });
    services = spawnServices(config, roles);
    pool = await connectPool(config);
  });
  afterAll(async () => {
    await services?.stop();
    await pool?.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
    await pool?.end();
    await clearRedisKeys(config);
    await standin?.close();
  });

  it('dead-letters a raw non-Avro message on each of the 8 input topics, and the messages after it are processed', async () => {
    const groups = stageGroups(config.topicPrefix, builtInSources);
    expect(groups).toHaveLength(8);
    // The services create the topics at start-up; a plain producer (no registry framing) writes garbage to each input.
    const kafka = createKafka(config, createLogger('error'), 'test-garbage');
    const { connectAdmin } = await import('@strand/runtime');
    const admin = await connectAdmin(kafka, config);
    for (;;) {
      const topics = new Set(await admin.listTopics());
      if (groups.every((g) => topics.has(g.topic))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await admin.disconnect();
    const producer = await connectProducer(kafka, config);
    for (const g of groups) await producer.send({ topic: g.topic, acks: -1, messages: [{ key: 'garbage', value: Buffer.from('this is not Avro') }] });
    await producer.disconnect();

    // A decodable fetch request that cannot be served (no such file) is poison too.
    const missing = await runCli(['fetch', 'genbank', '--file', testData('genbank', 'no-such-file.gb')], config);
    expect(missing.code, missing.stderr).toBe(0);
    // Once the 9 poison records are dead-lettered, clean work with --wait counts none of them: exit 0, 0 dead-lettered.
    await readTopic<DeadLetter>(config, `${config.topicPrefix}.dlq`, 9);
    const genbank = await runCli(['fetch', 'genbank', '--file', testData('genbank', 'sample-division.gbff.gz'), '--wait', '--timeout-s', '180'], config, { killAfterMs: 200_000 });
    expect(genbank.code, genbank.stderr).toBe(0);
    expect(genbank.stderr).toContain('11 records stored in PostgreSQL (new, replaced or already held), 0 dead-lettered');
    const pubchem = await runCli(['fetch', 'pubchem', '--cids', '2244,702', '--wait', '--timeout-s', '180'], config, { killAfterMs: 200_000 });
    expect(pubchem.code, pubchem.stderr).toBe(0);
    expect(pubchem.stderr).toContain('0 dead-lettered');
    // A poison request of this command's own is counted: exit 1.
    const poison = await runCli(['fetch', 'genbank', '--file', testData('genbank', 'no-such-file-either.gb'), '--wait', '--timeout-s', '180'], config, { killAfterMs: 200_000 });
    expect(poison.code, poison.stderr).toBe(1);
    expect(poison.stderr).toContain('1 dead-lettered (1 INPUT_UNREADABLE');

    expect((await storedSequences(pool)).size).toBe(11);
    expect([...(await storedCompounds(pool)).keys()].sort((a, b) => a - b)).toEqual([702, 2244]);
    const dead = (await readTopic<DeadLetter>(config, `${config.topicPrefix}.dlq`, 10)).filter((d) => !d.value.reason.includes('no-such-file-either'));
    const garbage = dead.filter((d) => d.value.key === 'garbage');
    expect(garbage.map((d) => d.value.stage).sort()).toEqual(groups.map((g) => g.stage).sort());
    for (const d of garbage) {
      expect(d.value.errorCode).toBe('SCHEMA_DECODE_FAILED');
      expect(d.value.value?.toString()).toBe('this is not Avro');
    }
    const notFile = dead.filter((d) => d.value.key !== 'garbage');
    expect(notFile).toHaveLength(1);
    expect(notFile[0]!.value).toMatchObject({ stage: 'genbank.fetcher', errorCode: 'INPUT_UNREADABLE', reason: expect.stringContaining('no-such-file.gb') });
    expect(services.children.every((c) => c.child.exitCode === null)).toBe(true);
  });
});
