import type { Admin } from 'kafkajs';
import { StrandError, retry } from '@strand/runtime';

/** A topic's partition count now and the one asked for. */
export interface GrowthPlan {
  topic: string;
  current: number;
  requested: number;
}

async function partitionCount(admin: Admin, topic: string): Promise<number> {
  if (!(await admin.listTopics()).includes(topic)) {
    throw new StrandError('CONFIG_INVALID', `topic ${topic} does not exist (has a service or \`strand fetch\` run with this STRAND_TOPIC_PREFIX?)`);
  }
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  return topics[0]!.partitions.length;
}

/**
 * What growing `topic` to `requested` partitions changes; refuses (PARTITIONS_NOT_RAISED) fewer
 * partitions than it has: Kafka cannot remove a partition, which holds data.
 */
export async function planGrowth(admin: Admin, topic: string, requested: number): Promise<GrowthPlan> {
  const current = await partitionCount(admin, topic);
  if (requested < current) {
    throw new StrandError('PARTITIONS_NOT_RAISED', `${topic} has ${current} partitions; asked for ${requested}: a partition count can only be raised (Kafka cannot remove partitions)`, { details: { topic, current, requested } });
  }
  return { topic, current, requested };
}

/**
 * Adds the planned partitions (nothing when the topic has them already) and waits until each has a
 * leader. Running producers write to them and the stage's group rebalances onto them once their
 * metadata is refreshed (STRAND_KAFKA_METADATA_MAX_AGE_MS); a new partition is read from its start.
 * A key may now hash to another partition than its older messages: see README "Key order after growth".
 */
export async function applyGrowth(admin: Admin, plan: GrowthPlan): Promise<void> {
  if (plan.requested <= plan.current) return;
  await admin.createPartitions({ topicPartitions: [{ topic: plan.topic, count: plan.requested }] });
  await retry(async () => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [plan.topic] });
    const partitions = topics[0]?.partitions ?? [];
    if (partitions.length < plan.requested || partitions.some((p) => p.leader < 0)) {
      throw new StrandError('KAFKA_TOPICS_NOT_READY', `${plan.topic}: ${partitions.length} of ${plan.requested} partitions have a leader`);
    }
  }, { maxAttempts: 60, baseDelayMs: 50, maxDelayMs: 500 });
}
