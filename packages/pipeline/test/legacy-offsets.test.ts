import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { loadConfig, createLogger, createKafka, connectAdmin, ensureTopics } from '@strand/runtime';
import { adoptLegacyOffsets } from '../src/legacy-offsets.js';

describe('adoptLegacyOffsets (stage groups renamed to <source>.<role>)', () => {
  it('copies the old group\'s committed offsets once, and never over offsets the new group already has', async () => {
    const id = randomBytes(4).toString('hex');
    const config = loadConfig({ ...process.env, STRAND_TOPIC_PREFIX: `legacy-${id}` });
    const logger = createLogger('error');
    const kafka = createKafka(config, logger, 'legacy-test');
    const admin = await connectAdmin(kafka, config);
    try {
      const topic = `legacy-${id}.genbank.raw`;
      await ensureTopics(admin, [{ topic, numPartitions: 2 }]);
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: 'v', partition: i % 2 })) });
      await producer.disconnect();
      const legacyGroupId = `legacy-${id}.parser`;
      const groupId = `legacy-${id}.genbank.parser`;
      await admin.setOffsets({ groupId: legacyGroupId, topic, partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '5' }] });

      expect(await adoptLegacyOffsets(kafka, logger, { groupId, legacyGroupId, topic })).toBe(true);
      const offsets = async (g: string) => (await admin.fetchOffsets({ groupId: g, topics: [topic] }))[0]!.partitions.map((p) => [p.partition, p.offset]).sort();
      expect(await offsets(groupId)).toEqual([[0, '3'], [1, '5']]);

      // The new group has offsets now: a later start leaves them alone even if the old group moved.
      await admin.setOffsets({ groupId: legacyGroupId, topic, partitions: [{ partition: 0, offset: '0' }, { partition: 1, offset: '0' }] });
      expect(await adoptLegacyOffsets(kafka, logger, { groupId, legacyGroupId, topic })).toBe(false);
      expect(await offsets(groupId)).toEqual([[0, '3'], [1, '5']]);
      // No old group: nothing to adopt.
      expect(await adoptLegacyOffsets(kafka, logger, { groupId: `${groupId}.other`, legacyGroupId: `legacy-${id}.none`, topic })).toBe(false);
    } finally {
      await admin.disconnect();
    }
  });
});
