import { describe, it, expect, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { loadConfig, createKafka, createLogger, connectAdmin, ensureTopics, StrandError } from '@strand/runtime';
import { planGrowth, applyGrowth } from '../src/topic-growth.js';

describe('growing a topic (real broker)', () => {
  const config = loadConfig({ ...process.env, STRAND_TOPIC_PREFIX: `test-grow-${randomBytes(4).toString('hex')}` });
  const topic = `${config.topicPrefix}.things.raw`;
  const kafka = createKafka(config, createLogger('error'), 'test');
  afterAll(async () => {
    const admin = await connectAdmin(kafka, config);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('adds partitions with leaders, does nothing for the same count, and refuses fewer or a missing topic naming it', async () => {
    const admin = await connectAdmin(kafka, config);
    try {
      await ensureTopics(admin, [{ topic, numPartitions: 3 }]);
      const plan = await planGrowth(admin, topic, 5);
      expect(plan).toEqual({ topic, current: 3, requested: 5 });
      await applyGrowth(admin, plan);
      const partitions = async () => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions;
      expect((await partitions()).map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3, 4]);
      expect((await partitions()).every((p) => p.leader >= 0)).toBe(true);
      await applyGrowth(admin, await planGrowth(admin, topic, 5)); // same count: nothing to do
      expect(await partitions()).toHaveLength(5);
      const refused = await planGrowth(admin, topic, 2).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(StrandError);
      expect(refused).toMatchObject({ code: 'PARTITIONS_NOT_RAISED', message: `${topic} has 5 partitions; asked for 2: a partition count can only be raised (Kafka cannot remove partitions)` });
      await expect(planGrowth(admin, `${topic}.nope`, 4)).rejects.toThrow(`topic ${topic}.nope does not exist`);
    } finally {
      await admin.disconnect();
    }
  }, 60_000);
});
