import type { Kafka } from 'kafkajs';
import { describeError, retry, type Logger } from '@strand/runtime';

/**
 * Carries a stage's committed offsets over from the consumer group it had before stages were
 * named `<source>.<role>` (e.g. `strand.parser` -> `strand.genbank.parser`), so an upgrade neither
 * replays nor skips anything. It acts only when the new group has no offsets on the topic and the
 * old one has; if another instance got there first (the group has members), it leaves it alone.
 */
export async function adoptLegacyOffsets(kafka: Kafka, logger: Logger, opts: { groupId: string; legacyGroupId: string; topic: string }): Promise<boolean> {
  const { groupId, legacyGroupId, topic } = opts;
  const admin = kafka.admin();
  // The group coordinator may be loading or moving (a fresh broker, a restart): that passes.
  const fetchOffsets = (group: string) => retry(() => admin.fetchOffsets({ groupId: group, topics: [topic] }), { maxAttempts: 12, baseDelayMs: 200, maxDelayMs: 3000 });
  await admin.connect();
  try {
    const [mine] = await fetchOffsets(groupId);
    if (mine?.partitions.some((p) => BigInt(p.offset) >= 0n)) return false;
    const [old] = await fetchOffsets(legacyGroupId);
    const partitions = (old?.partitions ?? []).filter((p) => BigInt(p.offset) >= 0n).map((p) => ({ partition: p.partition, offset: p.offset }));
    if (partitions.length === 0) return false;
    try {
      await admin.setOffsets({ groupId, topic, partitions });
    } catch (err) {
      logger.info('legacy consumer group offsets not adopted (another instance started first)', { group: groupId, legacyGroup: legacyGroupId, reason: describeError(err).message });
      return false;
    }
    logger.warn('adopted the committed offsets of the legacy consumer group; delete it once every instance runs this version', { group: groupId, legacyGroup: legacyGroupId, topic, partitions: partitions.length });
    return true;
  } finally {
    await admin.disconnect();
  }
}
