import { describe, it, expect, afterAll } from 'vitest';
import { createKafka, connectAdmin, createLogger, ensureTopics } from '@strand/runtime';
import { isolatedConfig, runCli } from '../../../test/helpers.js';

/** `strand topics grow`; growth on running services is tested in test/partition-growth.test.ts. */
describe('strand topics grow (real broker)', () => {
  const config = isolatedConfig();
  const topic = `${config.topicPrefix}.genbank.enriched`; // the input of genbank.sink
  const kafka = createKafka(config, createLogger('error'), 'test');
  const partitions = async () => {
    const admin = await connectAdmin(kafka, config);
    try { return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length; } finally { await admin.disconnect(); }
  };
  const grow = (...args: string[]) => runCli(['topics', 'grow', '--stage', 'genbank.sink', ...args], config);
  afterAll(async () => {
    const admin = await connectAdmin(kafka, config);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('prints the plan and changes nothing without --execute, adds partitions with it, and refuses to shrink', async () => {
    const admin = await connectAdmin(kafka, config);
    await ensureTopics(admin, [{ topic, numPartitions: 3 }]);
    await admin.disconnect();
    const dry = await grow('--partitions', '5');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`genbank.sink +${topic.replace(/\./g, '\\.')} +3 +5`));
    expect(dry.stderr).toContain('dry run: nothing changed');
    expect(await partitions()).toBe(3);
    const done = await grow('--partitions', '5', '--execute', '--json');
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toEqual({ stage: 'genbank.sink', topic, current: 3, new: 5, executed: true });
    expect(await partitions()).toBe(5);
    const same = await grow('--partitions', '5', '--execute');
    expect([same.code, same.stderr]).toEqual([0, expect.stringContaining('has 5 partitions already: nothing to do')]);
    const shrink = await grow('--partitions', '2', '--execute');
    expect([shrink.code, shrink.stderr]).toEqual([1, expect.stringContaining(`[PARTITIONS_NOT_RAISED]: ${topic} has 5 partitions; asked for 2`)]);
    expect(await partitions()).toBe(5);
  });

  it('answers --help with exit 0, naming its options, and refuses bad usage with exit 2', async () => {
    for (const args of [['topics', 'grow', '--help'], ['topics', '--help']]) {
      const help = await runCli(args, config);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain('grow');
    }
    const help = await runCli(['topics', 'grow', '--help'], config);
    for (const option of ['--stage', '--partitions', '--execute', '--json']) expect(help.stdout).toContain(option);
    const bad = await grow('--partitions', 'abc');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--partitions must be a positive integer up to 10000, got "abc"')]);
    const missing = await runCli(['topics', 'grow', '--stage', 'genbank.sink'], config);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("required option '--partitions <n>'")]);
  });
});
